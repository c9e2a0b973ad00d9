import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CheckEmailStep,
  CreateInvitationResponse,
  DoneStep,
  EnterEmailStep,
  ErrorBody,
  presets,
  SetPasswordStep,
  SignInStep,
  VerifyEmailStep,
} from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { adminToken, sessionCookiePair, testApp } from './support/test-app.ts';

const password = 'Chosen-Password-42';
const errorOf = async (response: Response) => ErrorBody.parse(await response.json()).error;
const admin = { authorization: `Bearer ${adminToken}` };

for (const backend of backends) {
  describe(`sign-up and invitations on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('signs up with a mailed code (licensing): e-mail → code → password → signed in', async () => {
      const t = testApp(store, { policy: presets.licensing });
      const started = await t.request('POST', '/api/sign-up', { email: 'New.Person@Example.se' });
      assert.equal(started.status, 202);
      assert.deepEqual(VerifyEmailStep.parse(await started.json()), {
        step: 'verify_email',
        email: 'new.person@example.se',
        codeLength: 6,
        resendAfterSeconds: 60,
      });
      const code = await t.latestCode('new.person@example.se');
      const wrong = await t.request('POST', '/api/sign-up/verify', { email: 'new.person@example.se', code: code === '000000' ? '000001' : '000000' });
      assert.equal((await errorOf(wrong)).code, 'invalid_code');
      // Pasted with a space in the middle, as mail clients sometimes copy it.
      const verified = await t.request('POST', '/api/sign-up/verify', { email: 'new.person@example.se', code: `${code.slice(0, 3)} ${code.slice(3)}` });
      const step = SetPasswordStep.parse(await verified.json());
      assert.equal(step.purpose, 'sign_up');

      const weak = await t.request('POST', '/api/auth/set-password', { token: step.token, password: 'iloveyou' });
      assert.equal((await errorOf(weak)).code, 'weak_password');
      const created = await t.request('POST', '/api/auth/set-password', { token: step.token, password });
      const done = DoneStep.parse(await created.json());
      assert.equal(done.user.email, 'new.person@example.se');
      const cookie = sessionCookiePair(created);
      assert.equal((await t.request('GET', '/api/session', undefined, { cookie })).status, 200);
      assert.ok((await store.findUserByEmail('new.person@example.se'))?.emailVerifiedAt, 'the address counts as verified');
      const reused = await t.request('POST', '/api/auth/set-password', { token: step.token, password });
      assert.equal((await errorOf(reused)).code, 'invalid_link');
    });

    it("keeps the name asked for at sign-up (licensing) as the new user's name, after the code and the password", async () => {
      const t = testApp(store, { policy: presets.licensing });
      const config = await (await t.request('GET', '/api/config')).json();
      assert.equal(config.signUp.askName, true);
      const started = await t.request('POST', '/api/sign-up', { email: 'named@example.se', name: '  Åsa Öberg ' });
      assert.equal(started.status, 202);
      const code = await t.latestCode('named@example.se');
      const step = SetPasswordStep.parse(await (await t.request('POST', '/api/sign-up/verify', { email: 'named@example.se', code })).json());
      const created = await t.request('POST', '/api/auth/set-password', { token: step.token, password });
      assert.equal(DoneStep.parse(await created.json()).user.name, 'Åsa Öberg');
      assert.equal((await store.findUserByEmail('named@example.se'))?.name, 'Åsa Öberg');

      const badName = await t.request('POST', '/api/sign-up', { email: 'control@example.se', name: 'Bad\nName' });
      assert.equal(badName.status, 400);
      assert.equal((await errorOf(badName)).code, 'invalid_request');
    });

    it('ignores a name at sign-up where the policy does not ask for one', async () => {
      const t = testApp(store, { policy: presets.hosting });
      assert.equal((await (await t.request('GET', '/api/config')).json()).signUp.askName, false);
      await t.request('POST', '/api/sign-up', { email: 'unnamed@example.se', name: 'Not Asked' });
      const token = await t.latestLinkToken('unnamed@example.se');
      await t.request('POST', '/api/auth/set-password', { token, password });
      const user = await store.findUserByEmail('unnamed@example.se');
      assert.ok(user);
      assert.equal(user.name, null);
    });

    it('stops a sign-up code after 5 wrong tries and after 10 minutes', async () => {
      const t = testApp(store, { policy: presets.licensing });
      await t.request('POST', '/api/sign-up', { email: 'tries@example.se' });
      const code = await t.latestCode('tries@example.se');
      const wrong = code === '123456' ? '654321' : '123456';
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await errorOf(await t.request('POST', '/api/sign-up/verify', { email: 'tries@example.se', code: wrong }))).code);
      assert.deepEqual(codes, ['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'too_many_attempts']);
      assert.equal((await errorOf(await t.request('POST', '/api/sign-up/verify', { email: 'tries@example.se', code }))).code, 'too_many_attempts');

      t.clock.advance(61);
      await t.request('POST', '/api/sign-up', { email: 'tries@example.se' });
      const fresh = await t.latestCode('tries@example.se');
      t.clock.advance(600);
      assert.equal((await errorOf(await t.request('POST', '/api/sign-up/verify', { email: 'tries@example.se', code: fresh }))).code, 'code_expired');
    });

    it('answers a sign-up for an existing address exactly as for a new one, and tells only its owner', async () => {
      const t = testApp(store, { policy: presets.licensing });
      await t.createUser('taken@example.se', password);
      const taken = await t.request('POST', '/api/sign-up', { email: 'taken@example.se' }, { ip: '10.5.0.1' });
      const fresh = await t.request('POST', '/api/sign-up', { email: 'fresh@example.se' }, { ip: '10.5.0.2' });
      assert.equal(taken.status, fresh.status);
      assert.deepEqual({ ...(await taken.json()), email: 'x' }, { ...(await fresh.json()), email: 'x' });
      await t.services.delivery.settled();
      const mail = await t.latestMail('taken@example.se');
      assert.match(mail?.subject ?? '', /already have/);
      assert.doesNotMatch(mail?.text ?? '', /\b\d{6}\b/, 'no code for an existing account');
    });

    it('keeps sign-up to the allowed company domains, and closed where accounts are invited', async () => {
      const companyOnly = { ...presets.licensing, signUp: { ...presets.licensing.signUp, allowedEmailDomains: ['example.se'] } };
      const t = testApp(store, { policy: companyOnly });
      const other = await t.request('POST', '/api/sign-up', { email: 'someone@gmail.example' });
      assert.equal(other.status, 400);
      assert.equal((await errorOf(other)).code, 'email_domain_not_allowed');
      assert.equal((await t.request('POST', '/api/sign-up', { email: 'staff@Example.se' })).status, 202);
      const leasing = testApp(store, { policy: presets.leasing });
      const closed = await leasing.request('POST', '/api/sign-up', { email: 'staff2@example.se' });
      assert.equal(closed.status, 403);
      assert.equal((await errorOf(closed)).code, 'sign_up_closed');
    });

    it('signs up by link (order onboarding, hosting): e-mail → link → set credentials → confirmation → sign in', async () => {
      const t = testApp(store, { policy: presets.hosting });
      const started = await t.request('POST', '/api/sign-up', { email: 'linked@example.se' });
      assert.deepEqual(CheckEmailStep.parse(await started.json()), { step: 'check_email', email: 'linked@example.se' });
      const token = await t.latestLinkToken('linked@example.se');
      const step = SetPasswordStep.parse(await (await t.request('POST', '/api/auth/link', { token })).json());
      assert.deepEqual(step, { step: 'set_password', purpose: 'sign_up', email: 'linked@example.se', token });
      const set = await t.request('POST', '/api/auth/set-password', { token, password });
      assert.deepEqual(SignInStep.parse(await set.json()), { step: 'sign_in', notice: 'registered', identifier: 'linked@example.se' });
      assert.equal(set.headers.get('set-cookie'), null, 'the seed signs in as a separate step');
      assert.equal((await t.signIn('linked@example.se', password)).response.status, 200);
    });

    it('invites (welcome-mail invitation, leasing): welcome mail → enter e-mail → second mail → password → sign in', async () => {
      const t = testApp(store, { policy: presets.leasing });
      assert.equal((await t.request('POST', '/api/admin/invitations', { email: 'karin@example.se' })).status, 401);
      const invited = await t.request('POST', '/api/admin/invitations', { email: 'Karin@Example.se', name: 'Karin Berg' }, { headers: admin });
      assert.equal(invited.status, 201);
      assert.equal((await t.signIn('karin@example.se', '')).response.status, 400, 'no password yet');
      const lost = await t.latestLinkToken('karin@example.se');
      // The welcome mail was lost: support invites her again, and she gets a new link.
      const resent = await t.request('POST', '/api/admin/invitations', { email: 'karin@example.se' }, { headers: admin });
      assert.equal(resent.status, 200);
      assert.equal(CreateInvitationResponse.parse(await resent.json()).resent, true);

      const welcome = await t.latestLinkToken('karin@example.se');
      assert.notEqual(welcome, lost);
      assert.deepEqual(EnterEmailStep.parse(await (await t.request('POST', '/api/auth/link', { token: welcome })).json()), {
        step: 'enter_email',
        token: welcome,
      });
      const direct = await t.request('POST', '/api/auth/set-password', { token: welcome, password });
      assert.equal((await errorOf(direct)).code, 'invalid_link', 'the welcome link alone does not set a password');
      const mismatch = await t.request('POST', '/api/auth/invitation/email', { token: welcome, email: 'someone@example.se' });
      assert.equal((await errorOf(mismatch)).code, 'email_mismatch');
      const entered = await t.request('POST', '/api/auth/invitation/email', { token: welcome, email: 'KARIN@example.se' });
      assert.equal(entered.status, 202);
      assert.equal(CheckEmailStep.parse(await entered.json()).step, 'check_email');

      const confirmation = await t.latestLinkToken('karin@example.se');
      assert.notEqual(confirmation, welcome);
      const step = SetPasswordStep.parse(await (await t.request('POST', '/api/auth/link', { token: confirmation })).json());
      assert.equal(step.purpose, 'invitation');
      const set = await t.request('POST', '/api/auth/set-password', { token: confirmation, password: 'sommar2026 i skärgården' });
      assert.deepEqual(SignInStep.parse(await set.json()), { step: 'sign_in', notice: 'password_set', identifier: 'karin@example.se' });
      assert.equal((await t.signIn('karin@example.se', 'sommar2026 i skärgården')).response.status, 200);
      const again = await t.request('POST', '/api/auth/invitation/email', { token: welcome, email: 'karin@example.se' });
      assert.equal((await errorOf(again)).code, 'invalid_link');
      const duplicate = await t.request('POST', '/api/admin/invitations', { email: 'karin@example.se' }, { headers: admin });
      assert.equal(duplicate.status, 409, 'once she has a password, nothing is resent');
      assert.ok(
        (await store.listActivity({ type: 'admin.action', limit: 100 })).some((row) => row.detail['path'] === '/api/admin/invitations'),
        'each call is logged',
      );
    });

    it('ends an invitation once the person has a password by any path (a reset before the welcome link)', async () => {
      const t = testApp(store, { policy: presets.leasing });
      const invited = await t.request('POST', '/api/admin/invitations', { email: 'ines@example.se' }, { headers: admin });
      assert.equal(invited.status, 201);
      const welcome = await t.latestLinkToken('ines@example.se');
      // She enters her address (the confirmation mail comes), then uses "Forgot password?" instead.
      assert.equal((await t.request('POST', '/api/auth/invitation/email', { token: welcome, email: 'ines@example.se' })).status, 202);
      const confirmation = await t.latestLinkToken('ines@example.se');
      t.clock.advance(61);
      assert.equal((await t.request('POST', '/api/auth/forgot-password', { email: 'ines@example.se' })).status, 202);
      const reset = await t.latestLinkToken('ines@example.se');
      assert.notEqual(reset, confirmation);
      assert.equal((await t.request('POST', '/api/auth/set-password', { token: reset, password })).status, 200);

      // The confirmation link of the invitation no longer sets (or even offers) a password.
      assert.equal((await errorOf(await t.request('POST', '/api/auth/link', { token: confirmation }))).code, 'invalid_link');
      const late = await t.request('POST', '/api/auth/set-password', { token: confirmation, password: 'Someone-Else-2026!' });
      assert.equal((await errorOf(late)).code, 'invalid_link');
      assert.equal((await t.signIn('ines@example.se', password)).response.status, 200, 'her own password still works');

      // Nor does a welcome link not yet used, once the person has a password.
      const second = await t.request('POST', '/api/admin/invitations', { email: 'olle@example.se' }, { headers: admin });
      assert.equal(second.status, 201);
      const olleWelcome = await t.latestLinkToken('olle@example.se');
      t.clock.advance(61);
      await t.request('POST', '/api/auth/forgot-password', { email: 'olle@example.se' });
      assert.equal((await t.request('POST', '/api/auth/set-password', { token: await t.latestLinkToken('olle@example.se'), password })).status, 200);
      assert.equal((await errorOf(await t.request('POST', '/api/auth/link', { token: olleWelcome }))).code, 'invalid_link');
      const entered = await t.request('POST', '/api/auth/invitation/email', { token: olleWelcome, email: 'olle@example.se' });
      assert.equal((await errorOf(entered)).code, 'invalid_link');
    });
  });
}
