import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiPaths,
  BankIdOrderRequest,
  ChallengeCodeRequest,
  ChallengePhoneRequest,
  ChallengeRequest,
  ChangePasswordRequest,
  ChooseAccountRequest,
  ConfirmCodeRequest,
  CreateCustomerAccountRequest,
  CreateInvitationRequest,
  CreateUserRequest,
  DisableMfaRequest,
  EmptyRequest,
  ErrorBody,
  ForgotPasswordRequest,
  InspectLinkRequest,
  InvitationEmailRequest,
  LinkAccountRequest,
  LinkCustomerIdRequest,
  MfaSendRequest,
  MfaVerifyRequest,
  OutboxQuery,
  PhoneRequest,
  presets,
  ReauthRequest,
  ReauthSendRequest,
  RegisterEmailRequest,
  RevokeTrustedDeviceRequest,
  SetCredentialsRequest,
  SetPasswordRequest,
  SetPersonalNumberRequest,
  SignInRequest,
  SignUpRequest,
  UpdateProfileRequest,
  VerifyCodeRequest,
} from '@portico/contract';
import fc from 'fast-check';
import type { z } from 'zod';
import { createFetchBankIdRpClient } from '../src/adapters/bankid/fetch-bankid-rp-client.ts';
import { localBankIdServer } from '../src/adapters/bankid/local-bankid-server.ts';
import { openTestPglite } from './support/pglite.ts';
import type { Store } from '../src/ports/store.ts';
import { fuzzRequests, validBodies } from './support/fuzz-arbitraries.ts';
import { adminToken, testApp } from './support/test-app.ts';

// The abuse suite, part four: every endpoint fed what an attacker would send (valid bodies, wrong types, huge
// strings, deep nesting, `__proto__` keys, other media types, broken JSON), signed in and not, from many addresses.
// Whatever arrives, the answer is a 2xx, 3xx or a 4xx with a stable code: never a 5xx, never a stack trace.

type Caller = 'anyone' | 'session' | 'admin';

/** Every state-changing endpoint, its body, and who calls it. */
const endpoints: [path: string, body: z.ZodType, caller: Caller][] = [
  [apiPaths.signIn, SignInRequest, 'anyone'],
  [apiPaths.signOut, EmptyRequest, 'session'],
  [apiPaths.forgotPassword, ForgotPasswordRequest, 'anyone'],
  [apiPaths.inspectLink, InspectLinkRequest, 'anyone'],
  [apiPaths.setPassword, SetPasswordRequest, 'anyone'],
  [apiPaths.changePassword, ChangePasswordRequest, 'session'],
  [apiPaths.profile, UpdateProfileRequest, 'session'],
  [apiPaths.signUp, SignUpRequest, 'anyone'],
  [apiPaths.signUpVerify, VerifyCodeRequest, 'anyone'],
  [apiPaths.invitationEmail, InvitationEmailRequest, 'anyone'],
  [apiPaths.adminInvitations, CreateInvitationRequest, 'admin'],
  [apiPaths.mfaVerify, MfaVerifyRequest, 'anyone'],
  [apiPaths.mfaSend, MfaSendRequest, 'anyone'],
  [apiPaths.mfaSetupTotp, ChallengeRequest, 'anyone'],
  [apiPaths.mfaSetupTotpConfirm, ChallengeCodeRequest, 'anyone'],
  [apiPaths.mfaSetupSms, ChallengePhoneRequest, 'anyone'],
  [apiPaths.mfaSetupSmsConfirm, ChallengeCodeRequest, 'anyone'],
  [apiPaths.reauth, ReauthRequest, 'session'],
  [apiPaths.reauthSend, ReauthSendRequest, 'session'],
  [apiPaths.totp, EmptyRequest, 'session'],
  [apiPaths.totpConfirm, ConfirmCodeRequest, 'session'],
  [apiPaths.sms, PhoneRequest, 'session'],
  [apiPaths.smsConfirm, ConfirmCodeRequest, 'session'],
  [apiPaths.mfaDisable, DisableMfaRequest, 'session'],
  [apiPaths.recoveryPhone, PhoneRequest, 'session'],
  [apiPaths.recoveryPhoneConfirm, ConfirmCodeRequest, 'session'],
  [apiPaths.recoveryPhoneRemove, EmptyRequest, 'session'],
  [apiPaths.recoveryCodes, EmptyRequest, 'session'],
  [apiPaths.trustedDeviceRevoke, RevokeTrustedDeviceRequest, 'session'],
  [apiPaths.endOtherSessions, EmptyRequest, 'session'],
  [apiPaths.activeAccount, ChooseAccountRequest, 'session'],
  [apiPaths.bankidStart, EmptyRequest, 'anyone'],
  [apiPaths.bankidCollect, BankIdOrderRequest, 'anyone'],
  [apiPaths.bankidCancel, BankIdOrderRequest, 'anyone'],
  [apiPaths.personalNumber, SetPersonalNumberRequest, 'session'],
  [apiPaths.personalNumberRemove, EmptyRequest, 'session'],
  [apiPaths.linkCustomerId, LinkCustomerIdRequest, 'session'],
  [apiPaths.customerIdRegisterEmail, RegisterEmailRequest, 'anyone'],
  [apiPaths.customerIdSetCredentials, SetCredentialsRequest, 'anyone'],
  [apiPaths.adminAccounts, CreateCustomerAccountRequest, 'admin'],
  [apiPaths.adminAccountLinks, LinkAccountRequest, 'admin'],
  [apiPaths.adminUsers, CreateUserRequest, 'admin'],
];

