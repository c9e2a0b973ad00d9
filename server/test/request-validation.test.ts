import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorBody } from '@portico/contract';
import { openTestPglite } from './support/pglite.ts';
import type { Store } from '../src/ports/store.ts';
import { testApp } from './support/test-app.ts';

describe('bad input and cross-site requests', () => {
  let store: Store;
  let t: ReturnType<typeof testApp>;
  before(async () => {
    store = await openTestPglite();
    t = testApp(store);
  });
  after(() => store?.close());

  const signIn = (body: unknown, headers?: Record<string, string>, origin?: string) => t.request('POST', '/api/auth/sign-in', body, { headers, origin });

  async function expectError(response: Response, status: number, code: string) {
    assert.equal(response.status, status);
    assert.equal(response.headers.get('content-type'), 'application/json');
    const { error } = ErrorBody.parse(await response.json());
    assert.equal(error.code, code);
    return error;
  }

  it('answers invalid_request for bad JSON, wrong types and missing, empty or huge fields, naming the fields', async () => {
    await expectError(await signIn('{"identifier":'), 400, 'invalid_request');
    await expectError(await signIn('null'), 400, 'invalid_request');
    await expectError(await signIn([]), 400, 'invalid_request');
    const wrongTypes = await expectError(await signIn({ identifier: 42, password: ['x'] }), 400, 'invalid_request');
    assert.deepEqual(wrongTypes.fields, ['identifier', 'password']);
    const empty = await expectError(await signIn({ identifier: '   ', password: '' }), 400, 'invalid_request');
    assert.deepEqual(empty.fields, ['identifier', 'password']);
    const huge = await expectError(await signIn({ identifier: 'a@b.se', password: 'x'.repeat(5000) }), 400, 'invalid_request');
    assert.deepEqual(huge.fields, ['password']);
    // Never the password in the message.
    assert.doesNotMatch(huge.message, /xxxx/);
  });

  it('refuses bodies above 16 KiB with payload_too_large', async () => {
    await expectError(await signIn({ identifier: 'a@b.se', password: 'x'.repeat(20_000) }), 413, 'payload_too_large');
  });

  it('refuses state changes without a JSON content type (forms cannot be forged cross-site)', async () => {
    const form = await t.app.request('http://portico.test/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'identifier=a@b.se&password=x',
    });
    await expectError(form, 415, 'unsupported_media_type');
    const none = await t.app.request('http://portico.test/api/auth/sign-out', { method: 'POST' });
    await expectError(none, 415, 'unsupported_media_type');
  });

  it('refuses state changes from another origin, and accepts its own and allowed ones', async () => {
    await expectError(await signIn({ identifier: 'a@b.se', password: 'x' }, undefined, 'https://evil.example'), 403, 'forbidden_origin');
    await expectError(await signIn({ identifier: 'a@b.se', password: 'x' }, undefined, 'null'), 403, 'forbidden_origin');
    const own = await signIn({ identifier: 'a@b.se', password: 'x' }, undefined, 'http://portico.test');
    assert.equal(own.status, 401);
    const allowed = testApp(store, { settings: { allowedOrigins: ['https://www.example.com'] } });
    const fromAllowed = await allowed.request('POST', '/api/auth/sign-in', { identifier: 'a@b.se', password: 'x' }, { origin: 'https://www.example.com' });
    assert.equal(fromAllowed.status, 401);
  });

  it('answers unknown routes and GET on actions with a JSON 404, changing nothing', async () => {
    await expectError(await t.request('GET', '/api/auth/sign-in'), 404, 'not_found');
    await expectError(await t.request('GET', '/api/nothing-here'), 404, 'not_found');
  });

  it('checks every two-factor request against the contract before anything else', async () => {
    const challenge = 'c'.repeat(43);
    // Code or recovery code, password or code: a union names no single field.
    const cases: [string, unknown, string[]][] = [
      ['/api/auth/mfa/verify', { challenge: 'short', channel: 'totp', code: '123456' }, []],
      ['/api/auth/mfa/verify', { challenge, channel: 'pigeon', code: '123456' }, []],
      ['/api/auth/mfa/verify', { challenge, channel: 'totp', code: '12345' }, []],
      ['/api/auth/mfa/verify', { challenge, recoveryCode: 'not!a!code' }, []],
      ['/api/auth/mfa/send', { challenge, channel: 'totp' }, ['channel']],
      ['/api/auth/mfa/setup/sms', { challenge, phone: '1' }, ['phone']],
      ['/api/auth/mfa/setup/totp/confirm', { challenge, code: 'abcdef' }, ['code']],
      ['/api/account/reauth', { password: '' }, []],
      ['/api/account/reauth/send', { channel: 'totp' }, ['channel']],
      ['/api/account/mfa/disable', { method: 'email' }, ['method']],
      ['/api/account/mfa/sms', { phone: 'x'.repeat(40) }, ['phone']],
      ['/api/account/trusted-devices/revoke', { id: '' }, ['id']],
      ['/api/account/recovery-codes', null, []],
    ];
    for (const [path, body, fields] of cases) {
      const error = await expectError(await t.request('POST', path, body), 400, 'invalid_request');
      for (const field of fields) assert.ok(error.fields?.includes(field), `${path}: ${field} in ${error.fields?.join(', ')}`);
    }
    // Well-formed but signed out: the session is checked next.
    await expectError(await t.request('POST', '/api/account/recovery-codes', {}), 401, 'unauthenticated');
    await expectError(await t.request('GET', '/api/account/security'), 401, 'unauthenticated');
  });

  it('never answers 5xx to malformed input', async () => {
    const bodies: unknown[] = [
      '',
      ' ',
      '"',
      '{}',
      '{"identifier":null,"password":null}',
      '1e309',
      '{"__proto__":{"identifier":"a"}}',
      { identifier: '\u0000', password: '\u0000' },
      { identifier: 'a@b.se', password: 'p', extra: { deep: [1, 2] } },
      { identifier: '😀'.repeat(200), password: '😀' },
      { identifier: 'x'.repeat(300), password: 'y' },
      '\uFEFF{"identifier":"a@b.se","password":"p"}',
      '{"identifier":"a@b.se","password":"p"}garbage',
    ];
    for (const body of bodies) {
      for (const path of ['/api/auth/sign-in', '/api/auth/sign-out', '/api/admin/users', '/api/auth/mfa/verify', '/api/account/reauth']) {
        const r = await t.request('POST', path, body);
        assert.ok(r.status < 500, `${path} ${JSON.stringify(body)} → ${r.status}`);
      }
    }
  });
});
