import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, ChooseAccountStep, CreateCustomerAccountResponse, DoneStep, LinkAccountResponse, SessionInfo } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { Browser, errorOf } from './support/browser.ts';
import { browser, enableTotp, nextTotp, password, passwordStep } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const auth = { headers: { authorization: `Bearer ${adminToken}` } };

function createAccount(t: TestApp, body: Record<string, unknown>) {
  return t.request('POST', apiPaths.adminAccounts, body, auth);
}

async function account(t: TestApp, customerId: string, name: string): Promise<void> {
  const response = await createAccount(t, { customerId, name, mainContactEmail: 'main.contact@example.se' });
  assert.equal(response.status, 201, await response.clone().text());
}

async function link(t: TestApp, customerId: string, email: string): Promise<void> {
  const response = await t.request('POST', apiPaths.adminAccountLinks, { customerId, email }, auth);
  assert.equal(response.status, 200, await response.clone().text());
}

/** A user linked to these accounts, and a browser on its own IP that has not signed in yet. */
async function userWithAccounts(t: TestApp, email: string, ip: string, customerIds: readonly string[]): Promise<Browser> {
  await t.createUser(email, password);
  for (const customerId of customerIds) await link(t, customerId, email);
  return browser(t, ip);
}

async function session(b: Browser): Promise<SessionInfo> {
  const response = await b.get(apiPaths.session);
  assert.equal(response.status, 200);
  return SessionInfo.parse(await response.json());
}

