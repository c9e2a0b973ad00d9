import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, DoneStep, MfaStep, PhoneCodeSent, presets, SecurityOverview, SetPasswordStep } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { openTestPglite } from './support/pglite.ts';
import { browser, password, type TestApp } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

/** The code in the newest text to `phone`, and the text itself. */
async function latestText(t: TestApp, phone: string) {
  await t.services.delivery.settled();
  const [sms] = await t.store.listOutbox({ recipient: phone, channel: 'sms', limit: 1 });
  const code = sms?.text.match(/\b(\d{6})\b/)?.[1];
  if (!sms || !code) throw new Error(`no code in the newest text to ${phone}`);
  return { text: sms.text, code };
}

/** The mail a reset asked for `email` (with `locale`, or none) brings. */
async function resetMail(t: TestApp, email: string, locale?: string) {
  const response = await t.request('POST', apiPaths.forgotPassword, { email, ...(locale ? { locale } : {}) });
  assert.equal(response.status, 202);
  const mail = await t.latestMail(email);
  assert.ok(mail, `a reset mail to ${email}`);
  return mail;
}

/**
 * The language of the UI a person uses is remembered: mails, texts and device names to them follow it, including the
 * ones no request of theirs asks for in that language. The presets here default to English, so Swedish comes only
 * from what was remembered.
 */
