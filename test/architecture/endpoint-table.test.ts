import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerViolations, apiPaths, defaultPolicy, endpointFor, endpoints, presets } from '@portico/contract';
import { createMemoryStore } from '../../server/src/adapters/memory/memory-store.ts';
import { testApp } from '../../server/test/support/test-app.ts';

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
});