for (const backend of backends) {
  describe(`customer accounts on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store);
      // Names sort differently from IDs: the lists are by name.
      await account(t, 'NL123421341', 'Zeta Hosting BV');
      await account(t, 'SG234124123', 'Alpha Pte Ltd');
      await account(t, 'US523453454', 'Mid Corp');
      await account(t, 'DE245344254', 'Others GmbH');
    });
    after(() => store?.close());

    it('creates accounts through the admin API: legacy ID format checked and normalised, duplicates refused', async () => {
      const created = await createAccount(t, {
        customerId: 'cdn 1010101010',
        name: '  Canada Inc  ',
        mainContactEmail: 'Boss@Example.se',
        legacyPassword: 'Legacy-Pass-2019!',
      });
      assert.equal(created.status, 201);
      const body = CreateCustomerAccountResponse.parse(await created.json());
      assert.equal(body.account.customerId, 'CDN1010101010');
      assert.ok(!JSON.stringify(body).includes('boss@example.se'), 'the main contact is never echoed');
      const stored = await store.findCustomerAccount('CDN1010101010');
      assert.equal(stored?.mainContactEmail, 'boss@example.se');
      assert.match(stored?.legacyPasswordHash ?? '', /^\$argon2id\$/);
      assert.ok(await t.hasher.verify(stored?.legacyPasswordHash ?? '', 'Legacy-Pass-2019!'));

      const lower = await createAccount(t, { customerId: 'nl123421341', name: 'Again', mainContactEmail: 'a@example.se' });
      assert.equal(lower.status, 409, 'nl123421341 is NL123421341, which exists');
      assert.equal((await errorOf(lower)).code, 'conflict');

      for (const customerId of ['N123', 'NL12345678', 'NL12345678901', 'NL-123421341', 'NLXY123421341', '123421341NL', 'ab@example.se', '']) {
        const refused = await createAccount(t, { customerId, name: 'Bad', mainContactEmail: 'a@example.se' });
        assert.equal(refused.status, 400, customerId);
        const error = await errorOf(refused);
        assert.equal(error.code, 'invalid_request');
        assert.deepEqual(error.fields, ['customerId'], customerId);
      }
      const missing = await createAccount(t, { customerId: 'FR123456789', mainContactEmail: 'not-an-email' });
      assert.deepEqual((await errorOf(missing)).fields?.sort(), ['mainContactEmail', 'name']);
      const weak = await createAccount(t, { customerId: 'FR123456789', name: 'Weak', mainContactEmail: 'a@example.se', legacyPassword: 'password1' });
      assert.equal(weak.status, 400);
      assert.equal((await errorOf(weak)).code, 'weak_password');
      assert.equal(await store.findCustomerAccount('FR123456789'), null);

      const withoutValidToken: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }];
      for (const headers of withoutValidToken) {
        const closed = await t.request('POST', apiPaths.adminAccounts, { customerId: 'FR123456789', name: 'X', mainContactEmail: 'a@example.se' }, { headers });
        assert.equal(closed.status, 401);
        assert.equal((await errorOf(closed)).code, 'unauthorized');
        const closedLink = await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'NL123421341', email: 'a@example.se' }, { headers });
        assert.equal(closedLink.status, 401);
      }
    });

    it('links users to accounts through the admin API; unknown users and accounts are 404', async () => {
      await t.createUser('linker@example.se', password);
      const linked = await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'us 523453454', email: 'Linker@Example.se' }, auth);
      assert.equal(linked.status, 200);
      assert.deepEqual(LinkAccountResponse.parse(await linked.json()), {
        linked: true,
        account: { customerId: 'US523453454', name: 'Mid Corp', role: 'owner' },
      });
      const twice = await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'US523453454', email: 'linker@example.se' }, auth);
      assert.equal(twice.status, 200, 'linking twice is harmless');
      const user = await store.findUserByEmail('linker@example.se');
      assert.deepEqual(
        (await store.listUserAccounts(user?.id ?? '')).map((a) => a.account.customerId),
        ['US523453454'],
      );

      const noUser = await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'US523453454', email: 'nobody@example.se' }, auth);
      assert.equal(noUser.status, 404);
      assert.equal((await errorOf(noUser)).code, 'not_found');
      const noAccount = await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'US999999999', email: 'linker@example.se' }, auth);
      assert.equal(noAccount.status, 404);
      assert.equal((await errorOf(noAccount)).code, 'not_found');
      const invalid = await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'N123', email: 'linker' }, auth);
      assert.deepEqual((await errorOf(invalid)).fields?.sort(), ['customerId', 'email']);
    });

    it('signs a user of no account in with no active account', async () => {
      const b = await userWithAccounts(t, 'none@example.se', '198.51.100.1', []);
      const done = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'none@example.se', password })).json());
      assert.equal(done.activeAccount, null);
      assert.deepEqual(done.accounts, []);
      const info = await session(b);
      assert.equal(info.activeAccount, null);
      assert.deepEqual(info.accounts, []);
    });

    it('chooses the only account silently', async () => {
      const b = await userWithAccounts(t, 'one@example.se', '198.51.100.2', ['SG234124123']);
      const done = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'one@example.se', password })).json());
      const alpha = { customerId: 'SG234124123', name: 'Alpha Pte Ltd', role: 'owner' };
      assert.deepEqual(done.activeAccount, alpha);
      assert.deepEqual(done.accounts, [alpha]);
      const info = await session(b);
      assert.deepEqual(info.activeAccount, alpha);
      assert.deepEqual(info.accounts, [alpha]);
    });

    it('asks a user of several accounts to choose (by name), then switches without a new sign-in', async () => {
      const b = await userWithAccounts(t, 'two@example.se', '198.51.100.3', ['NL123421341', 'SG234124123', 'US523453454']);
      const signIn = await b.post(apiPaths.signIn, { identifier: 'two@example.se', password });
      assert.equal(signIn.status, 200);
      const step = ChooseAccountStep.parse(await signIn.json());
      assert.deepEqual(
        step.accounts.map((a) => [a.name, a.role]),
        [
          ['Alpha Pte Ltd', 'member'],
          ['Mid Corp', 'member'],
          ['Zeta Hosting BV', 'owner'],
        ],
        'each with their role',
      );

      // The session exists already, working in no account until one is chosen.
      const before = await session(b);
      assert.equal(before.user.email, 'two@example.se');
      assert.equal(before.activeAccount, null);
      assert.deepEqual(before.accounts, step.accounts);

      const chosen = await b.post(apiPaths.activeAccount, { customerId: 'nl 123421341' });
      assert.equal(chosen.status, 200);
      const done = DoneStep.parse(await chosen.json());
      assert.deepEqual(done.activeAccount, { customerId: 'NL123421341', name: 'Zeta Hosting BV', role: 'owner' });
      assert.deepEqual(done.accounts, step.accounts);
      assert.equal(done.user.email, 'two@example.se');
      assert.equal((await session(b)).activeAccount?.customerId, 'NL123421341');

      // Switching: answered at once, although the session check is cached for a few seconds.
      const switched = DoneStep.parse(await (await b.post(apiPaths.activeAccount, { customerId: 'US523453454' })).json());
      assert.equal(switched.activeAccount?.customerId, 'US523453454');
      assert.equal((await session(b)).activeAccount?.customerId, 'US523453454');

      // Signing in again asks again: each session chooses its own.
      const again = ChooseAccountStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'two@example.se', password })).json());
      assert.equal(again.accounts.length, 3);
      assert.equal((await session(b)).activeAccount, null);
    });

    it('never shows or acts on an account the user is not linked to', async () => {
      const b = await userWithAccounts(t, 'mine@example.se', '198.51.100.4', ['NL123421341', 'SG234124123']);
      ChooseAccountStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'mine@example.se', password })).json());
      const info = await session(b);
      assert.deepEqual(
        info.accounts.map((a) => a.customerId),
        ['SG234124123', 'NL123421341'],
      );
      assert.ok(!JSON.stringify(info).includes('DE245344254'), "others' accounts are never listed");
      assert.ok(!JSON.stringify(info).includes('main.contact@'), 'nor the main contact');

      const others = await b.post(apiPaths.activeAccount, { customerId: 'DE245344254' });
      const unknown = await b.post(apiPaths.activeAccount, { customerId: 'DE999999999' });
      assert.equal(others.status, 404);
      assert.equal(unknown.status, 404);
      assert.deepEqual(await others.json(), await unknown.json(), 'an existing account of others answers like none at all');
      assert.equal((await session(b)).activeAccount, null, 'nothing changed');

      const invalid = await b.post(apiPaths.activeAccount, { customerId: 'N123' });
      assert.equal(invalid.status, 400);
      assert.deepEqual((await errorOf(invalid)).fields, ['customerId']);
      const anonymous = await browser(t, '198.51.100.5').post(apiPaths.activeAccount, { customerId: 'NL123421341' });
      assert.equal(anonymous.status, 401);
      assert.equal((await errorOf(anonymous)).code, 'unauthenticated');
    });

    it('shows a switch, a new link, another role and an unlinking at the very next session check', async () => {
      const email = 'next-check@example.se';
      // An account of its own, so this user is its first link, and so its owner.
      await account(t, 'SE700000007', 'Beta Check AB');
      const b = await userWithAccounts(t, email, '198.51.100.6', ['NL123421341', 'SE700000007']);
      ChooseAccountStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password })).json());
      // Checked twice: the session, its user and its accounts are now in this node's memory (where it keeps them).
      assert.equal((await session(b)).activeAccount, null);
      assert.equal((await session(b)).accounts.length, 2);
      const owner = (info: SessionInfo, customerId: string) => info.accounts.find((a) => a.customerId === customerId)?.role;

      await b.post(apiPaths.activeAccount, { customerId: 'SE700000007' });
      assert.equal((await session(b)).activeAccount?.customerId, 'SE700000007', 'the switch');
      await link(t, 'US523453454', email);
      assert.deepEqual(
        (await session(b)).accounts.map((a) => a.customerId),
        ['SE700000007', 'US523453454', 'NL123421341'],
        'the new link',
      );

      // Someone else becomes owner of SE700000007 and makes this user a member there.
      const other = await userWithAccounts(t, 'next-check-owner@example.se', '198.51.100.16', []);
      await link(t, 'SE700000007', 'next-check-owner@example.se');
      const user = await store.findUserByEmail(email);
      assert.equal(owner(await session(b), 'SE700000007'), 'owner');
      const otherOwner = await store.findUserByEmail('next-check-owner@example.se');
      assert.ok(user && otherOwner);
      // Two owners for a moment: the other one is given ownership by the first, who then steps down.
      assert.equal((await b.post(apiPaths.accountMemberRole, { userId: otherOwner.id, role: 'owner' })).status, 200);
      // Their only account is chosen for them at sign-in.
      DoneStep.parse(await (await other.post(apiPaths.signIn, { identifier: 'next-check-owner@example.se', password })).json());
      assert.equal((await other.post(apiPaths.accountMemberRole, { userId: user.id, role: 'member' })).status, 200);
      assert.equal(owner(await session(b), 'SE700000007'), 'member', 'the role another person gave');

      const unlinked = await t.request('POST', apiPaths.adminAccountUnlink, { customerId: 'SE700000007', email }, auth);
      assert.equal(unlinked.status, 200, await unlinked.clone().text());
      const after = await session(b);
      assert.equal(after.activeAccount, null, 'the account it worked in is gone');
      assert.deepEqual(
        after.accounts.map((a) => a.customerId),
        ['US523453454', 'NL123421341'],
      );
    });

    it('applies the same rule after the second factor, and keeps the account when the session is renewed', async () => {
      const email = 'factor@example.se';
      const b = await userWithAccounts(t, email, '198.51.100.7', ['NL123421341']);
      const done = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password })).json());
      assert.equal(done.activeAccount?.customerId, 'NL123421341');
      // Enabling the app renews the session token: the active account carries over.
      const secret = await enableTotp(t, b);
      assert.equal((await session(b)).activeAccount?.customerId, 'NL123421341');

      const one = await passwordStep(b, email);
      const afterCode = await b.post(apiPaths.mfaVerify, { challenge: one.challenge, channel: 'totp', code: nextTotp(t, secret) });
      assert.equal(DoneStep.parse(await afterCode.json()).activeAccount?.customerId, 'NL123421341');

      await link(t, 'US523453454', email);
      const two = await passwordStep(b, email);
      const picker = await b.post(apiPaths.mfaVerify, { challenge: two.challenge, channel: 'totp', code: nextTotp(t, secret) });
      assert.equal(picker.status, 200);
      assert.deepEqual(
        ChooseAccountStep.parse(await picker.json()).accounts.map((a) => a.customerId),
        ['US523453454', 'NL123421341'],
      );
      const chosen = DoneStep.parse(await (await b.post(apiPaths.activeAccount, { customerId: 'US523453454' })).json());
      assert.equal(chosen.activeAccount?.customerId, 'US523453454');
    });
  });
}