describe('the language a person used', () => {
  let store: Store;
  before(async () => {
    store = await openTestPglite();
  });
  after(() => store?.close());

  it('a sign-up from a Swedish page mails its code in Swedish and the new user keeps Swedish', async () => {
    const t = testApp(store, { policy: presets.licensing, settings: { productName: 'Licensify' } });
    const email = 'svensk@example.se';
    assert.equal((await t.request('POST', apiPaths.signUp, { email, locale: 'sv' })).status, 202);
    const codeMail = await t.latestMail(email);
    assert.equal(codeMail?.subject, 'Din verifieringskod för Licensify');
    assert.match(codeMail?.html ?? '', /<html lang="sv"/);

    // Neither later step says the language again: the code carried it.
    const verified = await t.request('POST', apiPaths.signUpVerify, { email, code: await t.latestCode(email) });
    const { token } = SetPasswordStep.parse(await verified.json());
    const b = browser(t, '198.51.100.80');
    assert.equal((await b.post(apiPaths.setPassword, { token, password })).status, 200);
    assert.equal((await store.findUserByEmail(email))?.locale, 'sv');

    // Signing in later, from a request that names no language: the 2-step code is mailed in Swedish.
    await b.post(apiPaths.signOut);
    const step = MfaStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password })).json());
    assert.equal(step.channel, 'email');
    assert.equal((await t.latestMail(email))?.subject, 'Din inloggningskod för Licensify');
  });

  it('a sign-up from an English page on a Swedish portal mails in English', async () => {
    const t = testApp(store, { policy: { ...presets.leasing, signUp: presets.licensing.signUp }, settings: { productName: 'Leasify' } });
    assert.equal((await t.request('POST', apiPaths.signUp, { email: 'english-page@example.se', locale: 'en' })).status, 202);
    assert.equal((await t.latestMail('english-page@example.se'))?.subject, 'Your Leasify verification code');
    assert.equal((await t.request('POST', apiPaths.signUp, { email: 'no-language@example.se' })).status, 202);
    assert.equal((await t.latestMail('no-language@example.se'))?.subject, 'Din verifieringskod för Leasify', 'without one, the portal default');
  });

  it('after a sign-in in Swedish, a reset asked without a language, the 2-step text and a trusted device are Swedish', async () => {
    const t = testApp(store, { settings: { productName: 'Acme' } });
    const email = 'remembered@example.se';
    await t.createUser(email, password);
    const b = browser(t, '198.51.100.81');
    DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password, locale: 'sv' })).json());
    assert.equal((await store.findUserByEmail(email))?.locale, 'sv');

    const reset = await resetMail(t, email);
    assert.equal(reset.subject, 'Återställ ditt lösenord för Acme');
    assert.match(reset.html ?? '', /<html lang="sv"/);

    const sent = PhoneCodeSent.parse(await (await b.post(apiPaths.sms, { phone: '+46701234567' })).json());
    const setupText = await latestText(t, sent.phone);
    assert.equal(setupText.text, `${setupText.code} är din kod för Acme.`);
    assert.equal((await b.post(apiPaths.smsConfirm, { code: setupText.code })).status, 200);

    await b.post(apiPaths.signOut);
    const step = MfaStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password })).json());
    assert.equal(step.channel, 'sms');
    const signInText = await latestText(t, sent.phone);
    assert.equal(signInText.text, `${signInText.code} är din kod för Acme.`);
    const done = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'sms', code: signInText.code, trustDevice: true });
    assert.equal(done.status, 200);
    const overview = SecurityOverview.parse(await (await b.get(apiPaths.security)).json());
    assert.deepEqual(
      overview.trustedDevices.map((device) => device.label),
      ['Chrome på Linux'],
    );
  });

  it('a reset asked from a Swedish page goes out in the language of the account, if it has one', async () => {
    const t = testApp(store, { settings: { productName: 'Acme' } });
    await t.createUser('english-user@example.se', password);
    const english = browser(t, '198.51.100.82');
    assert.equal((await english.post(apiPaths.signIn, { identifier: 'english-user@example.se', password, locale: 'en' })).status, 200);
    assert.equal((await resetMail(t, 'english-user@example.se', 'sv')).subject, 'Reset your Acme password');

    await t.createUser('never-said@example.se', password);
    assert.equal((await resetMail(t, 'never-said@example.se', 'sv')).subject, 'Återställ ditt lösenord för Acme', 'none stored: the page’s');
  });

  it('the language of a changed password, a reset password and saved details becomes the user’s', async () => {
    const t = testApp(store, { settings: { productName: 'Acme' } });
    const email = 'switching@example.se';
    await t.createUser(email, password);
    const b = browser(t, '198.51.100.83');
    assert.equal((await b.post(apiPaths.signIn, { identifier: email, password })).status, 200);
    assert.equal((await store.findUserByEmail(email))?.locale, null, 'a sign-in that names no language changes nothing');

    const newPassword = 'Changed-Password-2027?';
    assert.equal((await b.post(apiPaths.changePassword, { currentPassword: password, newPassword, locale: 'sv' })).status, 200);
    assert.equal((await t.latestMail(email))?.subject, 'Ditt lösenord för Acme har bytts');

    assert.equal((await b.post(apiPaths.profile, { name: 'Sam', locale: 'en' })).status, 200);
    assert.equal((await store.findUserByEmail(email))?.locale, 'en');

    await resetMail(t, email);
    const reset = await t.request('POST', apiPaths.setPassword, { token: await t.latestLinkToken(email), password: 'Reset-Password-2028!', locale: 'sv' });
    assert.equal(reset.status, 200);
    assert.equal((await t.latestMail(email))?.subject, 'Ditt lösenord för Acme har bytts');
    assert.equal((await store.findUserByEmail(email))?.locale, 'sv');
  });

  it('ignores a language Portico does not speak', async () => {
    const t = testApp(store);
    await t.createUser('german@example.se', password);
    const b = browser(t, '198.51.100.84');
    assert.equal((await b.post(apiPaths.signIn, { identifier: 'german@example.se', password, locale: 'sv' })).status, 200);
    for (const locale of ['de', 'sv-SE', 7, null]) {
      await b.post(apiPaths.signOut);
      assert.equal((await b.post(apiPaths.signIn, { identifier: 'german@example.se', password, locale })).status, 200, `locale ${locale}`);
    }
    assert.equal((await store.findUserByEmail('german@example.se'))?.locale, 'sv');
  });
});
