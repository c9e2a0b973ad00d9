import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiPaths,
  DoneStep,
  MfaSetupStep,
  MfaStep,
  type Policy,
  PhoneCodeSent,
  presets,
  RecoveryCodes,
  SecurityOverview,
  SessionInfo,
  TotpSetup,
} from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { totpCodeAt } from '../src/services/mfa/totp.ts';
import { backends } from './support/backends.ts';
import { errorOf } from './support/browser.ts';
import { browser, enableTotp, latestSmsCode, nextTotp, password, passwordStep, signedInNewUser, wrongCode } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

const required: Policy = { ...presets.hosting, mfa: { ...presets.hosting.mfa, required: true } };

for (const backend of backends) {
  describe(`signing in with a second factor on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('enables the app only with a code from it, then asks for an app code after the password', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'app@example.se', '198.51.100.10');
      const setup = TotpSetup.parse(await (await b.post(apiPaths.totp)).json());
      const uri = new URL(setup.uri);
      assert.equal(decodeURIComponent(uri.pathname), '/Portico:app@example.se', 'issuer and account');
      assert.equal(uri.searchParams.get('issuer'), 'Portico');
      assert.equal(uri.searchParams.get('secret'), setup.secret);

      const code = totpCodeAt(setup.secret, t.clock.now());
      const wrong = await b.post(apiPaths.totpConfirm, { code: wrongCode(code) });
      assert.equal(wrong.status, 400);
      assert.equal((await errorOf(wrong)).code, 'invalid_code');
      assert.equal(SecurityOverview.parse(await (await b.get(apiPaths.security)).json()).totp, null, 'not enabled by a wrong code');

      const sessionBefore = b.jar.get('portico_session');
      const confirmed = await b.post(apiPaths.totpConfirm, { code });
      assert.ok(SecurityOverview.parse(await confirmed.json()).totp, 'enabled');
      assert.notEqual(b.jar.get('portico_session'), sessionBefore, 'a factor change renews the session token');
      const stale = await t.request('GET', apiPaths.session, undefined, { cookie: `portico_session=${sessionBefore}` });
      assert.equal(stale.status, 401, 'the token from before the change is dead');
      assert.equal((await b.get(apiPaths.session)).status, 200);
      await t.services.delivery.settled();
      assert.match((await t.latestMail('app@example.se'))?.subject ?? '', /2-step verification turned on/);

      await b.post(apiPaths.signOut);
      const signInAnswer = await b.post(apiPaths.signIn, { identifier: 'app@example.se', password });
      assert.equal(signInAnswer.headers.getSetCookie().length, 0, 'no session before the second step');
      const step = MfaStep.parse(await signInAnswer.json());
      assert.equal(step.channel, 'totp');
      assert.deepEqual(step.options, [{ channel: 'totp', destination: null }]);
      assert.equal(step.recoveryCodes, false);
      assert.equal(step.trustDeviceDays, 30);
      assert.equal(step.resendAfterSeconds, 0);
      assert.equal(Date.parse(step.expiresAt) - t.clock.now().getTime(), 10 * 60 * 1000);
      assert.equal((await b.get(apiPaths.session)).status, 401);

      // The code that enabled the app has been used: a replay is refused.
      const replay = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code });
      assert.equal((await errorOf(replay)).code, 'invalid_code');
      const next = nextTotp(t, setup.secret);
      const done = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: `${next.slice(0, 3)} ${next.slice(3)}` });
      assert.equal(done.status, 200);
      assert.equal(DoneStep.parse(await done.json()).user.email, 'app@example.se');
      assert.equal(SessionInfo.parse(await (await b.get(apiPaths.session)).json()).user.email, 'app@example.se');

      const reused = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: next });
      assert.equal((await errorOf(reused)).code, 'mfa_expired', 'a challenge works once');
      // A new sign-in cannot use the same code either: its time step is spent.
      const again = await passwordStep(b, 'app@example.se');
      const replayed = await b.post(apiPaths.mfaVerify, { challenge: again.challenge, channel: 'totp', code: next });
      assert.equal((await errorOf(replayed)).code, 'invalid_code');
      const later = await b.post(apiPaths.mfaVerify, { challenge: again.challenge, channel: 'totp', code: nextTotp(t, setup.secret) });
      assert.equal(later.status, 200);
    });

    it('lets one app code and one recovery code through once, however many requests carry it at once', async () => {
      const t = testApp(store);
      const owner = await signedInNewUser(t, 'race@example.se', '198.51.100.20');
      const secret = await enableTotp(t, owner);
      const { codes } = RecoveryCodes.parse(await (await owner.post(apiPaths.recoveryCodes)).json());

      const code = nextTotp(t, secret);
      const racers = [browser(t, '198.51.100.21'), browser(t, '198.51.100.22'), browser(t, '198.51.100.23')];
      const steps = await Promise.all(racers.map((b) => passwordStep(b, 'race@example.se')));
      const totpResults = await Promise.all(racers.map((b, i) => b.post(apiPaths.mfaVerify, { challenge: steps[i]!.challenge, channel: 'totp', code })));
      assert.deepEqual(totpResults.map((r) => r.status).sort(), [200, 400, 400]);

      const again = await Promise.all(racers.map((b) => passwordStep(b, 'race@example.se')));
      assert.ok(
        again.every((step) => step.recoveryCodes),
        'recovery codes are offered',
      );
      // Typed as people do: lower case, spaces instead of dashes.
      const typed = codes[0]!.toLowerCase().replace(/-/g, ' ');
      const recoveryResults = await Promise.all(racers.map((b, i) => b.post(apiPaths.mfaVerify, { challenge: again[i]!.challenge, recoveryCode: typed })));
      assert.deepEqual(recoveryResults.map((r) => r.status).sort(), [200, 400, 400]);
      for (const r of recoveryResults.filter((r) => r.status === 400)) assert.equal((await errorOf(r)).code, 'invalid_code');

      const overview = SecurityOverview.parse(await (await owner.get(apiPaths.security)).json());
      assert.equal(overview.recoveryCodesLeft, 9);
      await t.services.delivery.settled();
      const notice = await t.latestMail('race@example.se');
      assert.match(notice?.subject ?? '', /A recovery code was used to sign in to Portico/);
      assert.match(notice?.text ?? '', /9 recovery codes are left/);
    });

    it("ends a half-finished sign-in after the policy's minutes (mfa_expired)", async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'slow@example.se', '198.51.100.30');
      const secret = await enableTotp(t, b);
      const step = await passwordStep(b, 'slow@example.se');
      t.clock.advance(10 * 60);
      const late = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: totpCodeAt(secret, t.clock.now()) });
      assert.equal(late.status, 400);
      assert.equal((await errorOf(late)).code, 'mfa_expired');
      const forged = await b.post(apiPaths.mfaVerify, { challenge: 'x'.repeat(43), channel: 'totp', code: '123456' });
      assert.equal((await errorOf(forged)).code, 'mfa_expired');
    });

    it("burns a challenge after 5 wrong codes, and a right password does not reset the account's budget", async () => {
      const t = testApp(store);
      const ip = '198.51.100.40';
      const b = await signedInNewUser(t, 'guess@example.se', ip);
      const secret = await enableTotp(t, b);
      await b.post(apiPaths.signOut);
      t.clock.advance(30);
      const right = () => totpCodeAt(secret, t.clock.now());

      const first = await passwordStep(b, 'guess@example.se');
      for (let i = 1; i <= 4; i++) {
        const r = await b.post(apiPaths.mfaVerify, { challenge: first.challenge, channel: 'totp', code: wrongCode(right()) });
        assert.equal((await errorOf(r)).code, 'invalid_code', `try ${i}`);
      }
      const fifth = await b.post(apiPaths.mfaVerify, { challenge: first.challenge, channel: 'totp', code: wrongCode(right()) });
      assert.equal((await errorOf(fifth)).code, 'too_many_attempts');
      const burnt = await b.post(apiPaths.mfaVerify, { challenge: first.challenge, channel: 'totp', code: right() });
      assert.equal((await errorOf(burnt)).code, 'mfa_expired', 'even the right code: sign in again');

      // A new challenge: 5 more wrong codes reach the sign-in limit (10 per account in 15 minutes).
      const second = await passwordStep(b, 'guess@example.se');
      for (let i = 0; i < 5; i++) await b.post(apiPaths.mfaVerify, { challenge: second.challenge, channel: 'totp', code: wrongCode(right()) });
      const limited = await b.post(apiPaths.signIn, { identifier: 'guess@example.se', password }, { ip: '198.51.100.41' });
      assert.equal(limited.status, 429, 'the password step is limited too, from any address');
      assert.equal((await errorOf(limited)).code, 'rate_limited');

      t.clock.advance(15 * 60);
      const third = await passwordStep(b, 'guess@example.se');
      const done = await b.post(apiPaths.mfaVerify, { challenge: third.challenge, channel: 'totp', code: right() });
      assert.equal(done.status, 200);
    });

    it('skips the second factor on a trusted browser, for that user only, until it expires or is revoked', async () => {
      const t = testApp(store);
      const ip = '198.51.100.50';
      const laptop = await signedInNewUser(t, 'trust@example.se', ip);
      const secret = await enableTotp(t, laptop);
      await laptop.post(apiPaths.signOut);

      const step = await passwordStep(laptop, 'trust@example.se');
      const trusted = await laptop.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: nextTotp(t, secret), trustDevice: true });
      assert.equal(trusted.status, 200);
      const deviceCookie = trusted.headers.getSetCookie().find((c) => c.startsWith('portico_device='));
      assert.ok(deviceCookie, 'a trusted-device cookie');
      assert.match(deviceCookie, /HttpOnly/);
      assert.match(deviceCookie, /SameSite=Lax/);
      assert.match(deviceCookie, /Path=\//);
      const expires = Date.parse(/Expires=([^;]+)/.exec(deviceCookie)?.[1] ?? '');
      assert.ok(Math.abs(expires - (t.clock.now().getTime() + 30 * 86_400_000)) < 1000, '30 days');

      await laptop.post(apiPaths.signOut);
      const skipped = await laptop.post(apiPaths.signIn, { identifier: 'trust@example.se', password });
      assert.equal(DoneStep.parse(await skipped.json()).step, 'done', 'no code on the trusted browser');

      const overview = SecurityOverview.parse(await (await laptop.get(apiPaths.security)).json());
      assert.equal(overview.trustedDevices.length, 1);
      assert.equal(overview.trustedDevices[0]!.label, 'Chrome on Linux');
      assert.equal(overview.trustedDevices[0]!.current, true);

      // Another browser of the same user is asked; so is another user on the trusted browser.
      await passwordStep(browser(t, ip), 'trust@example.se');
      const other = await signedInNewUser(t, 'trust-other@example.se', '198.51.100.51');
      await enableTotp(t, other);
      await laptop.post(apiPaths.signOut);
      await passwordStep(laptop, 'trust-other@example.se');

      // Revoked from another session: the laptop is asked again.
      const phone = browser(
        t,
        '198.51.100.52',
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      );
      const phoneStep = await passwordStep(phone, 'trust@example.se');
      await phone.post(apiPaths.mfaVerify, { challenge: phoneStep.challenge, channel: 'totp', code: nextTotp(t, secret) });
      const seen = SecurityOverview.parse(await (await phone.get(apiPaths.security)).json());
      assert.equal(seen.trustedDevices[0]!.current, false, 'not this browser');
      const revoked = await phone.post(apiPaths.trustedDeviceRevoke, { id: seen.trustedDevices[0]!.id });
      assert.deepEqual(SecurityOverview.parse(await revoked.json()).trustedDevices, []);
      await passwordStep(laptop, 'trust@example.se');
      const unknown = await phone.post(apiPaths.trustedDeviceRevoke, { id: seen.trustedDevices[0]!.id });
      assert.equal((await errorOf(unknown)).code, 'not_found');
      assert.equal((await errorOf(await phone.post(apiPaths.trustedDeviceRevoke, { id: 'not-a-uuid' }))).code, 'not_found');

      // Trusted again, then time runs out.
      const again = await passwordStep(laptop, 'trust@example.se');
      await laptop.post(apiPaths.mfaVerify, { challenge: again.challenge, channel: 'totp', code: nextTotp(t, secret), trustDevice: true });
      await laptop.post(apiPaths.signOut);
      t.clock.advance(30 * 86_400 - 60);
      const stillTrusted = await laptop.post(apiPaths.signIn, { identifier: 'trust@example.se', password });
      assert.equal(DoneStep.parse(await stillTrusted.json()).step, 'done');
      t.clock.advance(61);
      await passwordStep(laptop, 'trust@example.se');
    });

    it('licensing: mails a code at every sign-in, the only method, and trusts no device (licensing portal)', async () => {
      const t = testApp(store, { policy: presets.licensing });
      await t.createUser('licensee@example.se', password);
      const b = browser(t, '198.51.100.60');
      const step = await passwordStep(b, 'licensee@example.se');
      assert.equal(step.channel, 'email');
      assert.deepEqual(step.options, [{ channel: 'email', destination: 'l•••@example.se' }]);
      assert.equal(step.trustDeviceDays, null);
      assert.equal(step.recoveryCodes, false);
      assert.equal(step.resendAfterSeconds, 60);
      const mail = await t.latestMail('licensee@example.se');
      assert.match(mail?.subject ?? '', /Your Portico sign-in code/);
      const code = await t.latestCode('licensee@example.se');
      assert.doesNotMatch(mail?.subject ?? '', new RegExp(code));

      const wrong = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'email', code: wrongCode(code) });
      assert.equal((await errorOf(wrong)).code, 'invalid_code');
      const app = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code });
      assert.equal((await errorOf(app)).code, 'method_not_allowed');
      const done = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'email', code, trustDevice: true });
      assert.equal(done.status, 200);
      assert.equal(b.jar.has('portico_device'), false, 'no trusted devices in this policy');

      // Every sign-in, even a minute later: the used code does not hold back a new one.
      await b.post(apiPaths.signOut);
      const again = await passwordStep(b, 'licensee@example.se');
      assert.equal(again.channel, 'email');
      const second = await t.latestCode('licensee@example.se');
      const old = await b.post(apiPaths.mfaVerify, { challenge: again.challenge, channel: 'email', code: second === code ? wrongCode(code) : code });
      assert.equal((await errorOf(old)).code, 'invalid_code', 'the code of the last sign-in is spent');
      assert.equal((await b.post(apiPaths.mfaVerify, { challenge: again.challenge, channel: 'email', code: second })).status, 200);

      const overview = SecurityOverview.parse(await (await b.get(apiPaths.security)).json());
      assert.deepEqual(
        { available: overview.available, required: overview.required, emailCode: overview.emailCode, codes: overview.recoveryCodesLeft },
        { available: [], required: true, emailCode: true, codes: null },
      );
      assert.equal((await errorOf(await b.post(apiPaths.totp))).code, 'method_not_allowed');
      assert.equal((await errorOf(await b.post(apiPaths.recoveryCodes))).code, 'method_not_allowed');
    });

    it('has a user without a factor set one up right after the password when the policy requires it', async () => {
      const t = testApp(store, { policy: required });
      await t.createUser('must@example.se', password);
      const b = browser(t, '198.51.100.70');
      const answer = await b.post(apiPaths.signIn, { identifier: 'must@example.se', password });
      const setupStep = MfaSetupStep.parse(await answer.json());
      assert.deepEqual(setupStep.methods, ['totp', 'sms']);
      assert.equal((await b.get(apiPaths.session)).status, 401, 'not signed in yet');
      const asCode = await b.post(apiPaths.mfaVerify, { challenge: setupStep.challenge, channel: 'totp', code: '123456' });
      assert.equal((await errorOf(asCode)).code, 'mfa_expired', 'a setup challenge is no code challenge');

      const setup = TotpSetup.parse(await (await b.post(apiPaths.mfaSetupTotp, { challenge: setupStep.challenge })).json());
      const code = totpCodeAt(setup.secret, t.clock.now());
      const wrong = await b.post(apiPaths.mfaSetupTotpConfirm, { challenge: setupStep.challenge, code: wrongCode(code) });
      assert.equal((await errorOf(wrong)).code, 'invalid_code');
      const done = await b.post(apiPaths.mfaSetupTotpConfirm, { challenge: setupStep.challenge, code, trustDevice: true });
      assert.equal(DoneStep.parse(await done.json()).user.email, 'must@example.se');
      assert.equal((await b.get(apiPaths.session)).status, 200);
      assert.ok(b.jar.has('portico_device'));

      // From now on a code is asked (on another browser: this one is trusted).
      const step = await passwordStep(browser(t, '198.51.100.71'), 'must@example.se');
      assert.equal(step.channel, 'totp');

      // The SMS way through the same step.
      await t.createUser('must-sms@example.se', password);
      const c = browser(t, '198.51.100.72');
      const smsStep = MfaSetupStep.parse(await (await c.post(apiPaths.signIn, { identifier: 'must-sms@example.se', password })).json());
      const invalid = await c.post(apiPaths.mfaSetupSms, { challenge: smsStep.challenge, phone: '+46 8 123 456 78' });
      assert.equal((await errorOf(invalid)).code, 'invalid_phone', 'a landline receives no texts');
      const sent = PhoneCodeSent.parse(await (await c.post(apiPaths.mfaSetupSms, { challenge: smsStep.challenge, phone: '+46 70 111 22 33' })).json());
      assert.equal(sent.phone, '+46701112233');
      const texted = await latestSmsCode(t, '+46701112233');
      const smsDone = await c.post(apiPaths.mfaSetupSmsConfirm, { challenge: smsStep.challenge, code: texted });
      assert.equal(smsDone.status, 200);
      const used = await c.post(apiPaths.mfaSetupSmsConfirm, { challenge: smsStep.challenge, code: texted });
      assert.equal((await errorOf(used)).code, 'mfa_expired');
    });

    it('gives a wrong password the same answer whether or not the user has a second factor', async () => {
      const t = testApp(store);
      const withFactor = await signedInNewUser(t, 'guarded2fa@example.se', '198.51.100.80');
      await enableTotp(t, withFactor);
      await t.createUser('plain2fa@example.se', password);
      const a = await t.request('POST', apiPaths.signIn, { identifier: 'guarded2fa@example.se', password: 'wrong password!' }, { ip: '198.51.100.81' });
      const b = await t.request('POST', apiPaths.signIn, { identifier: 'plain2fa@example.se', password: 'wrong password!' }, { ip: '198.51.100.82' });
      const c = await t.request('POST', apiPaths.signIn, { identifier: 'nobody2fa@example.se', password: 'wrong password!' }, { ip: '198.51.100.83' });
      assert.deepEqual([a.status, b.status, c.status], [401, 401, 401]);
      const [ba, bb, bc] = [await a.json(), await b.json(), await c.json()];
      assert.deepEqual(ba, bb);
      assert.deepEqual(ba, bc);
      assert.equal(a.headers.getSetCookie().length, 0);
    });
  });
}
