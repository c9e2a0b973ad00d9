import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ActivityEntry, ActivityPage, apiPaths } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { type Browser, errorOf } from './support/browser.ts';
import { browser, enableTotp, password } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const admin = { headers: { authorization: `Bearer ${adminToken}` } };
const newPassword = 'Changed-Password-2026!';

for (const backend of backends) {
  describe(`the activity log on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    let owner: Browser;
    const ids: Record<string, string> = {};

    async function mine(b: Browser, query = ''): Promise<ActivityPage> {
      await t.services.activity.settled();
      const response = await b.get(`${apiPaths.activity}${query}`);
      assert.equal(response.status, 200, await response.clone().text());
      return ActivityPage.parse(await response.json());
    }
    const types = (page: ActivityPage) => page.entries.map((entry) => entry.type);

    before(async () => {
      store = await backend.open();
      t = testApp(store);
      assert.equal(
        (await t.request('POST', apiPaths.adminAccounts, { customerId: 'SE700000001', name: 'Log AB', mainContactEmail: 'main@log.example' }, admin)).status,
        201,
      );
      for (const name of ['olle', 'maria']) {
        ids[name] = (await t.createUser(`${name}@log.example`, password)).id;
        await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'SE700000001', email: `${name}@log.example` }, admin);
      }
      owner = browser(t, '198.51.100.77', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0');
    });
    after(() => store?.close());

    it('records sign-ins, failed ones (only for a login that exists), password and factor changes, with address and device', async () => {
      const wrong = await owner.post(apiPaths.signIn, { identifier: 'olle@log.example', password: 'Not-His-Password-1!' });
      assert.equal(wrong.status, 401);
      await owner.post(apiPaths.signIn, { identifier: 'nobody@log.example', password: 'Not-A-Password-1!' });
      assert.equal((await owner.post(apiPaths.signIn, { identifier: 'olle@log.example', password })).status, 200);
      assert.equal((await owner.post(apiPaths.changePassword, { currentPassword: password, newPassword })).status, 200);
      await owner.post(apiPaths.reauth, { password: newPassword });
      await enableTotp(t, owner);

      const page = await mine(owner);
      const order = types(page).reverse();
      const at = (type: (typeof order)[number]) => order.indexOf(type);
      assert.ok(
        at('sign_in.failed') < at('session.created') && at('session.created') < at('password.changed') && at('password.changed') < at('mfa.enabled'),
        order.join(', '),
      );
      const ofType = (type: string) => page.entries.find((entry) => entry.type === type);
      const failed = ofType('sign_in.failed')!;
      assert.deepEqual([failed.actorUserId, failed.subjectUserId, failed.detail], [null, ids.olle, { reason: 'invalid_credentials' }], 'nobody known tried');
      const signIn = ofType('session.created')!;
      assert.deepEqual([signIn.actorUserId, signIn.clientAddress, signIn.device], [ids.olle, '198.51.100.77', 'Firefox on Windows']);
      assert.deepEqual(ofType('password.changed')?.detail, { reason: 'changed' });
      assert.deepEqual(ofType('mfa.enabled')?.detail, { method: 'totp', phone: null });
      assert.ok(ofType('customer_account.linked'), 'the admin link is there too');
      assert.equal(ofType('customer_account.linked')?.actorUserId, null, 'by an administrator');

      const all = (await store.listActivity({ limit: 500 })).map((row) => JSON.stringify(row)).join('\n');
      for (const secret of [password, newPassword, 'Not-His-Password-1!', 'Not-A-Password-1!']) assert.ok(!all.includes(secret), 'no password in the log');
      assert.ok(!all.includes('nobody@log.example'), 'nothing for an address without a login');
    });

    it("pages a user's own entries, newest first, and shows nobody else's", async () => {
      const first = await mine(owner, '?limit=2');
      assert.equal(first.entries.length, 2);
      assert.ok(first.nextBefore);
      const second = await mine(owner, `?limit=2&before=${first.nextBefore}`);
      assert.ok(Number(second.entries[0]!.id) < Number(first.entries[1]!.id));
      const everything = (await mine(owner, '?limit=100')).entries;
      assert.ok(everything.every((entry: ActivityEntry) => entry.subjectUserId === ids.olle));
      assert.equal((await owner.get(`${apiPaths.activity}?limit=1000`)).status, 400);
      assert.equal((await t.request('GET', apiPaths.activity)).status, 401);
    });

    it('tells an owner what happened in the account, with who did it; a member may not read it', async () => {
      await t.store.updateName(ids.maria!, 'Maria Månsson');
      const changed = await owner.post(apiPaths.accountMemberRole, { userId: ids.maria, role: 'admin' });
      assert.equal(changed.status, 200);
      const response = await owner.get(apiPaths.accountActivity);
      assert.equal(response.status, 200);
      const page = ActivityPage.parse(await response.json());
      const role = page.entries.find((entry) => entry.type === 'customer_account.role_changed')!;
      assert.deepEqual(
        [role.actorUserId, role.subjectUserId, role.customerId, role.detail],
        [ids.olle, ids.maria, 'SE700000001', { role: 'admin', previousRole: 'member' }],
      );
      assert.ok(page.entries.every((entry) => entry.customerId === 'SE700000001'));
      assert.equal(role.subjectName, 'Maria Månsson', 'the owner sees whom it is about');
      const ownSignIn = page.entries.find((entry) => entry.type === 'session.created' && entry.subjectUserId === ids.olle);
      assert.equal(ownSignIn?.subjectName, 'olle@log.example', 'by address, for someone without a name');
      const ownLog = ActivityPage.parse(await (await owner.get(apiPaths.activity)).json());
      assert.ok(ownLog.entries.length > 0 && ownLog.entries.every((entry) => entry.subjectName === null), "a person's own log names nobody");

      const maria = browser(t, '198.51.100.78');
      await maria.post(apiPaths.signIn, { identifier: 'maria@log.example', password });
      const refused = await maria.get(apiPaths.accountActivity);
      assert.equal((await errorOf(refused)).code, 'role_forbidden', "admins manage people; the log is the owners'");
    });

    it("lets support query anyone's log by address, account and type, and logs every admin call", async () => {
      assert.equal((await t.request('GET', apiPaths.adminActivity)).status, 401);
      const byEmail = ActivityPage.parse(
        await (await t.request('GET', `${apiPaths.adminActivity}?email=OLLE@log.example&type=session.created`, undefined, admin)).json(),
      );
      assert.ok(byEmail.entries.length >= 1);
      assert.ok(byEmail.entries.every((entry) => entry.type === 'session.created' && entry.subjectUserId === ids.olle));
      const byAccount = ActivityPage.parse(await (await t.request('GET', `${apiPaths.adminActivity}?customerId=se700000001`, undefined, admin)).json());
      assert.ok(byAccount.entries.length >= 3 && byAccount.entries.every((entry) => entry.customerId === 'SE700000001'));
      const nobody = ActivityPage.parse(await (await t.request('GET', `${apiPaths.adminActivity}?email=nobody@log.example`, undefined, admin)).json());
      assert.deepEqual(nobody, { entries: [], nextBefore: null });
      assert.equal((await t.request('GET', `${apiPaths.adminActivity}?type=no.such`, undefined, admin)).status, 400);

      const actions = ActivityPage.parse(await (await t.request('GET', `${apiPaths.adminActivity}?type=admin.action&limit=100`, undefined, admin)).json());
      const paths = actions.entries.map((entry) => `${entry.detail.method} ${entry.detail.path} ${entry.detail.status}`);
      assert.ok(paths.includes(`GET ${apiPaths.adminActivity} 200`), paths.join('\n'));
      // A read is logged with where it came from, as a change is.
      const read = actions.entries.find((entry) => entry.detail.method === 'GET' && entry.detail.path === apiPaths.adminActivity);
      assert.equal(read?.clientAddress, '192.0.2.1');
      assert.ok(paths.includes(`POST ${apiPaths.adminAccountLinks} 200`));
      assert.ok(actions.entries.every((entry) => entry.actorUserId === null));
    });

    it('purges entries older than the retention', async () => {
      const before = (await store.listActivity({ limit: 1000 })).length;
      assert.ok(before > 0);
      t.clock.advance(366 * 86_400);
      assert.equal(await t.services.activity.purge(), before);
      assert.equal((await store.listActivity({ limit: 1000 })).length, 0);
    });
  });
}
