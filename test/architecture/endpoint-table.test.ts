import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  answerViolations,
  apiPaths,
  browserEndpointRoutes,
  defaultPolicy,
  type EndpointRoute,
  endpointFor,
  endpoints,
  errorCodeViolations,
  presets,
} from '@portico/contract';
import { createMemoryStore } from '../../server/src/adapters/memory/memory-store.ts';
import { testApp } from '../../server/test/support/test-app.ts';
import { createPorticoClient } from '../../packages/client/src/client.ts';

/**
 * The contract's endpoint table is the one list of the API: every route the server registers has its entry, and an
 * answer that is not what the entry declares is caught (the server's tests check every answer they get with it).
 */

describe('the endpoint table', () => {
  it('has an entry for every route the server registers, in every preset, and no entry without a route', () => {
    const served = new Set<string>();
    for (const policy of [defaultPolicy, presets.hosting, presets.leasing, presets.licensing]) {
      // Everything on: the dev outbox, and passkeys used from a second site (the related-origins list).
      const webauthn = { rpId: 'portico.test', origins: ['https://portico.test', 'https://portal.example'] };
      const { app } = testApp(createMemoryStore(), { policy, settings: { devOutbox: true, webauthn } });
      for (const route of app.routes) {
        if (route.method !== 'GET' && route.method !== 'POST') continue;
        if (!route.path.startsWith('/api/') && !route.path.startsWith('/.well-known/')) continue;
        if (route.path.includes('*')) continue;
        assert.ok(endpointFor(route.method, route.path), `${route.method} ${route.path} has no entry`);
        served.add(`${route.method} ${route.path}`);
      }
    }
    const unserved = Object.entries(endpoints).filter(([, e]) => !served.has(`${e.method} ${e.path}`));
    assert.deepEqual(
      unserved.map(([name]) => name),
      [],
    );
  });

  it('catches an answer of a shape its entry does not declare', () => {
    const signedOut = { signedOut: true };
    assert.deepEqual(answerViolations('POST', apiPaths.signOut, 200, signedOut), []);
    assert.equal(answerViolations('POST', apiPaths.signOut, 200, { signedOut: 'yes' }).length, 1, 'a wrong type');
    assert.equal(answerViolations('POST', apiPaths.signOut, 200, { ...signedOut, token: 'x' }).length, 1, 'an undeclared field');
    assert.equal(answerViolations('GET', '/api/no-such-thing', 200, {}).length, 1, 'no entry');
    assert.deepEqual(answerViolations('POST', apiPaths.signOut, 401, { error: { code: 'unauthenticated', message: 'Not signed in.' } }), []);
    assert.equal(answerViolations('POST', apiPaths.signOut, 500, { oops: true }).length, 1, 'a failure is an ErrorBody');
    assert.ok(endpointFor('POST', '/api/admin/users/0b6c1f7e-6d0a-4a8e-9d55-1c1b2e0f3a4b/disable'), 'a :userId path');
  });

  it('catches a failure with a code its entry does not list', () => {
    const failure = (code: string) => ({ error: { code, message: 'Refused.' } });
    assert.deepEqual(errorCodeViolations('POST', apiPaths.signIn, 401, failure('invalid_credentials')), [], 'listed by the entry');
    assert.deepEqual(errorCodeViolations('POST', apiPaths.signIn, 400, failure('invalid_request')), [], 'any endpoint may');
    assert.deepEqual(errorCodeViolations('GET', apiPaths.session, 401, failure('unauthenticated')), [], 'any session endpoint may');
    assert.deepEqual(errorCodeViolations('POST', apiPaths.totp, 403, failure('reauth_required')), [], 'a re-authenticated endpoint may');
    assert.equal(errorCodeViolations('POST', apiPaths.signOut, 401, failure('unauthenticated')).length, 1, 'sign-out needs no session');
    assert.equal(errorCodeViolations('POST', apiPaths.profile, 403, failure('reauth_required')).length, 1, 'no re-authentication');
    assert.deepEqual(errorCodeViolations('GET', '/api/no-such-thing', 404, failure('not_found')), [], 'no entry, any ErrorBody');
  });

  it('is where every route of the API is registered: route files call `route(name, handler)` only', () => {
    const folder = new URL('../../server/src/routes/', import.meta.url);
    const files = readdirSync(folder).filter((file) => file.endsWith('.ts') && file !== 'endpoint-route.ts');
    const app = readFileSync(new URL('../../server/src/app.ts', import.meta.url), 'utf8');
    // A Hono registration by path (`.get(`, `.post(`, `.on(`, `.all(`) bypasses the entry's access check and schema.
    const registration = /\b(?:routes|app)\s*\.\s*(?:get|post|put|patch|delete|on|all)\s*\(/g;
    const outside = [
      ...files.flatMap((file) => [...readFileSync(new URL(file, folder), 'utf8').matchAll(registration)].map((match) => `${file}: ${match[0]}`)),
      ...[...app.matchAll(registration)].map((match) => `app.ts: ${match[0]}`),
    ];
    assert.deepEqual(outside, []);
  });

  it("is where the browser client's methods come from: each sends its entry's method to its path, with an abort signal", async () => {
    const sent: { method: string; pathname: string; signal: AbortSignal | null | undefined; keepalive: boolean }[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({
        method: init?.method ?? 'GET',
        pathname: new URL(String(input), 'http://portico.test').pathname,
        signal: init?.signal,
        keepalive: init?.keepalive === true,
      });
      return Response.json({ token: 't', expiresAt: new Date(Date.now() + 600_000).toISOString() });
    };
    const client = createPorticoClient({ fetch }) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const { signal } = new AbortController();
    const fromTable = Object.values<EndpointRoute>(browserEndpointRoutes).flatMap((route) => (route.client ? [{ ...route, client: route.client }] : []));
    const sentBy = new Map<string, string>();
    for (const route of fromTable) {
      const method = client[route.client.name];
      assert.ok(method, `the client has ${route.client.name}`);
      sent.length = 0;
      // Methods without a request take the options first; the others take a request (or a page's query), then them.
      const takesNoRequest = route.client.call === 'get' || route.client.call === 'act';
      await (takesNoRequest ? method({ signal }) : method({}, { signal })).catch(() => undefined);
      assert.deepEqual(
        sent.map(({ method: verb, pathname }) => `${verb} ${pathname}`),
        [`${route.method} ${route.path}`],
        `${route.client.name} sends one request, to its entry`,
      );
      assert.equal(sent[0]?.signal, signal, `${route.client.name} passes the signal to fetch`);
      sentBy.set(route.client.name, `${sent[0]?.method} ${sent[0]?.pathname}${sent[0]?.keepalive ? ' (keepalive)' : ''}`);
    }
    // A few written out, as a host calls them: the table cannot vouch for itself.
    assert.deepEqual(
      ['signIn', 'getConfig', 'getSessions', 'generateRecoveryCodes', 'getActivity', 'cancelBankId'].map((name) => sentBy.get(name)),
      [
        'POST /api/auth/sign-in',
        'GET /api/config',
        'GET /api/account/sessions',
        'POST /api/account/recovery-codes',
        'GET /api/account/activity',
        'POST /api/auth/bankid/cancel (keepalive)',
      ],
    );
    assert.deepEqual(
      [...sentBy].filter(([, request]) => request.endsWith('(keepalive)')).map(([name]) => name),
      ['cancelBankId'],
      'only a cancel sent as the page is left outlives it',
    );
    // The rest are the two written by hand: the session (whose 401 is an answer) and its token.
    assert.deepEqual(
      Object.keys(client)
        .filter((name) => !fromTable.some((route) => route.client.name === name))
        .sort(),
      ['getSession', 'getToken'],
    );
    sent.length = 0;
    await client.getSession?.();
    assert.deepEqual(
      sent.map(({ method: verb, pathname }) => `${verb} ${pathname}`),
      [`GET ${apiPaths.session}`],
    );
  });
});
