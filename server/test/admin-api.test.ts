import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserResponse, ErrorBody, UserList } from '@portico/contract';
import { openTestPglite } from './support/pglite.ts';
import type { Store } from '../src/ports/store.ts';
import { adminToken, testApp } from './support/test-app.ts';

describe('admin API', () => {
  let store: Store;
  before(async () => {
    store = await openTestPglite();
  });
  after(() => store?.close());

  it('is closed without the admin token, and to everyone when no token is configured', async () => {
    const t = testApp(store);
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${adminToken}`, `Bearer ${adminToken}x`]) {
      const r = await t.request('GET', '/api/admin/users', undefined, { headers: authorization ? { authorization } : {} });
      assert.equal(r.status, 401);
      assert.equal(ErrorBody.parse(await r.json()).error.code, 'unauthorized');
    }
    const closed = testApp(store, { settings: { adminTokens: [] } });
    const r = await closed.request('GET', '/api/admin/users', undefined, { headers: { authorization: 'Bearer ' } });
    assert.equal(r.status, 401);
  });

  it('creates users who can then sign in, refuses duplicates and weak input, and lists them', async () => {
    const t = testApp(store);
    const auth = { authorization: `Bearer ${adminToken}` };
    const created = await t.request('POST', '/api/admin/users', { email: 'New@Example.se', password: 'Long-enough-pw-1' }, { headers: auth });
    assert.equal(created.status, 201);
    assert.equal(CreateUserResponse.parse(await created.json()).user.email, 'new@example.se');
    assert.equal((await t.signIn('new@example.se', 'Long-enough-pw-1')).response.status, 200);

    const duplicate = await t.request('POST', '/api/admin/users', { email: 'NEW@example.se', password: 'Another-pw-2!' }, { headers: auth });
    assert.equal(duplicate.status, 409);
    assert.equal(ErrorBody.parse(await duplicate.json()).error.code, 'conflict');

    const short = await t.request('POST', '/api/admin/users', { email: 'short@example.se', password: 'short' }, { headers: auth });
    assert.deepEqual(ErrorBody.parse(await short.json()).error.fields, ['password']);
    const notEmail = await t.request('POST', '/api/admin/users', { email: 'not-an-email', password: 'Long-enough-pw-1' }, { headers: auth });
    assert.deepEqual(ErrorBody.parse(await notEmail.json()).error.fields, ['email']);

    const common = await t.request('POST', '/api/admin/users', { email: 'common@example.se', password: 'P@ssw0rd' }, { headers: auth });
    assert.equal(common.status, 400);
    const commonError = ErrorBody.parse(await common.json()).error;
    assert.equal(commonError.code, 'weak_password');
    assert.deepEqual(commonError.rules, ['notCommon']);
    const classless = await t.request('POST', '/api/admin/users', { email: 'classless@example.se', password: 'long enough pw' }, { headers: auth });
    assert.deepEqual(ErrorBody.parse(await classless.json()).error.rules, ['uppercase', 'digit']);

    const list = UserList.parse(await (await t.request('GET', '/api/admin/users', undefined, { headers: auth })).json());
    assert.deepEqual(
      list.users.map((u) => u.email),
      ['new@example.se'],
    );
    // Password hashes never leave the server.
    assert.doesNotMatch(JSON.stringify(list), /argon2/);
  });
});
