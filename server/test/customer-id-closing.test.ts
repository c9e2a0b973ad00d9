import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, presets, RegisterEmailStep } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { errorOf } from './support/browser.ts';
import { browser, password, signedInNewUser } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const admin = { headers: { authorization: `Bearer ${adminToken}` } };
const legacyPassword = 'Legacy-Order-2026!';

/** A customer account whose old customer-ID login still signs in by itself, with its own main contact. */
async function legacyAccount(t: TestApp, name: string): Promise<{ customerId: string; mainContact: string }> {
  const customerId = `NL${String(Math.floor(Math.random() * 1e9)).padStart(9, '1')}`;
  const mainContact = `${name}-main-${crypto.randomUUID().slice(0, 6)}@example.se`;
  const created = await t.request('POST', apiPaths.adminAccounts, { customerId, name: `${name} AB`, mainContactEmail: mainContact, legacyPassword }, admin);
  assert.equal(created.status, 201, await created.clone().text());
  return { customerId, mainContact };
}

async function mailsTo(t: TestApp, store: Store, address: string) {
  await t.services.delivery.settled();
  return store.listOutbox({ recipient: address, channel: 'email', limit: 50 });
}

for (const backend of backends) {
  describe(`an account's customer-ID login closes once an e-mail login is linked, on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store, { policy: presets.hosting });
    });
    after(() => store?.close());

    it('an administrator linking a login closes the customer ID, and the main contact is told once', async () => {
      const { customerId, mainContact } = await legacyAccount(t, 'linked');
      // Before: the customer ID signs in by itself (to register an e-mail login).
      RegisterEmailStep.parse(await (await browser(t, '198.51.100.20').post(apiPaths.signIn, { identifier: customerId, password: legacyPassword })).json());

      const email = `colleague-${crypto.randomUUID().slice(0, 6)}@example.test`;
      await t.createUser(email, password);
      assert.equal((await t.request('POST', apiPaths.adminAccountLinks, { customerId, email }, admin)).status, 200);

      const refused = await browser(t, '198.51.100.21').post(apiPaths.signIn, { identifier: customerId, password: legacyPassword });
      assert.equal(refused.status, 409);
      assert.equal((await errorOf(refused)).code, 'customer_id_migrated');
      const notices = (await mailsTo(t, store, mainContact)).filter((mail) => mail.subject === `A new login was added to ${customerId} on Portico`);
      assert.equal(notices.length, 1);
      assert.match(notices[0]!.text, new RegExp(`${email.replace(/[.+]/g, '\\$&')} can now sign in to linked AB`));

      // Its reset mails nobody now: whoever holds the main contact's mailbox cannot attach a login of their own.
      const before = (await mailsTo(t, store, mainContact)).length;
      assert.equal((await browser(t, '198.51.100.22').post(apiPaths.forgotPassword, { customerId })).status, 202);
      assert.equal((await mailsTo(t, store, mainContact)).length, before);

      // Linking the same login again changes nothing and tells nobody again.
      assert.equal((await t.request('POST', apiPaths.adminAccountLinks, { customerId, email }, admin)).status, 200);
      assert.equal((await mailsTo(t, store, mainContact)).length, before);
    });

    it('a signed-in user proving the customer-ID login under My details links it, and the main contact is told', async () => {
      const { customerId, mainContact } = await legacyAccount(t, 'profile');
      const email = `prover-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const b = await signedInNewUser(t, email, '198.51.100.23');
      const linked = await b.post(apiPaths.linkCustomerId, { customerId, password: legacyPassword });
      assert.equal(linked.status, 200, await linked.clone().text());
      const subjects = (await mailsTo(t, store, mainContact)).map((mail) => mail.subject);
      assert.deepEqual(subjects, [`A new login was added to ${customerId} on Portico`]);
      const refused = await browser(t, '198.51.100.24').post(apiPaths.signIn, { identifier: customerId, password: legacyPassword });
      assert.equal((await errorOf(refused)).code, 'customer_id_migrated');
    });
  });
}
