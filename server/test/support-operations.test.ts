import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, DoneStep, MfaStep, ResetFactorsResponse, SessionInfo, SupportSearchResult, SupportUserView, userPath } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { errorOf } from './support/browser.ts';
import { browser, enableTotp, password, signedInNewUser } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const admin = { headers: { authorization: `Bearer ${adminToken}` } };

for (const backend of backends) {
  describe(`support operations on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store);
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
        assert.deepEqual(found.users.map((u) => [u.user.email, u.accounts.map((a) => `${a.customerId}:${a.role}`)]), [['sara.svensson@support.example', ['SE800000001:owner']]], q);
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
      assert.equal((await browser(t, '198.51.100.101').post(apiPaths.signIn, { identifier: 'locked.out@support.example', password })).status, 200, 'and from the network that failed');
      assert.equal((await t.request('POST', apiPaths.adminUnlock, { clientAddress: '198.51.100.101' }, admin)).status, 200);
      assert.equal((await t.request('POST', apiPaths.adminUnlock, { clientAddress: 'not-an-address' }, admin)).status, 400);
    });

    it('unlinks a login from an account as an administrator, keeping the account\'s last owner', async () => {
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
      assert.equal((await t.request('POST', apiPaths.adminAccountUnlink, { customerId: 'SE800000002', email: 'second.person@support.example' }, admin)).status, 404);
      const last = await t.request('POST', apiPaths.adminAccountUnlink, { customerId: 'SE800000002', email: 'first.owner@support.example' }, admin);
      assert.equal((await errorOf(last)).code, 'last_owner');
      const entry = (await store.listActivity({ type: 'customer_account.unlinked', limit: 5 }))[0];
      assert.deepEqual([entry?.actorUserId, entry?.customerId], [null, 'SE800000002'], 'logged as done by an administrator');
    });
  });
}
