import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccountMembers, apiPaths, DoneStep, InviteMemberResponse, OnboardResponse, onboardPath, SetCredentialsStep, SignInStep } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { type Browser, errorOf } from './support/browser.ts';
import { browser, password } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const auth = { headers: { authorization: `Bearer ${adminToken}` } };
const chosen = 'Chosen-Credentials-2026!';

for (const backend of backends) {
  describe(`joining a customer account by a Confirm link on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    let nextIp = 1;
    const fresh = () => browser(t, `198.18.0.${nextIp++}`);

    async function account(customerId: string, name: string, legacyPassword?: string) {
      const body = { customerId, name, mainContactEmail: 'main@order.example', ...(legacyPassword ? { legacyPassword } : {}) };
      assert.equal((await t.request('POST', apiPaths.adminAccounts, body, auth)).status, 201);
    }

    function onboard(customerId: string, body: Record<string, unknown>, o: { headers: Record<string, string> } = auth) {
      return t.request('POST', onboardPath(customerId), body, o);
    }

    async function open(b: Browser, email: string): Promise<SetCredentialsStep> {
      const token = await t.latestLinkToken(email);
      const opened = await b.post(apiPaths.inspectLink, { token });
      assert.equal(opened.status, 200, await opened.clone().text());
      return SetCredentialsStep.parse(await opened.json());
    }

    before(async () => {
      store = await backend.open();
      t = testApp(store);
      await account('NL100000001', 'Order One BV', 'Legacy-Login-2019!');
      await account('NL100000002', 'Order Two BV');
      await account('NL100000003', 'Invite AB');
    });
    after(() => store?.close());

    it('onboards an order: one Confirm mail → Set credentials (name and password) → confirmation → sign in lands in the account', async () => {
      assert.equal((await onboard('NL100000001', { email: 'new@order.example' }, { headers: {} })).status, 401, 'admin only');
      const response = await onboard('nl 100000001', { email: 'New@Order.example' });
      assert.equal(response.status, 201);
      const body = OnboardResponse.parse(await response.json());
      assert.deepEqual(
        [body.created, body.user.email, body.account],
        [true, 'new@order.example', { customerId: 'NL100000001', name: 'Order One BV', role: 'owner' }],
      );

      const mail = await t.latestMail('new@order.example');
      assert.match(mail?.subject ?? '', /Confirm your e-mail address/);
      assert.match(mail?.text ?? '', /Order One BV \(customer ID NL100000001\)/);
      assert.match((await t.latestMail('main@order.example'))?.subject ?? '', /A new login was added to NL100000001/, 'the main contact is told');
      const legacy = await t.signIn('NL100000001', 'Legacy-Login-2019!');
      assert.notEqual(legacy.response.status, 200, 'the customer ID no longer signs in by itself');

      const b = fresh();
      const step = await open(b, 'new@order.example');
      assert.deepEqual(
        { ...step, token: 'x' },
        {
          step: 'set_credentials',
          purpose: 'onboarding',
          email: 'new@order.example',
          customerId: 'NL100000001',
          accountName: 'Order One BV',
          existingLogin: false,
          askName: true,
          token: 'x',
        },
      );
      const noName = await b.post(apiPaths.setCredentials, { token: step.token, password: chosen });
      assert.equal(noName.status, 400);
      assert.deepEqual((await errorOf(noName)).fields, ['name']);
      const weak = await b.post(apiPaths.setCredentials, { token: step.token, password: 'short', name: 'Nora New' });
      assert.equal((await errorOf(weak)).code, 'weak_password');
      const set = await b.post(apiPaths.setCredentials, { token: step.token, password: chosen, name: 'Nora New' });
      assert.deepEqual(SignInStep.parse(await set.json()), { step: 'sign_in', notice: 'registered', identifier: 'new@order.example' });
      assert.equal((await b.post(apiPaths.setCredentials, { token: step.token, password: chosen, name: 'Nora New' })).status, 400, 'the link works once');

      const done = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'new@order.example', password: chosen })).json());
      assert.deepEqual(done.activeAccount, { customerId: 'NL100000001', name: 'Order One BV', role: 'owner' });
      assert.equal(done.user.name, 'Nora New');
    });

    it('onboards an existing login: its password confirms the link, no second password, and the account is added', async () => {
      await t.createUser('known@order.example', password);
      const response = await onboard('NL100000002', { email: 'known@order.example', role: 'admin' });
      assert.equal(response.status, 200, 'found, not created');
      assert.equal(OnboardResponse.parse(await response.json()).account.role, 'admin');
      const b = fresh();
      const step = await open(b, 'known@order.example');
      assert.deepEqual([step.existingLogin, step.askName], [true, false]);
      const wrong = await b.post(apiPaths.setCredentials, { token: step.token, password: 'Not-The-Password-1!' });
      assert.equal((await errorOf(wrong)).code, 'invalid_credentials');
      const confirmed = await b.post(apiPaths.setCredentials, { token: step.token, password });
      assert.deepEqual(SignInStep.parse(await confirmed.json()), { step: 'sign_in', notice: 'account_linked', identifier: 'known@order.example' });
      assert.ok(await t.hasher.verify((await store.findUserByEmail('known@order.example'))!.passwordHash!, password), 'the password is unchanged');
    });

    it('refuses onboarding to an unknown account, and holds the per-address limit but no per-IP one', async () => {
      assert.equal((await onboard('NL999999999', { email: 'x@order.example' })).status, 404);
      assert.equal((await onboard('not-an-id', { email: 'x@order.example' })).status, 404);
      // Many orders from the portal's one address: each new address is its own budget.
      for (let i = 0; i < 25; i++) assert.equal((await onboard('NL100000002', { email: `bulk${i}@order.example` })).status, 201, `order ${i}`);
      let limited: Response | null = null;
      for (let i = 0; i < 12 && !limited; i++) {
        const again = await onboard('NL100000002', { email: 'bulk0@order.example' });
        if (again.status === 429) limited = again;
      }
      assert.ok(limited, 'one address cannot be mailed without end');
    });

    it('lets an owner invite a colleague who accepts, creating their login, and sees the account', async () => {
      await t.createUser('olof@invite.example', password);
      assert.equal((await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'NL100000003', email: 'olof@invite.example' }, auth)).status, 200);
      const owner = fresh();
      assert.equal((await owner.post(apiPaths.signIn, { identifier: 'olof@invite.example', password })).status, 200);
      const invited = await owner.post(apiPaths.accountMemberInvite, { email: 'Colleague@Invite.example', role: 'admin' });
      assert.equal(invited.status, 202);
      assert.deepEqual(InviteMemberResponse.parse(await invited.json()), { invited: true, email: 'colleague@invite.example', role: 'admin' });
      assert.equal(await store.findUserByEmail('colleague@invite.example'), null, 'no login until they accept');
      assert.match((await t.latestMail('colleague@invite.example'))?.subject ?? '', /invited you to Invite AB/);

      const b = fresh();
      const step = await open(b, 'colleague@invite.example');
      assert.deepEqual([step.purpose, step.existingLogin, step.askName], ['account_invitation', false, true]);
      const set = await b.post(apiPaths.setCredentials, { token: step.token, password: chosen, name: 'Cecilia Colleague' });
      assert.equal(SignInStep.parse(await set.json()).notice, 'registered');
      const done = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'colleague@invite.example', password: chosen })).json());
      assert.deepEqual(done.activeAccount, { customerId: 'NL100000003', name: 'Invite AB', role: 'admin' });
      const people = AccountMembers.parse(await (await owner.get(apiPaths.accountMembers)).json());
      assert.deepEqual(
        people.members.map((m) => [m.email, m.role]),
        [
          ['olof@invite.example', 'owner'],
          ['colleague@invite.example', 'admin'],
        ],
      );
      assert.match((await t.latestMail('main@order.example'))?.subject ?? '', /A new login was added to NL100000003/);
      const toOwner = await t.latestMail('olof@invite.example');
      assert.match(toOwner?.subject ?? '', /A new login was added to NL100000003/, 'the owners are told too');
      assert.match(toOwner?.text ?? '', /colleague@invite\.example can now sign in to Invite AB/);
      assert.equal(await t.latestMail('colleague@invite.example').then((m) => /A new login/.test(m?.subject ?? '')), false, 'not the new person');

      const again = await owner.post(apiPaths.accountMemberInvite, { email: 'colleague@invite.example', role: 'member' });
      assert.equal((await errorOf(again)).code, 'already_member');
    });

    it('keeps invitations to the roles that may: a member cannot invite, an admin cannot invite an owner', async () => {
      const admin = fresh();
      assert.equal((await admin.post(apiPaths.signIn, { identifier: 'colleague@invite.example', password: chosen })).status, 200);
      const owner = await admin.post(apiPaths.accountMemberInvite, { email: 'boss@invite.example', role: 'owner' });
      assert.equal((await errorOf(owner)).code, 'role_forbidden');
      assert.equal((await admin.post(apiPaths.accountMemberInvite, { email: 'member@invite.example', role: 'member' })).status, 202);

      const b = fresh();
      const step = await open(b, 'member@invite.example');
      await b.post(apiPaths.setCredentials, { token: step.token, password: chosen, name: 'Mona Member' });
      const member = fresh();
      assert.equal((await member.post(apiPaths.signIn, { identifier: 'member@invite.example', password: chosen })).status, 200);
      const refused = await member.post(apiPaths.accountMemberInvite, { email: 'friend@invite.example', role: 'member' });
      assert.equal(refused.status, 403);
      assert.equal((await errorOf(refused)).code, 'role_forbidden');
      assert.equal(await t.latestMail('friend@invite.example'), null, 'nothing was mailed');
    });

    it('leads nowhere once an onboarded login was removed from the account', async () => {
      const response = await onboard('NL100000003', { email: 'gone@invite.example' });
      const { user } = OnboardResponse.parse(await response.json());
      const owner = fresh();
      await owner.post(apiPaths.signIn, { identifier: 'olof@invite.example', password });
      const removed = await owner.post(apiPaths.accountMemberRemove, { userId: user.id });
      assert.equal(AccountMembers.safeParse(await removed.json()).success, true);
      const token = await t.latestLinkToken('gone@invite.example');
      const opened = await fresh().post(apiPaths.inspectLink, { token });
      assert.equal((await errorOf(opened)).code, 'invalid_link');
    });
  });
}
