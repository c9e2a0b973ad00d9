import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiPaths,
  DoneStep,
  EndOtherSessionsResponse,
  PhoneCodeSent,
  type Policy,
  presets,
  ReauthCodeSent,
  ReauthResponse,
  RecoveryCodes,
  SecurityOverview,
  TotpSetup,
} from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { totpCodeAt } from '../src/services/mfa/totp.ts';
import { backends } from './support/backends.ts';
import { type Browser, errorOf } from './support/browser.ts';
import { browser, enableTotp, latestSmsCode, nextTotp, password, passwordStep, signedInNewUser, type TestApp, wrongCode } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

const required: Policy = { ...presets.hosting, mfa: { ...presets.hosting.mfa, required: true } };

async function overviewOf(b: Browser) {
  return SecurityOverview.parse(await (await b.get(apiPaths.security)).json());
}

/** Sets up SMS with the texted code; the browser's session must be fresh. */
async function enableSms(t: TestApp, b: Browser, phone: string) {
  const sent = PhoneCodeSent.parse(await (await b.post(apiPaths.sms, { phone })).json());
  const confirmed = await b.post(apiPaths.smsConfirm, { code: await latestSmsCode(t, sent.phone) });
  assert.equal(confirmed.status, 200);
  return sent.phone;
}

/** Lets the sign-in age past the policy's re-authentication window (10 minutes), keeping the session alive. */
async function ageSession(t: TestApp, b: Browser) {
  t.clock.advance(10 * 60 + 1);
  assert.equal((await b.get(apiPaths.session)).status, 200);
}

