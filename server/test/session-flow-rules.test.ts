import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { presets } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import type { Requester } from '../src/services/limits/budgets.ts';
import { backends } from './support/backends.ts';
import { password } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

// The rules that decide what a session becomes, called on the services themselves (no HTTP): they hold the flow, so
// they must hold these rules with no route around them. The rules, not the storage: PGlite is enough here.
const [pglite] = backends;

type TestApp = ReturnType<typeof testApp>;

const requester: Requester = { address: '198.51.100.200', knownBrowser: null };

for (const backend of [pglite!]) {
  describe(`the rules of sessions, on the services alone (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store, { policy: presets.hosting });
    });
    after(() => store?.close());

    /** A user signed in with a session that works in `activeAccount` (null: none). */
    async function signedIn(email: string, activeAccount: string | null = null) {
      const user = await t.services.users.create(email, password);
      const { token, record } = await t.services.sessions.start(user, ['pwd'], activeAccount);
      return { user, token, record };
    }

    async function legacyAccount(customerId: string, name: string, legacyPassword: string): Promise<void> {
      await t.services.customerAccounts.create({ customerId, name, mainContactEmail: 'main@accounts.example', legacyPassword });
    }

    describe('linking an account by its customer-ID login', () => {
      it('makes a session that worked in no account work in the account linked', async () => {
        await legacyAccount('SE810000001', 'First Account', 'Legacy-First-2019!');
        const session = await signedIn('first@link.example');
        const linked = await t.services.customerIdLogins.linkToSession(session, 'SE810000001', 'Legacy-First-2019!', requester);
        const first = { customerId: 'SE810000001', name: 'First Account', role: 'owner' } as const;
        assert.deepEqual(linked, { account: first, activeAccount: first, accounts: [first] });
        assert.equal((await store.findSession(session.record.id))?.activeAccount, 'SE810000001', 'stored, not only answered');
      });

      it('leaves a session that works in another account there', async () => {
        await legacyAccount('SE810000002', 'Kept Account', 'Legacy-Kept-2019!');
        await legacyAccount('SE810000003', 'Added Account', 'Legacy-Added-2019!');
        const session = await signedIn('second@link.example');
        assert.ok(!('error' in (await t.services.customerIdLogins.linkToSession(session, 'SE810000002', 'Legacy-Kept-2019!', requester))));
        const linked = await t.services.customerIdLogins.linkToSession(session, 'SE810000003', 'Legacy-Added-2019!', requester);
        assert.ok(!('error' in linked));
        assert.equal(linked.account.customerId, 'SE810000003');
        assert.equal(linked.activeAccount?.customerId, 'SE810000002');
        assert.equal((await store.findSession(session.record.id))?.activeAccount, 'SE810000002');
      });

      it('changes no session when the customer-ID password is wrong', async () => {
        await legacyAccount('SE810000004', 'Refused Account', 'Legacy-Refused-2019!');
        const session = await signedIn('third@link.example');
        const refused = await t.services.customerIdLogins.linkToSession(session, 'SE810000004', 'Legacy-Wrong-2019!', requester);
        assert.deepEqual(refused, { error: 'invalid_credentials' });
        assert.equal((await store.findSession(session.record.id))?.activeAccount, null);
      });
    });
  });
}
