import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiPaths,
  DoneStep,
  LoginStatusResponse,
  MfaStep,
  ResetFactorsResponse,
  SessionInfo,
  SessionToken,
  SupportSearchResult,
  SupportUserView,
  userPath,
} from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { errorOf } from './support/browser.ts';
import { browser, enableTotp, nextTotp, password, passwordStep, signedInNewUser } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const admin = { headers: { authorization: `Bearer ${adminToken}` } };
const apiKey = 'host-back-end-api-key-support-0123456789';

for (const backend of backends) {
  describe(`support operations on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store, { settings: { apiKeys: [apiKey] } });
    });
    after(() => store?.close());

    const search = async (q: string) =>
      SupportSearchResult.parse(await (await t.request('GET', `${apiPaths.adminUserSearch}?q=${encodeURIComponent(q)}`, undefined, admin)).json());

    it('finds a person by e-mail, customer ID or a part of the name, with their accounts, for an admin only', async () => {
      const { id } = await t.createUser('sara.svensson@support.example', password);
      await store.updateName(id, 'Sara 100% Svensson');
      await t.request('POST', apiPaths.adminAccounts, { customerId: 'SE800000001', name: 'Support AB', mainContactEmail: 'main@support.example' }, admin);
      await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'SE800000001', email: 'sara.svensson@support.example' }, admin);

      assert.equal((await t.request('GET', `${apiPaths.adminUserSearch}?q=sara`)).status, 401);
      for (const q of ['Sara.Svensson@Support.example', 'se 800000001', 'svens', '100%']) {
        const found = await search(q);
        assert.deepEqual(
          found.users.map((u) => [u.user.email, u.accounts.map((a) => `${a.customerId}:${a.role}`)]),
          [['sara.svensson@support.example', ['SE800000001:owner']]],
          q,
        );
      }
      assert.deepEqual((await search('nobody@support.example')).users, []);
      assert.deepEqual((await search('_')).users, [], 'an underscore is a character, not a wildcard');
    });

    it('resets a lost phone: every factor goes, every session ends, the person is mailed, and signs in without a code', async () => {
      const b = await signedInNewUser(t, 'phone.lost@support.example', '198.51.100.90');
      await enableTotp(t, b);
      const userId = (await store.findUserByEmail('phone.lost@support.example'))!.id;
      const step = await browser(t, '198.51.100.91').post(apiPaths.signIn, { identifier: 'phone.lost@support.example', password });
      assert.equal(MfaStep.parse(await step.json()).step, 'mfa', 'a code is due before the reset');

      const seen = SupportUserView.parse(await (await t.request('GET', userPath(apiPaths.adminUser, userId), undefined, admin)).json());
      assert.equal(seen.factors.totp, true);
      assert.ok(seen.sessions.length >= 1);
      assert.ok(seen.activity.some((entry) => entry.type === 'mfa.enabled'));
      assert.ok(!JSON.stringify(seen).includes(password), 'no secret');

      const reset = await t.request('POST', userPath(apiPaths.adminUserResetFactors, userId), {}, admin);
      assert.equal(reset.status, 200);
      const body = ResetFactorsResponse.parse(await reset.json());
      assert.ok(body.removed.includes('totp'));
      assert.ok(body.sessionsEnded >= 1);
      assert.equal((await b.get(apiPaths.session)).status, 401, 'signed out everywhere');
      assert.match((await t.latestMail('phone.lost@support.example'))?.subject ?? '', /2-step verification reset/);

      const again = await browser(t, '198.51.100.92').post(apiPaths.signIn, { identifier: 'phone.lost@support.example', password });
      assert.equal(DoneStep.parse(await again.json()).step, 'done', 'the password alone signs in now');
      const after = SupportUserView.parse(await (await t.request('GET', userPath(apiPaths.adminUser, userId), undefined, admin)).json());
      assert.deepEqual(after.factors, { totp: false, smsPhone: null, recoveryPhone: null, recoveryCodesLeft: null, passkeys: 0 });
      const disabled = after.activity.find((entry) => entry.type === 'mfa.disabled');
      assert.equal(disabled?.actorUserId, null, 'done by support');
      assert.ok(after.activity.some((entry) => entry.type === 'session.ended' && entry.detail.reason === 'factors_reset'));

      assert.equal((await t.request('POST', userPath(apiPaths.adminUserResetFactors, crypto.randomUUID()), {}, admin)).status, 404);
      assert.equal((await t.request('GET', userPath(apiPaths.adminUser, 'not-a-uuid'), undefined, admin)).status, 404);
    });

    it('lifts a sign-in lock for a login, from every network at once', async () => {
      await t.createUser('locked.out@support.example', password);
      for (const ip of ['198.51.100.101', '198.51.100.102']) {
        for (let i = 0; i < 10; i++) await browser(t, ip).post(apiPaths.signIn, { identifier: 'locked.out@support.example', password: `Wrong-Password-${i}!` });
      }
      const refused = await browser(t, '198.51.100.103').post(apiPaths.signIn, { identifier: 'locked.out@support.example', password });
      assert.equal(refused.status, 429, 'too many failures for the account');
      assert.equal((await t.request('POST', apiPaths.adminUnlock, {}, admin)).status, 400, 'a login or an address');
      assert.equal((await t.request('POST', apiPaths.adminUnlock, { login: 'locked.out@support.example' })).status, 401);
      assert.equal((await t.request('POST', apiPaths.adminUnlock, { login: 'Locked.Out@Support.example' }, admin)).status, 200);
      assert.equal((await browser(t, '198.51.100.103').post(apiPaths.signIn, { identifier: 'locked.out@support.example', password })).status, 200);
      assert.equal(
        (await browser(t, '198.51.100.101').post(apiPaths.signIn, { identifier: 'locked.out@support.example', password })).status,
        200,
        'and from the network that failed',
      );
      assert.equal((await t.request('POST', apiPaths.adminUnlock, { clientAddress: '198.51.100.101' }, admin)).status, 200);
      assert.equal((await t.request('POST', apiPaths.adminUnlock, { clientAddress: 'not-an-address' }, admin)).status, 400);
    });

    it("unlinks a login from an account as an administrator, keeping the account's last owner", async () => {
      await t.request('POST', apiPaths.adminAccounts, { customerId: 'SE800000002', name: 'Unlink AB', mainContactEmail: 'main@support.example' }, admin);
      for (const email of ['first.owner@support.example', 'second.person@support.example']) {
        await t.createUser(email, password);
        await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'SE800000002', email }, admin);
      }
      const b = browser(t, '198.51.100.110');
      await b.post(apiPaths.signIn, { identifier: 'second.person@support.example', password });
      const unlinked = await t.request('POST', apiPaths.adminAccountUnlink, { customerId: 'se 800000002', email: 'second.person@support.example' }, admin);
      assert.equal(unlinked.status, 200);
      assert.deepEqual(SessionInfo.parse(await (await b.get(apiPaths.session)).json()).accounts, [], 'their session works in no account now');
      assert.equal(
        (await t.request('POST', apiPaths.adminAccountUnlink, { customerId: 'SE800000002', email: 'second.person@support.example' }, admin)).status,
        404,
      );
      const last = await t.request('POST', apiPaths.adminAccountUnlink, { customerId: 'SE800000002', email: 'first.owner@support.example' }, admin);
      assert.equal((await errorOf(last)).code, 'last_owner');
      const entry = (await store.listActivity({ type: 'customer_account.unlinked', limit: 5 }))[0];
      assert.deepEqual([entry?.actorUserId, entry?.customerId], [null, 'SE800000002'], 'logged as done by an administrator');
    });

    it('disables a login: every way in answers it like a wrong password, it is signed out everywhere; enabling lets it back', async () => {
      const email = 'left.the.company@support.example';
      const b = await signedInNewUser(t, email, '198.51.100.120');
      const secret = await enableTotp(t, b);
      const userId = (await store.findUserByEmail(email))!.id;
      // Under way when support acts: a sign-in waiting for its code, and a reset link in the mailbox.
      const halfway = browser(t, '198.51.100.121');
      const step = await passwordStep(halfway, email);
      await browser(t, '198.51.100.122').post(apiPaths.forgotPassword, { email });
      const resetToken = await t.latestLinkToken(email);

      const disablePath = userPath(apiPaths.adminUserDisable, userId);
      assert.equal((await t.request('POST', disablePath, {})).status, 401, 'an administrator only');
      const disabled = LoginStatusResponse.parse(await (await t.request('POST', disablePath, {}, admin)).json());
      assert.ok(disabled.disabledAt);
      assert.equal(disabled.sessionsEnded, 1);
      assert.equal((await b.get(apiPaths.session)).status, 401, 'signed out at once');
      const again = LoginStatusResponse.parse(await (await t.request('POST', disablePath, {}, admin)).json());
      assert.deepEqual(again, { disabledAt: disabled.disabledAt, sessionsEnded: 0 }, 'disabling twice keeps the first time');

      // The right password gets the wrong password's answer, which is also an unknown address's.
      const answer = async (identifier: string, tried: string, ip: string) => {
        const response = await browser(t, ip).post(apiPaths.signIn, { identifier, password: tried });
        return { status: response.status, body: await response.json() };
      };
      const right = await answer(email, password, '198.51.100.123');
      assert.equal(right.status, 401);
      assert.deepEqual(right, await answer(email, 'Not-The-Password-2026!', '198.51.100.124'));
      assert.deepEqual(right, await answer('nobody.here@support.example', password, '198.51.100.125'));

      const code = nextTotp(t, secret);
      const late = await halfway.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code });
      assert.equal((await errorOf(late)).code, 'mfa_expired', 'a sign-in waiting for its code is over');
      const reset = await browser(t, '198.51.100.122').post(apiPaths.setPassword, { token: resetToken, password: 'A-Brand-New-Password-2026!' });
      assert.equal((await errorOf(reset)).code, 'invalid_link', 'a reset link mailed before sets nothing');
      const mailsBefore = await store.listOutbox({ recipient: email, channel: 'email', limit: 100 });
      t.clock.advance(120); // past the resend cooldown of the first reset
      const asked = await browser(t, '198.51.100.126').post(apiPaths.forgotPassword, { email });
      const nobody = await browser(t, '198.51.100.126').post(apiPaths.forgotPassword, { email: 'nobody.at.all@support.example' });
      const shape = async (response: Response) => ({ status: response.status, step: ((await response.json()) as { step: string }).step });
      assert.deepEqual(await shape(asked), await shape(nobody), 'asking for a reset looks as for an unknown address');
      await t.services.delivery.settled();
      assert.equal((await store.listOutbox({ recipient: email, channel: 'email', limit: 100 })).length, mailsBefore.length, 'but mails nothing');

      const seen = SupportUserView.parse(await (await t.request('GET', userPath(apiPaths.adminUser, userId), undefined, admin)).json());
      assert.equal(seen.disabledAt, disabled.disabledAt);
      assert.deepEqual(seen.sessions, []);
      assert.equal((await search(email)).users[0]?.disabledAt, disabled.disabledAt);
      await t.services.activity.settled();
      const log = await store.listActivity({ subjectUserId: userId, limit: 50 });
      const entry = log.find((row) => row.type === 'user.disabled');
      assert.equal(entry?.actorUserId, null, 'logged as done by an administrator');
      assert.ok(log.some((row) => row.type === 'session.ended' && row.detail['reason'] === 'login_disabled'));
      assert.ok(
        log.some((row) => row.type === 'sign_in.failed' && row.detail['reason'] === 'login_disabled'),
        'support sees why a sign-in failed',
      );
      assert.ok(
        (await store.listActivity({ type: 'admin.action', limit: 50 })).some((row) => row.detail['path'] === disablePath && row.detail['status'] === 200),
      );

      const enabled = await t.request('POST', userPath(apiPaths.adminUserEnable, userId), {}, admin);
      assert.deepEqual(LoginStatusResponse.parse(await enabled.json()), { disabledAt: null, sessionsEnded: 0 });
      assert.equal((await passwordStep(browser(t, '198.51.100.127'), email)).step, 'mfa', 'signs in again, with the factors it had');
      assert.ok((await store.listActivity({ subjectUserId: userId, type: 'user.enabled', limit: 5 })).length === 1);
      assert.equal((await t.request('POST', userPath(apiPaths.adminUserDisable, crypto.randomUUID()), {}, admin)).status, 404);
      assert.equal((await t.request('POST', userPath(apiPaths.adminUserEnable, 'not-a-uuid'), {}, admin)).status, 404);
    });

    it("refuses a disabled login's session even where it was not ended (a sign-in finishing as support disabled it)", async () => {
      const email = 'raced.support@support.example';
      const b = await signedInNewUser(t, email, '198.51.100.130');
      const { token } = SessionToken.parse(await (await b.post(apiPaths.sessionToken)).json());
      const userId = (await store.findUserByEmail(email))!.id;
      // The flag alone, as if the session had been made after the sessions were ended.
      await store.setUserDisabled(userId, t.clock.now());
      t.services.sessions.forgetUser(userId);
      assert.equal((await b.get(apiPaths.session)).status, 401);
      const live = await t.request('POST', apiPaths.sessionsValidate, { token }, { headers: { authorization: `Bearer ${apiKey}` } });
      assert.equal((await errorOf(live)).code, 'unauthenticated', 'a host back end hears the session is over');
    });
  });
}