const readEndpoints: [path: string, caller: Caller][] = [
  [apiPaths.session, 'session'],
  [apiPaths.security, 'session'],
  [apiPaths.personalNumber, 'session'],
  [apiPaths.adminUsers, 'admin'],
  [apiPaths.config, 'anyone'],
  [apiPaths.health, 'anyone'],
];

/** What an answer must never hold: a stack frame, a source path, or an internal error's name. */
const internals = /\bat [\w.<>]+ \(|\.ts:\d+|node:internal|node_modules|TypeError|ReferenceError|SyntaxError|\bstack\b/;

const password = 'Fuzz-Target-2026!';

describe('every endpoint fed what an attacker would send', () => {
  let store: Store;
  let t: ReturnType<typeof testApp>;
  let userId = '';

  before(async () => {
    store = await openTestPglite();
    const bankid = localBankIdServer({ clock: { now: () => new Date() } });
    t = testApp(store, {
      policy: { ...presets.hosting, bankid: true },
      settings: { devOutbox: true, secretKey: crypto.getRandomValues(new Uint8Array(32)) },
      bankid: () => createFetchBankIdRpClient({ fetch: (request) => bankid.fetch(request), baseUrl: 'http://bankid.test/rp/v6.0/' }),
    });
    userId = (await t.createUser('fuzz@example.se', password)).id;
    await t.services.customerAccounts.create({ customerId: 'NL123421341', name: 'Fuzz BV', mainContactEmail: 'fuzz@example.se' });
    await t.services.customerAccounts.link('NL123421341', 'fuzz@example.se');
  });
  after(async () => {
    await t.services.delivery.settled();
    await store.close();
  });

  /** Headers for `caller`: a fresh session (no password hashed) or the admin token. */
  async function credentials(caller: Caller, signedIn: boolean): Promise<Record<string, string>> {
    if (caller === 'admin') return signedIn ? { authorization: `Bearer ${adminToken}` } : {};
    if (!signedIn) return {};
    const { token } = await t.services.sessions.start({ id: userId, credentialVersion: 0 }, ['pwd']);
    return { cookie: `portico_session=${token}` };
  }

  function expectHarmless(response: Response, text: string, what: string): void {
    assert.ok(response.status < 500, `${what}: ${response.status} ${text.slice(0, 300)}`);
    assert.doesNotMatch(text, internals, `${what}: internals in the answer`);
    if (response.status >= 400) {
      const parsed = ErrorBody.safeParse(JSON.parse(text));
      assert.ok(parsed.success, `${what}: not a stable error body: ${text.slice(0, 300)}`);
    }
  }

  for (const [path, body, caller] of endpoints) {
    it(`POST ${path}`, async () => {
      await fc.assert(
        fc.asyncProperty(fuzzRequests(body), fc.boolean(), fc.ipV4(), async (request, signedIn, ip) => {
          const headers: Record<string, string> = { ...(await credentials(caller, signedIn)) };
          if (request.contentType !== undefined) headers['content-type'] = request.contentType;
          const response = await t.app.request(`http://portico.test${path}`, { method: 'POST', headers, body: request.body }, { remoteAddress: ip });
          expectHarmless(response, await response.text(), `${request.kind} ${request.body.slice(0, 120)}`);
        }),
        { numRuns: 25, timeout: 15_000 },
      );
    });
  }

  for (const [path, caller] of readEndpoints) {
    it(`GET ${path} with any query`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }), { maxKeys: 4 }),
          fc.boolean(),
          async (query, signedIn) => {
            const search = new URLSearchParams(query).toString();
            const response = await t.app.request(
              `http://portico.test${path}?${search}`,
              { headers: await credentials(caller, signedIn) },
              { remoteAddress: '198.51.100.1' },
            );
            expectHarmless(response, await response.text(), `?${search}`);
          },
        ),
        { numRuns: 15 },
      );
    });
  }

  it('GET the dev outbox with queries derived from its schema, bent out of shape', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequests(OutboxQuery), async (request) => {
        let query: Record<string, string> = {};
        try {
          const parsed = JSON.parse(request.body) as unknown;
          if (parsed !== null && typeof parsed === 'object') query = Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
        } catch {
          query = { to: request.body };
        }
        const response = await t.app.request(
          `http://portico.test${apiPaths.devOutbox}?${new URLSearchParams(query).toString()}`,
          {},
          { remoteAddress: '198.51.100.2' },
        );
        expectHarmless(response, await response.text(), JSON.stringify(query).slice(0, 200));
      }),
      { numRuns: 40 },
    );
  });

  it('left no property on Object.prototype (no prototype pollution)', () => {
    const probe = {} as Record<string, unknown>;
    assert.equal(probe['polluted'], undefined);
    assert.equal(probe['isAdmin'], undefined);
    // The generator itself makes valid bodies, or the suite would only ever test refusals.
    assert.ok(fc.sample(validBodies(SignInRequest), 20).every((value) => SignInRequest.safeParse(value).success));
  });
});
