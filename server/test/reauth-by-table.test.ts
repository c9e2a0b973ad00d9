import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, type EndpointName, type EndpointRequest, endpoints, presets } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { errorOf } from './support/browser.ts';
import { password, signedInNewUser } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

/**
 * Re-authentication is part of an endpoint's access, as its table entry declares it (`reauth`), and the route
 * registration asks for it before any handler runs: a session whose sign-in is older than the policy's minutes, and
 * that has not re-authenticated since, reaches none of the flow behind such an endpoint.
 */

type ReauthEndpointName = { [Name in EndpointName]: (typeof endpoints)[Name]['reauth'] extends true ? Name : never }[EndpointName];

const base64Url = 'AAAA';
/** A valid request of every endpoint that asks for re-authentication (the compiler asks for one for each). */
const requests: { readonly [Name in ReauthEndpointName]: EndpointRequest<Name> } = {
  totp: {},
  totpConfirm: { code: '123456' },
  sms: { phone: '+46701234567' },
  smsConfirm: { code: '123456' },
  mfaDisable: { method: 'totp' },
  recoveryPhone: { phone: '+46701234567' },
  recoveryPhoneConfirm: { code: '123456' },
  recoveryPhoneRemove: {},
  recoveryCodes: {},
  passkeyRegistrationOptions: {},
  passkeys: {
    credential: {
      id: base64Url,
      rawId: base64Url,
      type: 'public-key',
      response: { clientDataJSON: base64Url, attestationObject: base64Url },
      clientExtensionResults: {},
    },
  },
  passkeyRemove: { id: 'a-passkey' },
  setPersonalNumber: { personalNumber: '199001012384' },
  personalNumberRemove: {},
};

for (const backend of backends) {
  describe(`re-authentication asked for by the endpoint table on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('refuses every endpoint marked `reauth` to a stale session before its flow runs, and lets it through once re-authenticated', async () => {
      const t = testApp(store, { policy: presets.leasing });
      // The flows behind these endpoints, each replaced by one that only notes it was reached: what refuses a stale
      // session here is the registration, not the service's own check.
      const reached: string[] = [];
      // Kept: the check itself, and re-authenticating.
      const kept = new Set(['constructor', 'requireFresh', 'reauthenticatedUntil', 'reauthenticate']);
      for (const service of [t.services.securitySettings, t.services.personalNumberSettings] as object[]) {
        const prototype = Object.getPrototypeOf(service) as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          if (kept.has(name) || typeof prototype[name] !== 'function') continue;
          Object.defineProperty(service, name, {
            value: () => {
              reached.push(name);
              return Promise.resolve({ error: 'method_not_allowed' });
            },
          });
        }
      }
      const b = await signedInNewUser(t, 'stale-by-table@example.se', '203.0.113.40');
      t.clock.advance(10 * 60 + 1);

      const marked = Object.keys(requests) as ReauthEndpointName[];
      assert.deepEqual(
        marked.toSorted(),
        Object.entries(endpoints)
          .filter(([, endpoint]) => endpoint.reauth)
          .map(([name]) => name)
          .toSorted(),
      );
      for (const name of marked) {
        const refused = await b.post(endpoints[name].path, requests[name]);
        assert.equal(refused.status, 403, name);
        assert.equal((await errorOf(refused)).code, 'reauth_required', name);
      }
      assert.deepEqual(reached, [], 'no flow behind them ran');

      assert.equal((await b.post(apiPaths.reauth, { password })).status, 200);
      const through = await b.post(apiPaths.recoveryCodes, {});
      assert.equal((await errorOf(through)).code, 'method_not_allowed', 'the flow answers now');
      assert.deepEqual(reached, ['generateRecoveryCodes']);
    });
  });
}
