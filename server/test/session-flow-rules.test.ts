import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { presets } from '@portico/contract';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import type { Store } from '../src/ports/store.ts';
import type { Requester } from '../src/services/limits/budgets.ts';
import { LocalSessionChanges } from '../src/services/session-changes.ts';
import { SessionRenewedError } from '../src/services/session-service.ts';
import type { SessionStarted, SigningInBrowser } from '../src/services/sign-in-sessions.ts';
import { hashToken } from '../src/services/tokens.ts';
import { backends } from './support/backends.ts';
import { password } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

// The rules that decide what a session becomes, called on the services themselves (no HTTP): they hold the flow, so
// they must hold these rules with no route around them. The rules, not the storage: PGlite is enough here.
const [pglite] = backends;

type TestApp = ReturnType<typeof testApp>;

const requester: Requester = { address: '198.51.100.200', knownBrowser: null };

/** A browser with nothing kept from earlier visits. */
const newBrowser: SigningInBrowser = {
  sessionToken: undefined,
  knownBrowserToken: undefined,
  deviceToken: undefined,
  offeredPasskey: false,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  clientAddress: '198.51.100.200',
};

/** The sign-in completed, or the test fails with what came instead. */
function started(outcome: object): SessionStarted {
  assert.ok('answer' in outcome && 'session' in outcome, `signed in, not ${JSON.stringify(outcome)}`);
  return outcome as SessionStarted;
}

