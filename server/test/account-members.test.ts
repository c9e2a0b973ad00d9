import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccountMembers, type AccountRole, apiPaths, DoneStep, SessionInfo } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { type Browser, errorOf } from './support/browser.ts';
import { browser, password } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const auth = { headers: { authorization: `Bearer ${adminToken}` } };

/** Roles of one account's people, by the local part of their address. */
function rolesOf(body: AccountMembers): Record<string, AccountRole> {
  return Object.fromEntries(body.members.map((m) => [m.email.split('@')[0], m.role]));
}

for (const backend of backends) {
  describe(`people of a customer account on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    const ids: Record<string, string> = {};
    let nextIp = 1;

    async function link(customerId: string, email: string, role?: AccountRole) {
      const response = await t.request('POST', apiPaths.adminAccountLinks, { customerId, email, ...(role ? { role } : {}) }, auth);
      assert.equal(response.status, 200, await response.clone().text());
    }

    /** Signs the person in (their only account is chosen silently). */
    async function signedIn(name: string): Promise<Browser> {
      const b = browser(t, `203.0.113.${nextIp++}`);
      const response = await b.post(apiPaths.signIn, { identifier: `${name}@people.example`, password });
      assert.equal(response.status, 200, await response.clone().text());
      return b;
    }

    async function members(b: Browser): Promise<Response> {
      return b.get(apiPaths.accountMembers);
    }

    before(async () => {
      store = await backend.open();
      t = testApp(store);
      for (const [customerId, name] of [
        ['SE500000001', 'People AB'],
        ['SE500000002', 'Elsewhere AB'],
      ] as const) {
        const created = await t.request('POST', apiPaths.adminAccounts, { customerId, name, mainContactEmail: 'main@people.example' }, auth);
        assert.equal(created.status, 201);
      }
      for (const name of ['olga', 'adam', 'maja', 'mats', 'eve']) ids[name] = (await t.createUser(`${name}@people.example`, password)).id;
      await link('SE500000001', 'olga@people.example'); // the first one linked owns it
      await link('SE500000001', 'adam@people.example', 'admin');
      await link('SE500000001', 'maja@people.example');
      await link('SE500000001', 'mats@people.example');
      await link('SE500000002', 'eve@people.example');
    });
    after(() => store?.close());

    it('carries the role in the session, the done step and the account list; a member sees no colleagues', async () => {
      const b = browser(t, '203.0.113.200');
      const done = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'maja@people.example', password })).json());
      assert.deepEqual(done.activeAccount, { customerId: 'SE500000001', name: 'People AB', role: 'member' });
      const info = SessionInfo.parse(await (await b.get(apiPaths.session)).json());
      assert.deepEqual(info.accounts, [{ customerId: 'SE500000001', name: 'People AB', role: 'member' }]);

      const refused = await members(b);
      assert.equal(refused.status, 403);
      assert.equal((await errorOf(refused)).code, 'role_forbidden');
      const change = await b.post(apiPaths.accountMemberRole, { userId: ids.maja, role: 'admin' });
      assert.equal((await errorOf(change)).code, 'role_forbidden', 'a member cannot make herself admin');
      const remove = await b.post(apiPaths.accountMemberRemove, { userId: ids.mats });
      assert.equal((await errorOf(remove)).code, 'role_forbidden');
    });

    it('lists the people for an owner: owners, admins, members, with their last sign-in and who is asking', async () => {
      const olga = await signedIn('olga');
      const body = AccountMembers.parse(await (await members(olga)).json());
      assert.deepEqual(body.account, { customerId: 'SE500000001', name: 'People AB', role: 'owner' });
      assert.deepEqual(
        body.members.map((m) => [m.email, m.role, m.you]),
        [
          ['olga@people.example', 'owner', true],
          ['adam@people.example', 'admin', false],
          ['maja@people.example', 'member', false],
          ['mats@people.example', 'member', false],
        ],
      );
      assert.ok(body.members[0]?.lastSignInAt, 'she signed in just now');
      assert.equal(body.members.find((m) => m.email.startsWith('mats'))?.lastSignInAt, null, 'never signed in');
      assert.ok(!JSON.stringify(body).includes('main@people.example'), 'the main contact is not a person of the account');
    });

    it('lets an admin manage admins and members but never an owner, nor make one', async () => {
      const adam = await signedIn('adam');
      assert.equal((await members(adam)).status, 200);
      const promoted = await adam.post(apiPaths.accountMemberRole, { userId: ids.mats, role: 'admin' });
      assert.equal(promoted.status, 200);
      assert.equal(rolesOf(AccountMembers.parse(await promoted.json())).mats, 'admin');
      const back = await adam.post(apiPaths.accountMemberRole, { userId: ids.mats, role: 'member' });
      assert.equal(rolesOf(AccountMembers.parse(await back.json())).mats, 'member');

      for (const [path, body] of [
        [apiPaths.accountMemberRole, { userId: ids.maja, role: 'owner' }],
        [apiPaths.accountMemberRole, { userId: ids.olga, role: 'member' }],
        [apiPaths.accountMemberRemove, { userId: ids.olga }],
      ] as const) {
        const refused = await adam.post(path, body);
        assert.equal(refused.status, 403, JSON.stringify(body));
        assert.equal((await errorOf(refused)).code, 'role_forbidden');
      }
      assert.deepEqual(rolesOf(AccountMembers.parse(await (await members(adam)).json())), { olga: 'owner', adam: 'admin', maja: 'member', mats: 'member' });
    });

    it('acts on nobody of another account, and answers an unknown person the same way', async () => {
      const olga = await signedIn('olga');
      for (const userId of [ids.eve, crypto.randomUUID()]) {
        const role = await olga.post(apiPaths.accountMemberRole, { userId, role: 'member' });
        assert.equal(role.status, 404);
        assert.equal((await errorOf(role)).code, 'not_found');
        assert.equal((await olga.post(apiPaths.accountMemberRemove, { userId })).status, 404);
      }
      assert.equal((await store.findUserAccount(ids.eve!, 'SE500000002'))?.role, 'owner', "eve's link is untouched");
      const bad = await olga.post(apiPaths.accountMemberRole, { userId: ids.maja, role: 'superuser' });
      assert.equal(bad.status, 400);
    });

    it('keeps the last owner: she can neither leave nor step down until someone else owns the account', async () => {
      const olga = await signedIn('olga');
      const stepDown = await olga.post(apiPaths.accountMemberRole, { userId: ids.olga, role: 'admin' });
      assert.equal(stepDown.status, 409);
      assert.equal((await errorOf(stepDown)).code, 'last_owner');
      assert.equal((await errorOf(await olga.post(apiPaths.accountMemberRemove, { userId: ids.olga }))).code, 'last_owner');

      const handed = await olga.post(apiPaths.accountMemberRole, { userId: ids.adam, role: 'owner' });
      assert.equal(rolesOf(AccountMembers.parse(await handed.json())).adam, 'owner');
      const down = await olga.post(apiPaths.accountMemberRole, { userId: ids.olga, role: 'admin' });
      assert.equal(down.status, 200, 'with a second owner she may step down');
      assert.equal(rolesOf(AccountMembers.parse(await down.json())).olga, 'admin');
      const info = SessionInfo.parse(await (await olga.get(apiPaths.session)).json());
      assert.equal(info.activeAccount?.role, 'admin', 'her session shows the new role at once');
    });

    it('removes someone: their login stays, the account leaves their session and list, and they cannot come back by it', async () => {
      const maja = await signedIn('maja');
      const adam = await signedIn('adam'); // an owner now
      const removed = await adam.post(apiPaths.accountMemberRemove, { userId: ids.maja });
      assert.equal(removed.status, 200);
      assert.equal(rolesOf(AccountMembers.parse(await removed.json())).maja, undefined);
      const info = SessionInfo.parse(await (await maja.get(apiPaths.session)).json());
      assert.deepEqual([info.activeAccount, info.accounts], [null, []]);
      const choose = await maja.post(apiPaths.activeAccount, { customerId: 'SE500000001' });
      assert.equal(choose.status, 404);
      assert.equal((await maja.get(apiPaths.accountMembers)).status, 409, 'she works in no account now');
      assert.ok(await store.findUserById(ids.maja!), 'the login itself stays');
    });

    it('needs a session for all of it', async () => {
      const anonymous = browser(t, '203.0.113.250');
      assert.equal((await anonymous.get(apiPaths.accountMembers)).status, 401);
      assert.equal((await anonymous.post(apiPaths.accountMemberRemove, { userId: ids.mats })).status, 401);
    });
  });
}
