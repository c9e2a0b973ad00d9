import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiPaths,
  CheckEmailStep,
  CheckMainContactEmailStep,
  DoneStep,
  LinkCustomerIdResponse,
  presets,
  RegisterEmailStep,
  SessionInfo,
  SetCredentialsStep,
  SetPasswordStep,
  SignInStep,
} from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { type Browser, errorOf } from './support/browser.ts';
import { browser, password as existingPassword } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const auth = { headers: { authorization: `Bearer ${adminToken}` } };
const mainContact = 'main.contact@example.se';
/** Meets the hosting preset's rules (8 characters, lower, upper, digit, special). */
const customerIdPassword = 'Legacy-Reset-2026!';
const emailPassword = 'Email-Login-2026!';

async function account(t: TestApp, customerId: string, name: string, legacyPassword?: string): Promise<void> {
  const body = { customerId, name, mainContactEmail: mainContact, ...(legacyPassword ? { legacyPassword } : {}) };
  const response = await t.request('POST', apiPaths.adminAccounts, body, auth);
  assert.equal(response.status, 201, await response.clone().text());
}

async function registerEmailStep(b: Browser, customerId: string, password: string): Promise<RegisterEmailStep> {
  const response = await b.post(apiPaths.signIn, { identifier: customerId, password });
  assert.equal(response.status, 200, await response.clone().text());
  return RegisterEmailStep.parse(await response.json());
}

/** Steps 4–7: sign in with the customer ID, register `email`, and open the mailed link. */
async function openRegistrationLink(t: TestApp, b: Browser, customerId: string, password: string, email: string): Promise<SetCredentialsStep> {
  const ticket = await registerEmailStep(b, customerId, password);
  const registered = await b.post(apiPaths.customerIdRegisterEmail, { token: ticket.token, email });
  assert.equal(registered.status, 202);
  assert.deepEqual(CheckEmailStep.parse(await registered.json()), { step: 'check_email', email });
  const token = await t.latestLinkToken(email);
  const inspected = await b.post(apiPaths.inspectLink, { token });
  assert.equal(inspected.status, 200);
  return SetCredentialsStep.parse(await inspected.json());
}