for (const backend of [pglite!]) {
  describe(`the rules of sessions, on the services alone (${backend.name})`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store, { policy: presets.hosting, settings: { secretKey: webCryptoRandom.bytes(32) } });
    });
    after(async () => {
      // What the last test queued goes out before the store closes under its delivery.
      await t?.services.delivery.settled();
      await t?.services.webhookDelivery.settled();
      await store?.close();
    });

    /** A user signed in with a session that works in `activeAccount` (null: none). */
    async function signedIn(email: string, activeAccount: string | null = null) {
      const user = await t.services.users.create(email, password);
      const { token, record } = await t.services.sessions.start(user, ['pwd'], activeAccount);
      return { user, token, record };
    }

    async function legacyAccount(customerId: string, name: string, legacyPassword: string): Promise<void> {
      await t.services.customerAccounts.create({ customerId, name, mainContactEmail: 'main@accounts.example', legacyPassword });
    }

    it('stores a session under the SHA-256 of its token, in hex, as databases of earlier versions hold them', async () => {
      // The hash is the session's key in the store: computed another way, every session signed in before an upgrade
      // would end. FIPS 180-2's test vector, then a session's own token.
      assert.equal(await hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      const { token, record } = await signedIn(`hash-${crypto.randomUUID()}@example.se`);
      const stored = await store.findSessionWithUser(await hashToken(token));
      assert.equal(stored?.session.id, record.id);
    });

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

    describe('completing a sign-in', () => {
      const afterPassword = { requester, failuresOnRecord: false };
      const storedSession = async (outcome: SessionStarted) => store.findSession(await hashToken(outcome.session.token));

      it('works in the only account, in none without one, and has a user of several choose', async () => {
        const user = await t.services.users.create('accounts@complete.example', password);
        const none = started(await t.services.signInSessions.afterPassword(user, newBrowser, afterPassword));
        assert.equal(none.answer.step, 'done');
        assert.equal((await storedSession(none))?.activeAccount, null);

        for (const customerId of ['SE820000001', 'SE820000002']) {
          await t.services.customerAccounts.create({ customerId, name: `Account ${customerId}`, mainContactEmail: 'main@accounts.example' });
        }
        await t.services.customerAccounts.link('SE820000001', user.email);
        const one = started(await t.services.signInSessions.afterPassword(user, newBrowser, afterPassword));
        assert.equal(one.answer.step === 'done' && one.answer.activeAccount?.customerId, 'SE820000001');
        assert.equal((await storedSession(one))?.activeAccount, 'SE820000001');

        await t.services.customerAccounts.link('SE820000002', user.email);
        const several = started(await t.services.signInSessions.afterPassword(user, newBrowser, afterPassword));
        assert.equal(several.answer.step, 'choose_account');
        assert.equal((await storedSession(several))?.activeAccount, null, 'the session is started, working in no account yet');
      });

      it('ends the session the browser presented, and starts none for a disabled login', async () => {
        const user = await t.services.users.create('fixation@complete.example', password);
        const planted = await t.services.sessions.start(user, ['pwd']);
        const signedIn = started(await t.services.signInSessions.afterPassword(user, { ...newBrowser, sessionToken: planted.token }, afterPassword));
        assert.equal(await store.findSession(planted.record.id), null, 'the presented session ended');
        assert.notEqual(await storedSession(signedIn), null);

        await store.setUserDisabled(user.id, t.clock.now());
        const disabled = (await store.findUserById(user.id))!;
        const before = (await t.services.sessions.listForUser(user.id)).length;
        assert.deepEqual(await t.services.signInSessions.afterPassword(disabled, newBrowser, afterPassword), { error: 'invalid_credentials' });
        assert.deepEqual(await t.services.signInSessions.withoutSecondStep(disabled, newBrowser, ['pop', 'mfa'], undefined), {
          error: 'invalid_credentials',
        });
        assert.equal((await t.services.sessions.listForUser(user.id)).length, before, 'no session started');
      });

      it('offers a passkey after a password, not to a browser offered one lately, and not after a passkey', async () => {
        const user = await t.services.users.create('offer@complete.example', password);
        const offered = started(await t.services.signInSessions.afterPassword(user, newBrowser, afterPassword));
        assert.equal(offered.answer.offerPasskey, true);
        assert.ok(offered.passkeyOfferedUntil && offered.passkeyOfferedUntil > t.clock.now(), 'the browser is told until when not to ask again');

        const again = started(await t.services.signInSessions.afterPassword(user, { ...newBrowser, offeredPasskey: true }, afterPassword));
        assert.equal(again.answer.offerPasskey, undefined);
        assert.equal(again.passkeyOfferedUntil, null);

        const byPasskey = started(await t.services.signInSessions.withoutSecondStep(user, newBrowser, ['pop', 'mfa'], undefined));
        assert.equal(byPasskey.answer.offerPasskey, undefined);
        assert.deepEqual((await storedSession(byPasskey))?.authMethods, ['pop', 'mfa']);
      });

      it('trusts the browser after the second step only when asked', async () => {
        const user = await t.services.users.create('trust@complete.example', password);
        const trusted = started(await t.services.signInSessions.afterSecondStep(user, newBrowser, true, 'totp'));
        assert.ok(trusted.trustedDevice, 'a device token to keep');
        assert.deepEqual((await storedSession(trusted))?.authMethods, ['pwd', 'otp', 'mfa']);
        assert.equal((await t.services.trustedDevices.list(user.id, undefined)).length, 1);

        const untrusted = started(await t.services.signInSessions.afterSecondStep(user, newBrowser, false, 'sms'));
        assert.equal(untrusted.trustedDevice, null);
        assert.deepEqual((await storedSession(untrusted))?.authMethods, ['pwd', 'sms', 'mfa']);
      });

      it('asks for the second step after a password, unless the address was just proven where the mailed code is the factor', async () => {
        const licensing = testApp(store, { policy: presets.licensing, clock: t.clock });
        const user = await licensing.services.users.create('code@complete.example', password);
        const step = await licensing.services.signInSessions.afterPassword(user, newBrowser, afterPassword);
        assert.ok('step' in step && step.step === 'mfa', JSON.stringify(step));
        assert.equal((await licensing.services.sessions.listForUser(user.id)).length, 0, 'no session before the code');

        const proven = started(await licensing.services.signInSessions.afterPassword(user, newBrowser, { ...afterPassword, emailJustProven: true }));
        assert.equal(proven.answer.step, 'done');
        assert.deepEqual((await storedSession(proven))?.authMethods, ['pwd', 'otp']);
        await licensing.services.delivery.settled();
        await licensing.services.webhookDelivery.settled();
      });

      it('remembers the language the page signed in in before a code goes out, and mails the code in it', async () => {
        const licensing = testApp(store, { policy: presets.licensing, clock: t.clock });
        const user = await licensing.services.users.create('language@complete.example', password);
        const step = await licensing.services.signInSessions.afterPassword(user, newBrowser, { ...afterPassword, locale: 'sv' });
        assert.ok('step' in step && step.step === 'mfa', JSON.stringify(step));
        assert.equal((await store.findUserById(user.id))?.locale, 'sv');
        assert.match((await licensing.latestMail(user.email))?.subject ?? '', /^Din inloggningskod/);
        started(await licensing.services.signInSessions.withoutSecondStep(user, newBrowser, ['bankid', 'mfa'], 'en'));
        assert.equal((await store.findUserById(user.id))?.locale, 'en');
        await licensing.services.webhookDelivery.settled();
      });
    });

    describe("this node's memory of sessions, when a service changes what they answer", () => {
      /** A signed-in user whose session this node has just checked, so it answers the next read from memory. */
      async function cachedSession(email: string) {
        const session = await signedIn(email);
        assert.ok(await t.services.sessions.resolve(session.token));
        assert.deepEqual(await t.services.sessions.accountsOf(session.token, session.record), []);
        return session;
      }

      it('shows a new name and personnummer at once, whichever service stored them', async () => {
        const { user, token } = await cachedSession('details@memory.example');
        await t.services.users.updateDetails(user.id, 'Renamed Person', undefined);
        assert.equal((await t.services.sessions.resolve(token))?.user.name, 'Renamed Person');
        // Stored by PersonalNumbers itself, not through the My details flow that used to tell the sessions.
        assert.ok(!('error' in (await t.services.personalNumbers.set(user, '198112189876'))));
        assert.notEqual((await t.services.sessions.resolve(token))?.user.personalNumberHash, null);
      });

      it("reads the user's accounts anew when an administrator links one", async () => {
        const { user, token, record } = await cachedSession('linked@memory.example');
        await t.services.customerAccounts.create({ customerId: 'SE830000001', name: 'Linked Later', mainContactEmail: 'main@accounts.example' });
        await t.services.customerAccounts.link('SE830000001', user.email);
        assert.deepEqual(
          (await t.services.sessions.accountsOf(token, record)).map((row) => row.account.customerId),
          ['SE830000001'],
        );
      });

      it('lets no session live on after a password reset by link', async () => {
        const { user, token } = await cachedSession('reset@memory.example');
        assert.equal(await t.services.passwordFlows.requestReset(user.email, requester, 'http://portico.test/'), null);
        const link = await t.latestLinkToken(user.email);
        const reset = await t.services.passwordFlows.setPasswordWithLink(link, 'Reset-By-Link-2026!');
        assert.ok(!('error' in reset), JSON.stringify(reset));
        assert.equal(await t.services.sessions.resolve(token), null);
      });

      it('renews the session with the password it changes, or changes nothing when another request renewed it first', async () => {
        const session = await cachedSession('change@memory.example');
        const other = await t.services.sessions.start(session.user, ['pwd']);
        const changed = await t.services.passwordFlows.changePassword(session, password, 'Changed-In-Place-2026!', requester);
        assert.ok(!('error' in changed), JSON.stringify(changed));
        assert.equal(changed.otherSessionsEnded, 1);
        assert.equal(await t.services.sessions.resolve(other.token), null);
        assert.equal(await t.services.sessions.resolve(session.token), null);
        assert.ok(await t.services.sessions.wasJustRenewed(session.token));
        const renewed = await t.services.sessions.resolve(changed.session.token);
        assert.equal(renewed?.record.credentialVersion, renewed?.user.credentialVersion, 'the session goes on under the new credentials');

        // Another request of the same browser renewed the session a moment ago: this change finds it gone.
        const current = { user: (await store.findUserById(session.user.id))!, token: changed.session.token, record: changed.session.record };
        const elsewhere = await t.services.sessions.renew(current.token, current.record);
        const before = (await store.findUserById(session.user.id))!;
        await assert.rejects(t.services.passwordFlows.changePassword(current, 'Changed-In-Place-2026!', 'Changed-Twice-2026!', requester), SessionRenewedError);
        const after = (await store.findUserById(session.user.id))!;
        assert.equal(after.passwordHash, before.passwordHash, 'the password stays');
        assert.ok(await t.services.sessions.resolve(elsewhere.token), 'and so does the session the other request renewed');
      });

      it('tells a change made in a transaction once it commits, and none that rolled back', async () => {
        const changes = new LocalSessionChanges();
        const heard: string[] = [];
        changes.listen((change) => heard.push('userId' in change ? change.userId : change.sessionId));
        const watched = changes.watch(store);
        const user = await watched.createUser({ id: crypto.randomUUID(), email: 'told@memory.example', passwordHash: null, createdAt: new Date() });
        assert.deepEqual(heard, [], 'a new user has no session to change');

        await watched.transaction(async (tx) => {
          await tx.updateName(user.id, 'Inside');
          await tx.updateLocale(user.id, 'sv');
          assert.deepEqual(heard, [], 'not before the commit');
        });
        assert.deepEqual(heard, [user.id], 'once, at the commit');

        await assert.rejects(
          watched.transaction(async (tx) => {
            await tx.updateName(user.id, 'Rolled back');
            throw new Error('rolled back');
          }),
        );
        assert.deepEqual(heard, [user.id], 'nothing of a rollback');

        await watched.updatePassword(user.id, 'not-a-real-hash');
        assert.deepEqual(heard, [user.id, user.id], 'a change outside a transaction at once');
        assert.equal((await watched.findUserById(user.id))?.name, 'Inside', 'everything else is the store as it is');
      });
    });

    describe('the account a session works in, and the sessions it may end', () => {
      async function accountFor(email: string, customerId: string, role: 'owner' | 'member' = 'owner'): Promise<void> {
        if (!(await t.services.customerAccounts.find(customerId))) {
          await t.services.customerAccounts.create({ customerId, name: `Account ${customerId}`, mainContactEmail: 'main@accounts.example' });
        }
        assert.ok(!('error' in (await t.services.customerAccounts.link(customerId, email, role))));
      }

      it('works in an account the user is linked to, and in no other, whether it exists or not', async () => {
        const session = await signedIn('chooser@work.example');
        await accountFor(session.user.email, 'SE840000001');
        await t.services.users.create('owner.elsewhere@work.example', password);
        await accountFor('owner.elsewhere@work.example', 'SE840000002');

        const chosen = await t.services.sessions.workIn(session.token, session.record, 'SE840000001');
        assert.deepEqual(
          chosen?.map((row) => [row.account.customerId, row.active]),
          [['SE840000001', true]],
        );
        assert.equal(await t.services.sessions.workIn(session.token, session.record, 'SE840000002'), null, "someone else's account");
        assert.equal(await t.services.sessions.workIn(session.token, session.record, 'SE849999999'), null, 'no such account');
        assert.equal((await store.findSession(session.record.id))?.activeAccount, 'SE840000001', 'still the one chosen');
      });

      it("ends another of the user's sessions, never the asking one nor someone else's", async () => {
        const current = await signedIn('ender@work.example');
        const other = await t.services.sessions.start(current.user, ['pwd']);
        const stranger = await signedIn('stranger@work.example');

        assert.equal(await t.services.sessions.endOther(current.record, current.record.publicId), false, 'signing out ends this one');
        assert.ok(await t.services.sessions.resolve(current.token));
        assert.equal(await t.services.sessions.endOther(current.record, stranger.record.publicId), false);
        assert.ok(await t.services.sessions.resolve(stranger.token));
        assert.equal(await t.services.sessions.endOther(current.record, other.record.publicId), true);
        assert.equal(await t.services.sessions.resolve(other.token), null);
      });

      it("shows the active account's activity to its owners only", async () => {
        const query = { limit: 20 };
        const owner = await signedIn('log.owner@work.example');
        assert.deepEqual(await t.services.customerAccounts.activity(owner.record, query, 'en'), { error: 'no_active_account' });
        await accountFor(owner.user.email, 'SE840000003');
        const ownerSession = await t.services.sessions.start(owner.user, ['pwd'], 'SE840000003');
        const page = await t.services.customerAccounts.activity(ownerSession.record, query, 'en');
        assert.ok('entries' in page, JSON.stringify(page));
        assert.ok(page.entries.length > 0, 'the link is in the log');

        const member = await signedIn('log.member@work.example');
        await accountFor(member.user.email, 'SE840000003', 'member');
        const memberSession = await t.services.sessions.start(member.user, ['pwd'], 'SE840000003');
        assert.deepEqual(await t.services.customerAccounts.activity(memberSession.record, query, 'en'), { error: 'role_forbidden' });
      });
    });
  });
}