for (const backend of backends) {
  describe(`two-factor settings in the profile on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it("asks to re-authenticate before changing factors once the sign-in is older than the policy's minutes", async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'sudo@example.se', '203.0.113.10');
      const fresh = await overviewOf(b);
      assert.equal(fresh.reauthenticatedUntil, new Date(t.clock.now().getTime() + 10 * 60 * 1000).toISOString(), 'signing in counts');

      await ageSession(t, b);
      assert.equal((await overviewOf(b)).reauthenticatedUntil, null);
      for (const [path, body] of [
        [apiPaths.totp, {}],
        [apiPaths.sms, { phone: '+46701234567' }],
        [apiPaths.recoveryPhone, { phone: '+46701234567' }],
        [apiPaths.recoveryPhoneRemove, {}],
        [apiPaths.recoveryCodes, {}],
        [apiPaths.mfaDisable, { method: 'totp' }],
      ] as const) {
        const refused = await b.post(path, body);
        assert.equal(refused.status, 403, path);
        assert.equal((await errorOf(refused)).code, 'reauth_required', path);
      }
      await t.services.delivery.settled();
      assert.equal((await store.listOutbox({ recipient: '+46701234567', channel: 'sms', limit: 1 })).length, 0, 'nothing texted');

      const wrong = await b.post(apiPaths.reauth, { password: 'not the password' });
      assert.equal(wrong.status, 401);
      assert.equal((await errorOf(wrong)).code, 'invalid_credentials');
      const ok = ReauthResponse.parse(await (await b.post(apiPaths.reauth, { password })).json());
      assert.equal(ok.reauthenticatedUntil, new Date(t.clock.now().getTime() + 10 * 60 * 1000).toISOString());
      const secret = await enableTotp(t, b);

      // Later, a current app code will do instead of the password.
      await ageSession(t, b);
      assert.equal((await errorOf(await b.post(apiPaths.totp))).code, 'reauth_required');
      const byApp = await b.post(apiPaths.reauth, { channel: 'totp', code: totpCodeAt(secret, t.clock.now()) });
      assert.equal(byApp.status, 200);
      assert.equal((await b.post(apiPaths.recoveryCodes)).status, 200);
      const noSms = await b.post(apiPaths.reauth, { channel: 'sms', code: '123456' });
      assert.equal((await errorOf(noSms)).code, 'method_not_allowed', 'no SMS factor to send to');
    });

    it('counts wrong re-authentication passwords as failed sign-ins', async () => {
      const t = testApp(store, { policy: { ...presets.hosting, signInLimits: { ...presets.hosting.signInLimits, maxFailures: 3 } } });
      const b = await signedInNewUser(t, 'sudo-guess@example.se', '203.0.113.15');
      for (let i = 0; i < 3; i++) assert.equal((await b.post(apiPaths.reauth, { password: `guess ${i} guess` })).status, 401);
      const limited = await b.post(apiPaths.reauth, { password });
      assert.equal(limited.status, 429);
      assert.equal((await errorOf(limited)).code, 'rate_limited');
    });

    it('re-authenticates with a texted code', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'sudo-sms@example.se', '203.0.113.16');
      const phone = await enableSms(t, b, '+46 70 222 33 44');
      await ageSession(t, b);
      const sent = ReauthCodeSent.parse(await (await b.post(apiPaths.reauthSend, { channel: 'sms' })).json());
      assert.deepEqual(sent, { channel: 'sms', destination: '+46 •••••••44', resendAfterSeconds: 60 });
      const code = await latestSmsCode(t, phone);
      assert.equal((await errorOf(await b.post(apiPaths.reauth, { channel: 'sms', code: wrongCode(code) }))).code, 'invalid_code');
      assert.equal((await b.post(apiPaths.reauth, { channel: 'sms', code })).status, 200);
      assert.equal((await errorOf(await b.post(apiPaths.reauthSend, { channel: 'email' }))).code, 'method_not_allowed');
    });

    it('keeps the last factor where the policy requires one (factor_required)', async () => {
      const t = testApp(store, { policy: required });
      await t.createUser('keep@example.se', password);
      const b = browser(t, '203.0.113.20');
      const setupStep = (await (await b.post(apiPaths.signIn, { identifier: 'keep@example.se', password })).json()) as { challenge: string };
      const setup = TotpSetup.parse(await (await b.post(apiPaths.mfaSetupTotp, { challenge: setupStep.challenge })).json());
      DoneStep.parse(
        await (await b.post(apiPaths.mfaSetupTotpConfirm, { challenge: setupStep.challenge, code: totpCodeAt(setup.secret, t.clock.now()) })).json(),
      );

      const refused = await b.post(apiPaths.mfaDisable, { method: 'totp' });
      assert.equal(refused.status, 409);
      assert.equal((await errorOf(refused)).code, 'factor_required');
      assert.ok((await overviewOf(b)).totp, 'still on');

      await enableSms(t, b, '+46 70 333 44 55');
      const disabled = SecurityOverview.parse(await (await b.post(apiPaths.mfaDisable, { method: 'totp' })).json());
      assert.equal(disabled.totp, null);
      assert.equal(disabled.sms?.phone, '+46703334455');
      assert.equal((await errorOf(await b.post(apiPaths.mfaDisable, { method: 'sms' }))).code, 'factor_required');
    });

    it('sets up SMS and a recovery phone by texted codes, and signs in with either', async () => {
      const t = testApp(store, { settings: { phoneCountry: 'SE', productName: 'Acme Portal' } });
      const b = await signedInNewUser(t, 'texts@example.se', '203.0.113.30');

      assert.equal((await errorOf(await b.post(apiPaths.sms, { phone: 'call me maybe' }))).code, 'invalid_phone');
      assert.equal((await errorOf(await b.post(apiPaths.sms, { phone: '08-123 456 78' }))).code, 'invalid_phone', 'a landline');
      // The national form is read in the configured country.
      const sent = PhoneCodeSent.parse(await (await b.post(apiPaths.sms, { phone: '070-123 45 67' })).json());
      assert.deepEqual(sent, { phone: '+46701234567', resendAfterSeconds: 60 });
      await t.services.delivery.settled();
      const [text] = await store.listOutbox({ recipient: '+46701234567', channel: 'sms', limit: 1 });
      assert.match(text?.text ?? '', /^\d{6} is your Acme Portal code\.$/);
      const code = await latestSmsCode(t, '+46701234567');
      assert.equal((await errorOf(await b.post(apiPaths.smsConfirm, { code: wrongCode(code) }))).code, 'invalid_code');
      const enabled = SecurityOverview.parse(await (await b.post(apiPaths.smsConfirm, { code })).json());
      assert.equal(enabled.sms?.phone, '+46701234567');
      // Shown as people write it, so the browser needs no phone-number metadata.
      assert.equal(enabled.sms?.display, '+46 70 123 45 67');

      const recovery = PhoneCodeSent.parse(await (await b.post(apiPaths.recoveryPhone, { phone: '+31 6 12345678' })).json());
      assert.equal(recovery.phone, '+31612345678');
      const withRecovery = SecurityOverview.parse(await (await b.post(apiPaths.recoveryPhoneConfirm, { code: await latestSmsCode(t, '+31612345678') })).json());
      assert.equal(withRecovery.recoveryPhone?.phone, '+31612345678');
      assert.equal(withRecovery.recoveryPhone?.display, '+31 6 12345678');

      await b.post(apiPaths.signOut);
      const step = await passwordStep(b, 'texts@example.se');
      assert.equal(step.channel, 'sms', 'texted at once');
      assert.deepEqual(step.options, [
        { channel: 'sms', destination: '+46 •••••••67' },
        { channel: 'recovery_phone', destination: '+31 •••••••78' },
      ]);
      assert.equal(step.resendAfterSeconds, 60);
      const smsCode = await latestSmsCode(t, '+46701234567');

      // The main phone is not at hand: the recovery phone gets a code instead.
      const switched = await b.post(apiPaths.mfaSend, { challenge: step.challenge, channel: 'recovery_phone' });
      assert.equal(switched.status, 200);
      const fallback = await latestSmsCode(t, '+31612345678');
      const notEmail = await b.post(apiPaths.mfaSend, { challenge: step.challenge, channel: 'email' });
      assert.equal((await errorOf(notEmail)).code, 'method_not_allowed');
      const done = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'recovery_phone', code: fallback });
      assert.equal(done.status, 200);

      // And by the main phone on the next sign-in (its earlier code was never used, and still works).
      await b.post(apiPaths.signOut);
      const next = await passwordStep(b, 'texts@example.se');
      assert.equal(next.resendAfterSeconds, 60);
      const byMain = await b.post(apiPaths.mfaVerify, { challenge: next.challenge, channel: 'sms', code: smsCode });
      assert.equal(byMain.status, 200);

      const removed = SecurityOverview.parse(await (await b.post(apiPaths.recoveryPhoneRemove)).json());
      assert.equal(removed.recoveryPhone, null);
    });

    it('limits texts: a resend cooldown, and so many per number, purpose and hour', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'spam@example.se', '203.0.113.40');
      await enableSms(t, b, '+46 70 444 55 66'); // 1 text
      await b.post(apiPaths.signOut);
      const step = await passwordStep(b, 'spam@example.se'); // 2
      const soon = await b.post(apiPaths.mfaSend, { challenge: step.challenge, channel: 'sms' });
      assert.equal(soon.status, 429);
      const soonError = await errorOf(soon);
      assert.equal(soonError.code, 'rate_limited');
      assert.equal(soonError.retryAfterSeconds, 60);
      // The setup's text was another purpose's: five sign-in codes an hour for the number.
      for (let i = 3; i <= 6; i++) {
        t.clock.advance(61);
        assert.equal((await b.post(apiPaths.mfaSend, { challenge: step.challenge, channel: 'sms' })).status, 200, `text ${i}`);
      }
      t.clock.advance(61);
      const sixth = await b.post(apiPaths.mfaSend, { challenge: step.challenge, channel: 'sms' });
      assert.equal(sixth.status, 429, 'five sign-in texts per number and hour');
      assert.ok((await errorOf(sixth)).retryAfterSeconds! > 60 * 50);
      await t.services.delivery.settled();
      assert.equal((await store.listOutbox({ recipient: '+46704445566', channel: 'sms', limit: 10 })).length, 6);
      // The last code sent still signs in.
      const done = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'sms', code: await latestSmsCode(t, '+46704445566') });
      assert.equal(done.status, 200);
    });

    it('makes ten recovery codes, shown once; new ones replace them all', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'codes@example.se', '203.0.113.50');
      const secret = await enableTotp(t, b);
      assert.equal((await overviewOf(b)).recoveryCodesLeft, null, 'none generated yet');
      const first = RecoveryCodes.parse(await (await b.post(apiPaths.recoveryCodes)).json()).codes;
      assert.equal(new Set(first).size, 10);
      for (const code of first) assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      assert.equal((await overviewOf(b)).recoveryCodesLeft, 10);
      await t.services.delivery.settled();
      const rows = JSON.stringify(await store.listOutbox({ limit: 50 }));
      assert.ok(!first.some((code) => rows.includes(code)), 'never mailed');

      const second = RecoveryCodes.parse(await (await b.post(apiPaths.recoveryCodes)).json()).codes;
      assert.equal((await overviewOf(b)).recoveryCodesLeft, 10, 'replaced, not added');
      await b.post(apiPaths.signOut);
      const step = await passwordStep(b, 'codes@example.se');
      assert.equal((await errorOf(await b.post(apiPaths.mfaVerify, { challenge: step.challenge, recoveryCode: first[0] }))).code, 'invalid_code');
      assert.equal((await b.post(apiPaths.mfaVerify, { challenge: step.challenge, recoveryCode: second[3] })).status, 200);
      assert.equal((await overviewOf(b)).recoveryCodesLeft, 9);
      await b.post(apiPaths.signOut);
      const again = await passwordStep(b, 'codes@example.se');
      assert.equal((await errorOf(await b.post(apiPaths.mfaVerify, { challenge: again.challenge, recoveryCode: second[3] }))).code, 'invalid_code', 'once');
      assert.equal((await b.post(apiPaths.mfaVerify, { challenge: again.challenge, channel: 'totp', code: nextTotp(t, secret) })).status, 200);
    });

    it('turns the second step off with the last factor, and forgets the devices trusted to skip it', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'off@example.se', '203.0.113.60');
      const secret = await enableTotp(t, b);
      await b.post(apiPaths.signOut);
      const step = await passwordStep(b, 'off@example.se');
      await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: nextTotp(t, secret), trustDevice: true });
      assert.equal((await overviewOf(b)).trustedDevices.length, 1);

      const before = b.jar.get('portico_session');
      const off = SecurityOverview.parse(await (await b.post(apiPaths.mfaDisable, { method: 'totp' })).json());
      assert.equal(off.totp, null);
      assert.deepEqual(off.trustedDevices, []);
      assert.notEqual(b.jar.get('portico_session'), before, 'renewed');
      await t.services.delivery.settled();
      assert.match((await t.latestMail('off@example.se'))?.subject ?? '', /2-step verification turned off/);

      await b.post(apiPaths.signOut);
      const plain = await b.post(apiPaths.signIn, { identifier: 'off@example.se', password });
      assert.equal(DoneStep.parse(await plain.json()).step, 'done', 'password alone again');
      const again = SecurityOverview.parse(await (await b.post(apiPaths.mfaDisable, { method: 'totp' })).json());
      assert.equal(again.totp, null, 'disabling what is off changes nothing');
    });

    it('ends the other sessions on request', async () => {
      const t = testApp(store);
      const laptop = await signedInNewUser(t, 'others@example.se', '203.0.113.70');
      const phone = browser(t, '203.0.113.71');
      await phone.post(apiPaths.signIn, { identifier: 'others@example.se', password });
      const ended = EndOtherSessionsResponse.parse(await (await laptop.post(apiPaths.endOtherSessions)).json());
      assert.equal(ended.ended, 1);
      assert.equal((await phone.get(apiPaths.session)).status, 401);
      assert.equal((await laptop.get(apiPaths.session)).status, 200);
      assert.equal((await t.request('POST', apiPaths.endOtherSessions, {})).status, 401);
    });

    it('seals the app secret in the database when a key is configured', async () => {
      const secretKey = crypto.getRandomValues(new Uint8Array(32));
      const t = testApp(store, { settings: { secretKey } });
      const b = await signedInNewUser(t, 'sealed@example.se', '203.0.113.80');
      const secret = await enableTotp(t, b);
      const user = await store.findUserByEmail('sealed@example.se');
      const [factor] = await store.listFactors(user!.id);
      assert.match(factor?.secret ?? '', /^aes256gcm\./);
      assert.ok(!factor!.secret!.includes(secret), 'the database alone does not hold the secret');
      await b.post(apiPaths.signOut);
      const step = await passwordStep(b, 'sealed@example.se');
      assert.equal((await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: nextTotp(t, secret) })).status, 200);
    });
  });
}