for (const backend of backends) {
  describe(`customer-ID logins (customer-ID migration) on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store, { policy: presets.hosting });
    });
    after(() => store?.close());

    it('walks the ten steps: reset by customer ID to the main contact, new password, register an e-mail login, then only the e-mail signs in', async () => {
      await account(t, 'NL123421341', 'Zeta Hosting BV');
      const b = browser(t, '198.51.100.10');

      // 1–2. The reset accepts a customer ID; the answer never names the main contact, the mail goes there.
      const asked = await b.post(apiPaths.forgotPassword, { customerId: 'nl 123421341' });
      assert.equal(asked.status, 202);
      const askedBody = await asked.text();
      assert.deepEqual(CheckMainContactEmailStep.parse(JSON.parse(askedBody)), { step: 'check_main_contact_email', customerId: 'NL123421341' });
      assert.ok(!askedBody.includes(mainContact));
      const resetToken = await t.latestLinkToken(mainContact);
      assert.match((await t.latestMail(mainContact))?.subject ?? '', /NL123421341/);

      // 3. The link leads to a new password for the customer ID, with the seed's rules.
      const setStep = SetPasswordStep.parse(await (await b.post(apiPaths.inspectLink, { token: resetToken })).json());
      assert.equal(setStep.purpose, 'customer_id_reset');
      assert.equal(setStep.customerId, 'NL123421341');
      const weak = await b.post(apiPaths.setPassword, { token: resetToken, password: 'alllowercase' });
      assert.equal(weak.status, 400);
      assert.deepEqual((await errorOf(weak)).rules, ['uppercase', 'digit', 'special']);
      const set = await b.post(apiPaths.setPassword, { token: resetToken, password: customerIdPassword });
      assert.equal(set.status, 200);
      assert.deepEqual(SignInStep.parse(await set.json()), { step: 'sign_in', notice: 'password_set', identifier: 'NL123421341' });
      assert.equal((await b.post(apiPaths.setPassword, { token: resetToken, password: customerIdPassword })).status, 400, 'the link works once');

      // 4. A wrong customer-ID password is refused like any wrong password.
      const wrong = await b.post(apiPaths.signIn, { identifier: 'NL123421341', password: 'Not-The-One-2026!' });
      assert.equal(wrong.status, 401);
      assert.equal((await errorOf(wrong)).code, 'invalid_credentials');

      // 4–7. Sign in with the ID and that password: no session, a register_email step; then a verification link.
      const credentials = await openRegistrationLink(t, b, 'NL123421341', customerIdPassword, 'anna@zeta.example');
      assert.equal(b.jar.size, 0, 'a customer ID gets no session');
      assert.deepEqual(
        { ...credentials, token: 'x' },
        {
          step: 'set_credentials',
          purpose: 'customer_id_migration',
          email: 'anna@zeta.example',
          customerId: 'NL123421341',
          existingLogin: false,
          askName: false,
          token: 'x',
        },
      );
      assert.match((await t.latestMail('anna@zeta.example'))?.text ?? '', /customer ID NL123421341/);

      // 8. The e-mail login's password must differ from the step-3 password.
      const same = await b.post(apiPaths.customerIdSetCredentials, { token: credentials.token, password: customerIdPassword });
      assert.equal(same.status, 400);
      assert.deepEqual((await errorOf(same)).rules, ['notCurrent']);
      // 9. The registration is confirmed, with the e-mail to sign in with.
      const done = await b.post(apiPaths.customerIdSetCredentials, { token: credentials.token, password: emailPassword });
      assert.equal(done.status, 200);
      assert.deepEqual(SignInStep.parse(await done.json()), { step: 'sign_in', notice: 'registered', identifier: 'anna@zeta.example' });
      assert.equal((await b.post(apiPaths.customerIdSetCredentials, { token: credentials.token, password: emailPassword })).status, 400);

      // 10. The e-mail signs in and works in the account; the address counts as proven.
      const signedIn = await b.post(apiPaths.signIn, { identifier: 'anna@zeta.example', password: emailPassword });
      const doneStep = DoneStep.parse(await signedIn.json());
      assert.deepEqual(doneStep.activeAccount, { customerId: 'NL123421341', name: 'Zeta Hosting BV', role: 'owner' });
      assert.ok((await store.findUserByEmail('anna@zeta.example'))?.emailVerifiedAt);

      // From then on the customer ID alone is refused, with the reason, and its reset mails nobody.
      const legacy = await browser(t, '198.51.100.11').post(apiPaths.signIn, { identifier: 'NL123421341', password: customerIdPassword });
      assert.equal(legacy.status, 409);
      assert.equal((await errorOf(legacy)).code, 'customer_id_migrated');
      const wrongAfter = await browser(t, '198.51.100.11').post(apiPaths.signIn, { identifier: 'NL123421341', password: 'Guess-2026-Word!' });
      assert.equal((await errorOf(wrongAfter)).code, 'invalid_credentials', 'only someone who knows the password learns it migrated');
      await t.services.delivery.settled();
      const mailsBefore = (await store.listOutbox({ recipient: mainContact, channel: 'email', limit: 50 })).length;
      t.clock.advance(presets.hosting.verification.resendCooldownSeconds);
      assert.equal((await browser(t, '198.51.100.12').post(apiPaths.forgotPassword, { customerId: 'NL123421341' })).status, 202);
      await t.services.delivery.settled();
      assert.equal((await store.listOutbox({ recipient: mainContact, channel: 'email', limit: 50 })).length, mailsBefore);
    });

    it('answers a reset for an unknown customer ID exactly like a known one, and mails nobody', async () => {
      const b = browser(t, '198.51.100.20');
      await t.services.delivery.settled();
      const before = (await store.listOutbox({ channel: 'email', limit: 500 })).length;
      const response = await b.post(apiPaths.forgotPassword, { customerId: 'SG999999999' });
      assert.equal(response.status, 202);
      assert.deepEqual(await response.json(), { step: 'check_main_contact_email', customerId: 'SG999999999' });
      await t.services.delivery.settled();
      assert.equal((await store.listOutbox({ channel: 'email', limit: 500 })).length, before);
      const malformed = await b.post(apiPaths.forgotPassword, { customerId: 'NL12' });
      assert.equal(malformed.status, 400);
    });

    it("links a second customer ID to an existing e-mail login by the mailed link and that login's password, without a second password", async () => {
      await t.createUser('bo@zeta.example', existingPassword);
      await account(t, 'SG234124123', 'Alpha Pte Ltd', 'Legacy-Alpha-2019!');
      await account(t, 'US523453454', 'Mid Corp', 'Legacy-Mid-2019!');
      const b = browser(t, '198.51.100.30');
      const hashBefore = (await store.findUserByEmail('bo@zeta.example'))?.passwordHash;

      const first = await openRegistrationLink(t, b, 'SG234124123', 'Legacy-Alpha-2019!', 'bo@zeta.example');
      assert.equal(first.existingLogin, true, 'the mailed link knows the address has a login');
      assert.match((await t.latestMail('bo@zeta.example'))?.subject ?? '', /Link customer ID SG234124123/);
      const wrong = await b.post(apiPaths.customerIdSetCredentials, { token: first.token, password: 'Wrong-Password-1!' });
      assert.equal(wrong.status, 401);
      assert.equal((await errorOf(wrong)).code, 'invalid_credentials');
      const linked = await b.post(apiPaths.customerIdSetCredentials, { token: first.token, password: existingPassword });
      assert.deepEqual(SignInStep.parse(await linked.json()), { step: 'sign_in', notice: 'account_linked', identifier: 'bo@zeta.example' });
      assert.equal((await store.findUserByEmail('bo@zeta.example'))?.passwordHash, hashBefore, 'no second password');

      const second = await openRegistrationLink(t, b, 'US523453454', 'Legacy-Mid-2019!', 'bo@zeta.example');
      await b.post(apiPaths.customerIdSetCredentials, { token: second.token, password: existingPassword });

      // One sign-in, then the picker between both accounts (and, as after every first password sign-in of a browser
      // where the preset prompts for one, the offer of a passkey).
      const signedIn = await b.post(apiPaths.signIn, { identifier: 'bo@zeta.example', password: existingPassword });
      assert.deepEqual(await signedIn.json(), {
        step: 'choose_account',
        offerPasskey: true,
        accounts: [
          { customerId: 'SG234124123', name: 'Alpha Pte Ltd', role: 'owner' },
          { customerId: 'US523453454', name: 'Mid Corp', role: 'owner' },
        ],
      });
    });

    it('the registration e-mail can be corrected while the ticket lives, and a registration that lost the race changes nothing', async () => {
      await account(t, 'DE245344254', 'Others GmbH', 'Legacy-Others-2019!');
      const b = browser(t, '198.51.100.40');
      const ticket = await registerEmailStep(b, 'DE245344254', 'Legacy-Others-2019!');
      assert.equal((await b.post(apiPaths.customerIdRegisterEmail, { token: ticket.token, email: 'typo@others.example' })).status, 202);
      assert.equal((await b.post(apiPaths.customerIdRegisterEmail, { token: ticket.token, email: 'carl@others.example' })).status, 202);
      const typoToken = await t.latestLinkToken('typo@others.example');
      const rightToken = await t.latestLinkToken('carl@others.example');

      // Both links at once: exactly one registration wins, the other is told the ID has its login now.
      const results = await Promise.all([
        b.post(apiPaths.customerIdSetCredentials, { token: rightToken, password: emailPassword }),
        b.post(apiPaths.customerIdSetCredentials, { token: typoToken, password: emailPassword }),
      ]);
      const statuses = results.map((response) => response.status).sort();
      assert.deepEqual(statuses, [200, 409]);
      const members = await Promise.all(['carl@others.example', 'typo@others.example'].map((email) => store.findUserByEmail(email)));
      assert.equal(members.filter(Boolean).length, 1, 'only the winner has a login');
      const refused = await b.post(apiPaths.customerIdRegisterEmail, { token: ticket.token, email: 'late@others.example' });
      assert.equal((await errorOf(refused)).code, 'customer_id_migrated');
    });

    it('a signed-in user links an account from the profile by its customer-ID login; wrong passwords count as failed sign-ins', async () => {
      await account(t, 'CDN1010101010', 'Canada Inc', 'Legacy-Canada-2019!');
      await account(t, 'NL100000001', 'Linked Elsewhere', 'Legacy-Else-2019!');
      await t.createUser('dana@canada.example', existingPassword);
      const b = browser(t, '198.51.100.50');
      DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'dana@canada.example', password: existingPassword })).json());

      const anonymous = await browser(t, '198.51.100.51').post(apiPaths.linkCustomerId, { customerId: 'CDN1010101010', password: 'Legacy-Canada-2019!' });
      assert.equal(anonymous.status, 401, 'needs a session');
      const wrong = await b.post(apiPaths.linkCustomerId, { customerId: 'CDN1010101010', password: 'Legacy-Wrong-2019!' });
      assert.equal((await errorOf(wrong)).code, 'invalid_credentials');
      const unknown = await b.post(apiPaths.linkCustomerId, { customerId: 'CDN9999999999', password: 'Legacy-Canada-2019!' });
      assert.equal((await errorOf(unknown)).code, 'invalid_credentials', 'an unknown ID answers like a wrong password');

      const linked = await b.post(apiPaths.linkCustomerId, { customerId: 'cdn1010101010', password: 'Legacy-Canada-2019!' });
      assert.equal(linked.status, 200);
      const canada = { customerId: 'CDN1010101010', name: 'Canada Inc', role: 'owner' } as const;
      assert.deepEqual(LinkCustomerIdResponse.parse(await linked.json()), { account: canada, activeAccount: canada, accounts: [canada] });
      assert.deepEqual(SessionInfo.parse(await (await b.get(apiPaths.session)).json()).accounts, [canada]);
      const again = await b.post(apiPaths.linkCustomerId, { customerId: 'CDN1010101010', password: 'Legacy-Canada-2019!' });
      assert.equal((await errorOf(again)).code, 'customer_id_migrated', 'the ID belongs to an e-mail login now');
      const alone = await browser(t, '198.51.100.52').post(apiPaths.signIn, { identifier: 'CDN1010101010', password: 'Legacy-Canada-2019!' });
      assert.equal((await errorOf(alone)).code, 'customer_id_migrated');

      // The failure budget is the sign-in one: ten wrong customer-ID passwords lock the ID for a while.
      for (let i = 0; i < presets.hosting.signInLimits.maxFailures; i++) {
        await b.post(apiPaths.linkCustomerId, { customerId: 'NL100000001', password: `Wrong-Guess-${i}!Aa` });
      }
      const limited = await b.post(apiPaths.linkCustomerId, { customerId: 'NL100000001', password: 'Legacy-Else-2019!' });
      assert.equal(limited.status, 429);
    });

    it('without customer-ID logins in the policy, a customer ID neither signs in nor gets a reset', async () => {
      const leasing = testApp(store, { policy: presets.leasing });
      await account(leasing, 'NL200000002', 'Leasing Only', 'Legacy-Leasing-2019!');
      const b = browser(leasing, '198.51.100.60');
      const signIn = await b.post(apiPaths.signIn, { identifier: 'NL200000002', password: 'Legacy-Leasing-2019!' });
      assert.equal((await errorOf(signIn)).code, 'invalid_credentials');
      const reset = await b.post(apiPaths.forgotPassword, { customerId: 'NL200000002' });
      assert.equal(reset.status, 400);
    });
  });
}
