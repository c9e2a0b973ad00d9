import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../src/adapters/sql/postgres-store.ts';
import { CustomerIdTakenError, EmailTakenError, PersonalNumberTakenError, type Store } from '../src/ports/store.ts';
import { createTemporaryDatabase, postgresSkipReason, storeBackends } from './support/backends.ts';

const t0 = new Date('2026-03-01T09:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** Some fields of a record, for comparing just those. */
function pick<T extends object, K extends keyof T>(record: T | null | undefined, ...keys: K[]): Partial<Pick<T, K>> | null {
  return record ? (Object.fromEntries(keys.map((key) => [key, record[key]])) as Partial<Pick<T, K>>) : null;
}

for (const backend of storeBackends) {
  describe(`store on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('creates users and finds them by e-mail in any letter case', async () => {
      assert.equal(await store.hasUsers(), false, 'a new store has no users');
      const created = await store.createUser({ id: crypto.randomUUID(), email: 'ada@example.se', passwordHash: 'h', createdAt: t0 });
      assert.equal(created.email, 'ada@example.se');
      assert.equal(created.createdAt.getTime(), t0.getTime());
      const found = await store.findUserByEmail('ADA@Example.SE');
      assert.equal(found?.id, created.id);
      assert.equal((await store.findUserById(created.id))?.email, 'ada@example.se');
      assert.equal(await store.findUserByEmail('nobody@example.se'), null);
      assert.equal(await store.hasUsers(), true);
    });

    it('refuses a second user with the same e-mail, whatever its case', async () => {
      await store.createUser({ id: crypto.randomUUID(), email: 'bo@example.se', passwordHash: null, createdAt: t0 });
      await assert.rejects(store.createUser({ id: crypto.randomUUID(), email: 'BO@example.se', passwordHash: null, createdAt: t0 }), EmailTakenError);
    });

    it('lists users oldest first', async () => {
      const emails = (await store.listUsers()).map((u) => u.email);
      assert.deepEqual(emails.slice(0, 2), ['ada@example.se', 'bo@example.se']);
    });

    it('stores, touches, deletes and sweeps sessions', async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'cy@example.se', passwordHash: 'h', createdAt: t0 });
      await store.createSession({ id: 'a'.repeat(64), userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600) });
      await store.createSession({ id: 'b'.repeat(64), userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(60) });
      await store.createSession({ id: 'c'.repeat(64), userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600) });
      const joined = await store.findSessionWithUser('a'.repeat(64));
      assert.equal(joined?.user.email, 'cy@example.se');
      assert.equal(joined?.session.expiresAt.getTime(), at(3600).getTime());
      assert.equal(await store.findSessionWithUser('d'.repeat(64)), null);
      // A disabled login's sessions are not found, by either key, until it is enabled again.
      const publicId = joined?.session.publicId ?? '';
      await store.setUserDisabled(user.id, at(10));
      assert.equal(await store.findSessionWithUser('a'.repeat(64)), null);
      assert.equal(await store.findSessionByPublicId(publicId), null);
      await store.setUserDisabled(user.id, null);
      assert.equal((await store.findSessionByPublicId(publicId))?.session.id, 'a'.repeat(64));
      await store.touchSession('c'.repeat(64), at(1000));
      assert.equal((await store.findSession('c'.repeat(64)))?.lastSeenAt.getTime(), at(1000).getTime());

      // At t0+1200 with a 10-minute idle cutoff: b is past its absolute expiry, a idle too long, c alive.
      const swept = await store.deleteExpiredSessions(at(1200), at(600));
      assert.equal(swept, 2);
      assert.equal(await store.findSession('a'.repeat(64)), null);
      assert.ok(await store.findSession('c'.repeat(64)));
      await store.deleteSession('c'.repeat(64));
      assert.equal(await store.findSession('c'.repeat(64)), null);
    });

    it('reserves rate-limit events only while every window has room, counting up to each limit, and sweeps per scope', async () => {
      const window = (key: string, since: Date, max = 100) => ({ key, since, max });
      await store.reserveEvents(['fail:account:x'], at(0), []);
      await store.reserveEvents(['fail:account:x'], at(10), []);
      const third = await store.reserveEvents(['fail:account:x', 'fail:ip:1'], at(20), [
        window('fail:account:x', at(5)),
        window('fail:ip:1', at(5)),
        // An event a whole window old has left it.
        window('fail:account:x', at(10)),
        window('fail:account:none', at(-1)),
      ]);
      await store.reserveEvents(['send:email:x'], at(0), []);
      assert.equal(third.granted, true);
      assert.equal(third.ids.length, 2);
      // The counts found before this reservation's own events.
      assert.deepEqual(third.counts, [
        { count: 1, fullUntilLeft: null },
        { count: 0, fullUntilLeft: null },
        { count: 0, fullUntilLeft: null },
        { count: 0, fullUntilLeft: null },
      ]);
      // Full: nothing is recorded, counting stops at the limit, and room comes when the 2nd newest event leaves.
      const refused = await store.reserveEvents(['fail:account:x', 'fail:ip:1'], at(30), [window('fail:ip:1', at(-1)), window('fail:account:x', at(-1), 2)]);
      assert.deepEqual(refused, {
        granted: false,
        ids: [],
        counts: [
          { count: 1, fullUntilLeft: null },
          { count: 2, fullUntilLeft: at(10) },
        ],
      });
      // A reservation taken back is as if it never happened.
      await store.deleteEvents(third.ids);
      const after = await store.reserveEvents([], at(30), [window('fail:account:x', at(-1)), window('fail:ip:1', at(-1))]);
      assert.deepEqual(
        after.counts.map((c) => c.count),
        [2, 0],
      );
      await store.clearEvents('fail:account:x');
      assert.deepEqual((await store.reserveEvents([], at(30), [window('fail:account:x', at(-1))])).counts, [{ count: 0, fullUntilLeft: null }]);
      // Sweeping one scope leaves another's events, whatever their age.
      await store.reserveEvents(['fail:ip:1'], at(20), []);
      assert.equal(await store.deleteEventsBefore('fail', at(30)), 1);
      assert.equal((await store.reserveEvents([], at(30), [window('send:email:x', at(-1))])).counts[0]?.count, 1);
    });

    it('grants exactly as many reservations as a window has room for when 50 arrive at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => store.reserveEvents(['burst:key', 'burst:other'], at(0), [{ key: 'burst:key', since: at(-60), max: 7 }])),
      );
      assert.equal(results.filter((r) => r.granted).length, 7);
      assert.equal((await store.reserveEvents([], at(0), [{ key: 'burst:other', since: at(-60), max: 100 }])).counts[0]?.count, 7);
    });

    it('renews a session under a new id once, however many renewals arrive at once', async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'renew@example.se', passwordHash: null, createdAt: t0 });
      await store.createSession({ id: 'r'.repeat(64), userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600), reauthenticatedAt: at(1) });
      const renewals = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.renewSession('r'.repeat(64), `${i}`.repeat(64), { lastSeenAt: at(5), reauthenticatedAt: at(5) })),
      );
      const won = renewals.filter((r) => r !== null);
      assert.equal(won.length, 1, 'one renewal wins');
      assert.equal(await store.findSession('r'.repeat(64)), null, 'the old id is gone');
      const renewed = await store.findSession(won[0]!.id);
      assert.deepEqual(pick(renewed, 'userId', 'expiresAt', 'lastSeenAt', 'reauthenticatedAt'), {
        userId: user.id,
        expiresAt: at(3600),
        lastSeenAt: at(5),
        reauthenticatedAt: at(5),
      });
      assert.equal(await store.renewSession('r'.repeat(64), 'z'.repeat(64), { lastSeenAt: at(6) }), null);
    });

    it("remembers known browsers by token, moves them on, forgets a user's and sweeps expired ones", async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'browser@example.se', passwordHash: null, createdAt: t0 });
      const browser = { id: crypto.randomUUID(), tokenHash: 'b'.repeat(64), userId: user.id, createdAt: t0, lastSignInAt: t0, expiresAt: at(100) };
      await store.saveKnownBrowser(browser);
      await store.saveKnownBrowser({ ...browser, id: crypto.randomUUID(), lastSignInAt: at(50), expiresAt: at(150) });
      assert.deepEqual(pick(await store.findKnownBrowser('b'.repeat(64)), 'id', 'lastSignInAt', 'expiresAt'), {
        id: browser.id,
        lastSignInAt: at(50),
        expiresAt: at(150),
      });
      await store.saveKnownBrowser({ ...browser, id: crypto.randomUUID(), tokenHash: 'e'.repeat(64), expiresAt: at(10) });
      assert.equal(await store.deleteKnownBrowsersExpiredBefore(at(20)), 1);
      assert.equal(await store.deleteUserKnownBrowsers(user.id), 1);
      assert.equal(await store.findKnownBrowser('b'.repeat(64)), null);
    });

    it('queues messages: claims each once while claimed, retries, finishes (erasing the payload) and releases stale claims', async () => {
      const message = (recipient: string, createdAt: Date) =>
        ({ channel: 'email', recipient, template: 'passwordChanged', payload: `plain.{"to":"${recipient}"}`, createdAt }) as const;
      await store.enqueueMessage(message('a@example.se', at(0)));
      await store.enqueueMessage(message('b@example.se', at(1)));
      await store.enqueueMessage({ ...message('decoy@example.se', at(1)), payload: null, finishedAt: at(1), outcome: 'suppressed' });
      await store.enqueueMessage(message('later@example.se', at(100)));
      assert.deepEqual(await store.nextMessageDue(), at(0));
      const [first, second] = await Promise.all([store.claimDueMessages(at(10), at(70), 10), store.claimDueMessages(at(10), at(70), 10)]);
      const claimed = [...first, ...second];
      assert.deepEqual(claimed.map((m) => m.recipient).sort(), ['a@example.se', 'b@example.se'], 'each due message once; finished and future ones not');
      assert.ok(claimed.every((m) => m.attempts === 1 && m.claimedUntil?.getTime() === at(70).getTime()));
      assert.deepEqual(await store.claimDueMessages(at(20), at(80), 10), [], 'claimed ones wait for their claim to lapse');
      const a = claimed.find((m) => m.recipient === 'a@example.se')!;
      const b = claimed.find((m) => m.recipient === 'b@example.se')!;
      // A claim that is not (or no longer) this node's finishes nothing.
      await store.finishMessage(a.id, at(69), 'delivered', at(21));
      assert.equal(await store.deleteMessagesFinishedBefore(at(22)), 1, 'only the decoy had finished');
      await store.finishMessage(a.id, a.claimedUntil, 'delivered', at(21));
      await store.retryMessage(b.id, b.claimedUntil, at(200), 'connection refused');
      assert.deepEqual(
        (await store.claimDueMessages(at(150), at(210), 10)).map((m) => m.recipient),
        ['later@example.se'],
      );
      assert.equal(await store.releaseMessageClaims(), 1);
      const retried = await store.claimDueMessages(at(200), at(260), 10);
      assert.deepEqual(
        retried.map((m) => [m.recipient, m.attempts, m.lastError]),
        [
          ['b@example.se', 2, 'connection refused'],
          ['later@example.se', 2, null],
        ],
      );
      await store.finishMessage(b.id, retried[0]!.claimedUntil, 'gave_up', at(201));
      assert.equal(await store.deleteMessagesFinishedBefore(at(22)), 1, 'the delivered one');
    });

    it('claims as many messages as asked, leaving the other due ones to the next claim', async () => {
      // What the test before left unfinished goes first.
      for (const m of await store.claimDueMessages(at(499), at(500), 100)) await store.finishMessage(m.id, m.claimedUntil, 'delivered', at(499));
      for (const recipient of ['one@example.se', 'two@example.se', 'three@example.se']) {
        await store.enqueueMessage({ channel: 'email', recipient, template: 'passwordChanged', payload: 'plain.{}', createdAt: at(500) });
      }
      const firstClaim = await store.claimDueMessages(at(510), at(570), 1);
      assert.deepEqual(
        firstClaim.map((m) => m.recipient),
        ['one@example.se'],
      );
      assert.deepEqual(
        (await store.claimDueMessages(at(510), at(570), 1)).map((m) => m.recipient),
        ['two@example.se'],
      );
      for (const m of [...firstClaim]) await store.finishMessage(m.id, m.claimedUntil, 'delivered', at(511));
      await store.releaseMessageClaims();
      const rest = await store.claimDueMessages(at(600), at(660), 10);
      for (const m of rest) await store.finishMessage(m.id, m.claimedUntil, 'delivered', at(601));
      assert.deepEqual(
        rest.map((m) => m.recipient),
        ['two@example.se', 'three@example.se'],
      );
    });

    it('runs a transaction: what it writes commits together, or not at all when it fails', async () => {
      const id = crypto.randomUUID();
      await store.transaction(async (tx) => {
        await tx.createUser({ id, email: 'tx@example.se', passwordHash: null, createdAt: t0 });
        await tx.enqueueMessage({ channel: 'email', recipient: 'tx@example.se', template: 'invitation', payload: 'plain.{}', createdAt: t0 });
      });
      assert.equal((await store.findUserById(id))?.email, 'tx@example.se');
      const failing = store.transaction(async (tx) => {
        await tx.updateName(id, 'Half Done');
        throw new Error('fails part-way');
      });
      await assert.rejects(failing, /fails part-way/);
      if (backend.name !== 'memory') assert.equal((await store.findUserById(id))?.name, null, 'rolled back');
    });

    it('keeps outbox messages and lists them newest first, per recipient in any letter case and per channel', async () => {
      const mail = (recipient: string, subject: string, createdAt: Date) =>
        store.addToOutbox({ channel: 'email', recipient, subject, text: `${subject} text`, html: `<p>${subject}</p>`, createdAt });
      await mail('ola@example.se', 'first', at(0));
      await store.addToOutbox({ channel: 'sms', recipient: '+46701234567', subject: null, text: 'code 123456', html: null, createdAt: at(1) });
      await mail('per@example.se', 'other', at(2));
      // Same clock reading as the first: insertion order still decides.
      await mail('Ola@Example.se', 'second', at(0));

      const all = await store.listOutbox({ limit: 10 });
      assert.deepEqual(
        all.map((m) => m.subject),
        ['second', 'other', null, 'first'],
      );
      const sms = all[2]!;
      assert.equal(sms.channel, 'sms');
      assert.equal(sms.html, null);
      assert.equal(sms.createdAt.getTime(), at(1).getTime());

      const ola = await store.listOutbox({ recipient: 'OLA@example.se', limit: 10 });
      assert.deepEqual(
        ola.map((m) => [m.recipient, m.subject, m.text, m.html]),
        [
          ['Ola@Example.se', 'second', 'second text', '<p>second</p>'],
          ['ola@example.se', 'first', 'first text', '<p>first</p>'],
        ],
      );
      assert.deepEqual(
        (await store.listOutbox({ channel: 'sms', limit: 10 })).map((m) => m.recipient),
        ['+46701234567'],
      );
      assert.deepEqual(
        (await store.listOutbox({ channel: 'email', limit: 2 })).map((m) => m.subject),
        ['second', 'other'],
      );
      assert.deepEqual(await store.listOutbox({ recipient: 'nobody@example.se', limit: 10 }), []);
    });

    it('keeps second factors; claims app time steps, recovery codes and challenges once; sweeps what expired', async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'mfa@example.se', passwordHash: 'h', createdAt: t0 });
      await store.saveFactor({ userId: user.id, kind: 'totp', secret: 'plain.A', phone: null, lastTotpStep: null, enabledAt: t0 });
      await store.saveFactor({ userId: user.id, kind: 'sms', secret: null, phone: '+46701234567', lastTotpStep: null, enabledAt: t0 });
      // A new phone replaces the old one.
      await store.saveFactor({ userId: user.id, kind: 'sms', secret: null, phone: '+46707654321', lastTotpStep: null, enabledAt: at(5) });
      const factors = await store.listFactors(user.id);
      assert.deepEqual(factors.map((f) => [f.kind, f.phone]).sort(), [
        ['sms', '+46707654321'],
        ['totp', null],
      ]);

      assert.equal(await store.advanceTotpStep(user.id, 100), true);
      const racing = await Promise.all([store.advanceTotpStep(user.id, 101), store.advanceTotpStep(user.id, 101)]);
      assert.deepEqual(racing.sort(), [false, true], 'one step, once');
      assert.equal(await store.advanceTotpStep(user.id, 100), false, 'never backwards');
      assert.equal(await store.deleteFactor(user.id, 'sms'), true);
      assert.equal(await store.deleteFactor(user.id, 'sms'), false);

      assert.equal(await store.countUnusedRecoveryCodes(user.id), null, 'none generated');
      await store.replaceRecoveryCodes(
        user.id,
        [
          { id: crypto.randomUUID(), codeHash: 'r1' },
          { id: crypto.randomUUID(), codeHash: 'r2' },
        ],
        t0,
      );
      const uses = await Promise.all([store.useRecoveryCode(user.id, 'r1', at(1)), store.useRecoveryCode(user.id, 'r1', at(1))]);
      assert.deepEqual(uses.sort(), [false, true]);
      assert.equal(await store.countUnusedRecoveryCodes(user.id), 1);
      await store.replaceRecoveryCodes(user.id, [{ id: crypto.randomUUID(), codeHash: 'r3' }], at(2));
      assert.equal(await store.useRecoveryCode(user.id, 'r2', at(3)), false, 'replaced');
      assert.equal(await store.countUnusedRecoveryCodes(user.id), 1);

      await store.savePendingSetup({ userId: user.id, kind: 'totp', secret: 'plain.B', phone: null, createdAt: t0, expiresAt: at(60) });
      const taken = await Promise.all([store.takePendingSetup(user.id, 'totp'), store.takePendingSetup(user.id, 'totp')]);
      assert.equal(taken.filter(Boolean).length, 1, 'a setup completes once');

      const challenge = {
        id: crypto.randomUUID(),
        tokenHash: 'c'.repeat(64),
        userId: user.id,
        kind: 'mfa' as const,
        channel: 'totp' as const,
        failedAttempts: 0,
        credentialVersion: 0,
        createdAt: t0,
        expiresAt: at(600),
        usedAt: null,
      };
      await store.createMfaChallenge(challenge);
      assert.equal(await store.reserveMfaChallengeAttempt(challenge.id, 2), 1);
      assert.deepEqual(
        (await Promise.all([store.reserveMfaChallengeAttempt(challenge.id, 2), store.reserveMfaChallengeAttempt(challenge.id, 2)])).sort(),
        [2, null],
        'no more tries than allowed',
      );
      await store.setMfaChallengeChannel(challenge.id, 'sms');
      assert.equal((await store.findMfaChallenge('c'.repeat(64)))?.channel, 'sms');
      const consumed = await Promise.all([store.consumeMfaChallenge(challenge.id, at(2)), store.consumeMfaChallenge(challenge.id, at(2))]);
      assert.deepEqual(consumed.sort(), [false, true]);
      assert.equal(await store.reserveMfaChallengeAttempt(challenge.id, 5), null, 'a used challenge gives no tries');

      const device = {
        id: crypto.randomUUID(),
        userId: user.id,
        tokenHash: 'd'.repeat(64),
        label: 'Firefox on Linux',
        createdAt: t0,
        lastUsedAt: t0,
        expiresAt: at(86_400),
      };
      await store.createTrustedDevice(device);
      await store.touchTrustedDevice(device.id, at(10));
      assert.equal((await store.findTrustedDevice('d'.repeat(64)))?.lastUsedAt.getTime(), at(10).getTime());
      assert.equal((await store.listTrustedDevices(user.id, at(11))).length, 1);
      assert.equal((await store.listTrustedDevices(user.id, at(86_400))).length, 0, 'expired ones are not listed');

      await store.createSession({ id: 'r'.repeat(64), userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600) });
      assert.equal((await store.findSession('r'.repeat(64)))?.reauthenticatedAt, null);
      await store.markSessionReauthenticated('r'.repeat(64), at(30));
      assert.equal((await store.findSession('r'.repeat(64)))?.reauthenticatedAt?.getTime(), at(30).getTime());

      // At t0 + 1 day: the challenge and the device have expired; the pending setup was taken already.
      assert.equal(await store.deleteExpiredMfaRecords(at(86_401)), 2);
      assert.equal(await store.findMfaChallenge('c'.repeat(64)), null);
      assert.equal(await store.findTrustedDevice('d'.repeat(64)), null);
    });

    it("keeps customer accounts, links users to them, and holds a session's active account", async () => {
      const ann = await store.createUser({ id: crypto.randomUUID(), email: 'ann@example.se', passwordHash: 'h', createdAt: t0 });
      const ben = await store.createUser({ id: crypto.randomUUID(), email: 'ben@example.se', passwordHash: 'h', createdAt: t0 });
      const account = (customerId: string, name: string) => ({
        customerId,
        name,
        mainContactEmail: 'main@example.se',
        legacyPasswordHash: null,
        createdAt: t0,
      });
      const zeta = await store.createCustomerAccount({ ...account('NL123421341', 'Zeta BV'), legacyPasswordHash: '$argon2id$x' });
      assert.equal(zeta.legacyPasswordHash, '$argon2id$x');
      assert.equal(zeta.createdAt.getTime(), t0.getTime());
      await store.createCustomerAccount(account('CDN1010101010', 'Alpha Ltd'));
      await store.createCustomerAccount(account('SG234124123', 'Mid AB'));
      await assert.rejects(store.createCustomerAccount(account('NL123421341', 'Again')), CustomerIdTakenError);
      assert.equal((await store.findCustomerAccount('CDN1010101010'))?.name, 'Alpha Ltd');
      assert.equal(await store.findCustomerAccount('DE245344254'), null);

      assert.equal(await store.linkAccountMember(ann.id, 'NL123421341', t0, null), 'owner', 'the first link owns the account');
      assert.equal(await store.linkAccountMember(ann.id, 'NL123421341', t0, 'member'), null, 'linking twice is harmless');
      assert.equal(await store.linkAccountMember(ann.id, 'CDN1010101010', t0, 'admin'), 'admin', 'a role given is kept');
      assert.equal(await store.linkAccountMember(ben.id, 'NL123421341', t0, null), 'member', 'later links are members');
      await store.linkAccountMember(ben.id, 'SG234124123', t0, null);
      assert.deepEqual(
        (await store.listUserAccounts(ann.id)).map((a) => [a.account.customerId, a.role]),
        [
          ['CDN1010101010', 'admin'],
          ['NL123421341', 'owner'],
        ],
        'by name',
      );
      assert.equal((await store.findUserAccount(ann.id, 'NL123421341'))?.account.name, 'Zeta BV');
      assert.equal(await store.findUserAccount(ann.id, 'SG234124123'), null, "someone else's account");
      assert.equal(await store.findUserAccount(ann.id, 'DE245344254'), null);

      await store.createSession({ id: 'e'.repeat(64), userId: ann.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600) });
      assert.equal((await store.findSession('e'.repeat(64)))?.activeAccount, null);
      assert.deepEqual(
        (await store.listSessionAccounts('e'.repeat(64))).map((a) => [a.account.customerId, a.active]),
        [
          ['CDN1010101010', false],
          ['NL123421341', false],
        ],
      );
      await store.setSessionActiveAccount('e'.repeat(64), 'NL123421341');
      const checked = await store.findSessionWithUser('e'.repeat(64));
      assert.equal(checked?.session.activeAccount, 'NL123421341');
      // The session check reads the accounts with the session, exactly as listSessionAccounts lists them.
      assert.deepEqual(checked.accounts, await store.listSessionAccounts('e'.repeat(64)));
      assert.deepEqual(
        checked.accounts.map((a) => [a.account.customerId, a.role, a.active]),
        [
          ['CDN1010101010', 'admin', false],
          ['NL123421341', 'owner', true],
        ],
      );
      assert.deepEqual(
        (await store.listSessionAccounts('e'.repeat(64))).filter((a) => a.active).map((a) => a.account.customerId),
        ['NL123421341'],
      );
      // Even if a session named an account its user is not linked to, it would never be listed or be active.
      await store.setSessionActiveAccount('e'.repeat(64), 'SG234124123');
      assert.deepEqual(
        (await store.listSessionAccounts('e'.repeat(64))).filter((a) => a.active),
        [],
      );
      assert.deepEqual(await store.listSessionAccounts('f'.repeat(64)), [], 'an unknown session has none');
      await store.createSession({ id: 'g'.repeat(64), userId: ben.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600), activeAccount: 'SG234124123' });
      assert.equal((await store.findSession('g'.repeat(64)))?.activeAccount, 'SG234124123');
    });

    it('updates passwords, names and personal numbers, and gives a personal number to one user only', async () => {
      const eva = await store.createUser({ id: crypto.randomUUID(), email: 'eva@example.se', passwordHash: null, createdAt: t0 });
      const fia = await store.createUser({ id: crypto.randomUUID(), email: 'fia@example.se', passwordHash: null, createdAt: t0, name: 'Fia' });
      assert.deepEqual([eva.name, eva.locale, eva.emailVerifiedAt, eva.personalNumberHash, fia.name], [null, null, null, null, 'Fia']);
      await store.updatePassword(eva.id, 'h1');
      assert.deepEqual(pick(await store.findUserById(eva.id), 'passwordHash', 'emailVerifiedAt'), { passwordHash: 'h1', emailVerifiedAt: null });
      await store.updatePassword(eva.id, 'h2', at(5));
      assert.equal((await store.findUserById(eva.id))?.emailVerifiedAt?.getTime(), at(5).getTime());
      await store.updatePassword(eva.id, 'h3');
      assert.equal((await store.findUserById(eva.id))?.emailVerifiedAt?.getTime(), at(5).getTime(), 'a later change without proof keeps it');

      assert.equal((await store.updateName(eva.id, 'Eva'))?.name, 'Eva');
      assert.equal((await store.updateName(eva.id, null))?.name, null);
      assert.equal(await store.updateName(crypto.randomUUID(), 'Nobody'), null);
      assert.equal((await store.updateLocale(eva.id, 'sv'))?.locale, 'sv');
      assert.equal((await store.findUserById(eva.id))?.locale, 'sv');
      assert.equal(await store.updateLocale(crypto.randomUUID(), 'sv'), null);
      assert.equal(eva.disabledAt, null);
      assert.equal((await store.setUserDisabled(eva.id, at(6)))?.disabledAt?.getTime(), at(6).getTime());
      assert.equal((await store.findUserByEmail('eva@example.se'))?.disabledAt?.getTime(), at(6).getTime());
      assert.equal((await store.setUserDisabled(eva.id, null))?.disabledAt, null);
      assert.equal(await store.setUserDisabled(crypto.randomUUID(), at(6)), null);

      assert.equal((await store.setPersonalNumber(eva.id, 'sealed.1', 'pn-hash-1'))?.personalNumberSealed, 'sealed.1');
      assert.equal((await store.findUserByPersonalNumberHash('pn-hash-1'))?.id, eva.id);
      assert.equal((await store.setPersonalNumber(eva.id, 'sealed.1b', 'pn-hash-1'))?.personalNumberSealed, 'sealed.1b', 'the same user again');
      await assert.rejects(store.setPersonalNumber(fia.id, 'sealed.2', 'pn-hash-1'), PersonalNumberTakenError);
      assert.equal((await store.findUserById(fia.id))?.personalNumberHash, null, 'nothing changed');
      assert.deepEqual(pick(await store.setPersonalNumber(eva.id, null, null), 'personalNumberSealed', 'personalNumberHash'), {
        personalNumberSealed: null,
        personalNumberHash: null,
      });
      assert.equal(await store.findUserByPersonalNumberHash('pn-hash-1'), null);
      assert.equal((await store.setPersonalNumber(fia.id, 'sealed.2', 'pn-hash-1'))?.personalNumberHash, 'pn-hash-1', 'free again');
      assert.equal(await store.setPersonalNumber(crypto.randomUUID(), 's', 'pn-hash-9'), null);
    });

    it('hands out copies: changing a returned record changes nothing stored', async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'copy@example.se', passwordHash: 'h', createdAt: t0 });
      user.email = 'changed@example.se';
      user.createdAt.setTime(0);
      const found = await store.findUserById(user.id);
      assert.ok(found);
      assert.equal(found.email, 'copy@example.se');
      assert.equal(found.createdAt.getTime(), t0.getTime());
      found.name = 'Changed';
      assert.equal((await store.findUserByEmail('copy@example.se'))?.name, null);

      const record = {
        id: crypto.randomUUID(),
        purpose: 'sign_up',
        kind: 'code' as const,
        email: 'copy@example.se',
        userId: user.id,
        secretHash: 'copy-secret',
        payload: { step: 1, nested: { list: [1] } },
        attempts: 0,
        expiresAt: at(600),
        consumedAt: null,
        createdAt: t0,
      };
      await store.createVerification(record);
      record.payload.nested.list.push(2);
      record.expiresAt.setTime(0);
      const stored = await store.findVerificationBySecretHash('copy-secret');
      assert.deepEqual(stored?.payload, { step: 1, nested: { list: [1] } });
      assert.equal(stored?.expiresAt.getTime(), at(600).getTime());
      const nested = stored?.payload?.nested;
      nested.list.push(3);
      assert.deepEqual((await store.findLatestVerification('sign_up', 'copy@example.se'))?.payload, { step: 1, nested: { list: [1] } });
    });

    it('reads uuids in any spelling PostgreSQL accepts, refuses other ids, and never stores NUL', async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'uuid@example.se', passwordHash: null, createdAt: t0 });
      assert.equal((await store.findUserById(user.id.toUpperCase()))?.id, user.id);
      assert.equal((await store.findUserById(`{${user.id.replaceAll('-', '')}}`))?.id, user.id);
      const spelled = crypto.randomUUID();
      const created = await store.createUser({ id: spelled.toUpperCase(), email: 'upper-id@example.se', passwordHash: null, createdAt: t0 });
      assert.equal(created.id, spelled, 'stored in canonical lower case');
      for (const id of ['not-a-uuid', '', `${user.id}0`, ` ${user.id}`, `{${user.id}`, user.id.replaceAll('-', '--')]) {
        await assert.rejects(store.findUserById(id), `refuses ${JSON.stringify(id)}`);
      }
      await assert.rejects(store.deleteTrustedDevice(user.id, 'nope'));
      await assert.rejects(store.createUser({ id: crypto.randomUUID(), email: 'nul\u0000@example.se', passwordHash: null, createdAt: t0 }));
      await assert.rejects(store.findUserByEmail('uuid@example.se\u0000'));
      await assert.rejects(store.updateName(user.id, 'A\u0000B'));
      assert.equal((await store.findUserById(user.id))?.name, null);
    });

    it('refuses rows that point at nothing, as the foreign keys do', async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'fk@example.se', passwordHash: null, createdAt: t0 });
      await store.createCustomerAccount({
        customerId: 'DE245344254',
        name: 'FK GmbH',
        mainContactEmail: 'fk@example.se',
        legacyPasswordHash: null,
        createdAt: t0,
      });
      const nobody = crypto.randomUUID();
      const session = { id: 'k'.repeat(64), createdAt: t0, lastSeenAt: t0, expiresAt: at(3600) };
      await assert.rejects(store.createSession({ ...session, userId: nobody }));
      await assert.rejects(store.createSession({ ...session, userId: user.id, activeAccount: 'US000000001' }));
      assert.equal(await store.findSession('k'.repeat(64)), null);
      await store.createSession({ ...session, userId: user.id });
      await assert.rejects(store.createSession({ ...session, userId: user.id }), 'a session id is used once');
      await assert.rejects(store.setSessionActiveAccount('k'.repeat(64), 'US000000001'));
      await store.setSessionActiveAccount('unknown-session', 'US000000001'); // no row, so nothing to check
      await assert.rejects(store.linkAccountMember(user.id, 'US000000001', t0, null));
      await assert.rejects(store.linkAccountMember(nobody, 'DE245344254', t0, null));
      await assert.rejects(store.saveFactor({ userId: nobody, kind: 'totp', secret: 's', phone: null, lastTotpStep: null, enabledAt: t0 }));
      await assert.rejects(
        store.createTrustedDevice({
          id: crypto.randomUUID(),
          userId: nobody,
          tokenHash: 'fk-device',
          label: 'x',
          createdAt: t0,
          lastUsedAt: t0,
          expiresAt: at(60),
        }),
      );
      await assert.rejects(
        store.createVerification({
          id: crypto.randomUUID(),
          purpose: 'p',
          kind: 'link',
          email: 'fk@example.se',
          userId: nobody,
          secretHash: 'fk-secret',
          payload: null,
          attempts: 0,
          expiresAt: at(60),
          consumedAt: null,
          createdAt: t0,
        }),
      );
      await assert.rejects(store.replaceRecoveryCodes(nobody, [{ id: crypto.randomUUID(), codeHash: 'x' }], t0));
      assert.deepEqual(await store.listUserAccounts(user.id), []);
    });

    it('migrates a customer ID once, to a new or an existing user, and changes nothing when the address is taken', async () => {
      const account = (customerId: string) => ({
        customerId,
        name: `Account ${customerId}`,
        mainContactEmail: 'main@example.se',
        legacyPasswordHash: 'old',
        createdAt: t0,
      });
      await store.createCustomerAccount(account('US345234234'));
      await store.createUser({ id: crypto.randomUUID(), email: 'taken@example.se', passwordHash: 'h', createdAt: t0 });
      const newUser = (email: string) => ({ newUser: { id: crypto.randomUUID(), email, passwordHash: 'new', createdAt: at(1), emailVerifiedAt: at(1) } });

      await assert.rejects(store.migrateCustomerAccount('US345234234', newUser('TAKEN@example.se'), at(1)), EmailTakenError);
      assert.equal((await store.findCustomerAccount('US345234234'))?.migratedAt, null, 'rolled back');
      assert.equal(await store.setLegacyPassword('US345234234', 'old2'), true, 'still a customer-ID login');

      const racing = await Promise.all([
        store.migrateCustomerAccount('US345234234', newUser('first@example.se'), at(2)),
        store.migrateCustomerAccount('US345234234', newUser('second@example.se'), at(2)),
      ]);
      assert.deepEqual(racing.map((role) => role ?? 'lost').sort(), ['lost', 'owner'], 'one registration wins, and owns the account');
      const winner = (await store.findUserByEmail('first@example.se')) ?? (await store.findUserByEmail('second@example.se'));
      assert.ok(winner);
      assert.equal(winner.emailVerifiedAt?.getTime(), at(1).getTime());
      assert.equal((await store.findUserByEmail('first@example.se')) && (await store.findUserByEmail('second@example.se')), null, 'only the winner exists');
      assert.deepEqual(
        (await store.listUserAccounts(winner.id)).map((a) => a.account.customerId),
        ['US345234234'],
      );
      const migrated = await store.findCustomerAccount('US345234234');
      assert.deepEqual([migrated?.migratedAt?.getTime(), migrated?.legacyPasswordHash], [at(2).getTime(), 'old2']);
      assert.equal(await store.setLegacyPassword('US345234234', 'old3'), false, 'no password for a migrated ID');
      assert.equal((await store.findCustomerAccount('US345234234'))?.legacyPasswordHash, 'old2');

      await store.createCustomerAccount(account('SG111111111'));
      assert.equal(await store.linkAccountMember(winner.id, 'SG111111111', t0, 'admin'), 'admin');
      assert.equal(await store.migrateCustomerAccount('SG111111111', { userId: winner.id }, at(3)), 'admin', 'an existing member takes it over, role kept');
      assert.equal((await store.listUserAccounts(winner.id)).length, 2);
      assert.equal(await store.migrateCustomerAccount('SG111111111', { userId: winner.id }, at(4)), null);
      assert.equal(await store.migrateCustomerAccount('XX000000000', { userId: winner.id }, at(4)), null, 'unknown ID');
      assert.equal(await store.setLegacyPassword('XX000000000', 'h'), false);
    });

    it("changes roles and removes people under the account's rules, keeping an owner when two act at once", async () => {
      await store.createCustomerAccount({
        customerId: 'SE556677889',
        name: 'Roles AB',
        mainContactEmail: 'main@example.se',
        legacyPasswordHash: null,
        createdAt: t0,
      });
      const person = async (email: string) => (await store.createUser({ id: crypto.randomUUID(), email, passwordHash: 'h', createdAt: t0 })).id;
      const [olga, oskar, adam, maja, outsider] = await Promise.all(
        ['olga', 'oskar', 'adam', 'maja', 'outsider'].map((name) => person(`${name}@roles.example`)),
      );
      await store.linkAccountMember(olga!, 'SE556677889', t0, null);
      await store.linkAccountMember(oskar!, 'SE556677889', t0, 'owner');
      await store.linkAccountMember(adam!, 'SE556677889', t0, 'admin');
      await store.linkAccountMember(maja!, 'SE556677889', t0, null);
      const roles = async () => Object.fromEntries((await store.listAccountMembers('SE556677889')).map((m) => [m.user.email.split('@')[0], m.role]));
      assert.deepEqual(await roles(), { olga: 'owner', oskar: 'owner', adam: 'admin', maja: 'member' });
      const change = (actorUserId: string, userId: string, may = () => true) => ({ customerId: 'SE556677889', userId, actorUserId, may });

      assert.equal(
        await store.setAccountMemberRole(
          change(adam!, maja!, () => false),
          'admin',
        ),
        'forbidden',
        'the rule is asked',
      );
      assert.equal(await store.setAccountMemberRole(change(outsider!, maja!), 'admin'), 'forbidden', 'someone of no account');
      assert.equal(await store.setAccountMemberRole(change(adam!, outsider!), 'admin'), 'not_member');
      let asked: unknown[] = [];
      const recording = change(adam!, maja!, (...args: unknown[]) => ((asked = args), true));
      assert.deepEqual(await store.setAccountMemberRole(recording, 'admin'), { previousRole: 'member' });
      assert.deepEqual(asked, ['admin', 'member'], 'asked with both roles as they are');

      // Two owners demote each other at once: one wins, and the account keeps an owner.
      const both = await Promise.all([
        store.setAccountMemberRole(change(olga!, oskar!), 'member'),
        store.setAccountMemberRole(change(oskar!, olga!), 'member'),
      ]);
      assert.deepEqual(both.map((outcome) => (typeof outcome === 'string' ? outcome : 'changed')).sort(), ['changed', 'last_owner']);
      const owners = Object.entries(await roles()).filter(([, role]) => role === 'owner');
      assert.equal(owners.length, 1);
      const owner = owners[0]![0] === 'olga' ? olga! : oskar!;
      assert.equal(await store.removeAccountMember(change(owner, owner)), 'last_owner', 'the last owner cannot leave');
      assert.equal(await store.setAccountMemberRole(change(owner, owner), 'admin'), 'last_owner');

      const majasSession = 'm'.repeat(63) + 'a';
      await store.createSession({ id: majasSession, userId: maja!, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600), activeAccount: 'SE556677889' });
      assert.deepEqual(await store.removeAccountMember(change(owner, maja!)), { previousRole: 'admin' });
      assert.equal(await store.findUserAccount(maja!, 'SE556677889'), null);
      assert.equal((await store.findSession(majasSession))?.activeAccount, null, 'her session works in no account now');
      assert.equal(await store.removeAccountMember(change(owner, maja!)), 'not_member');
      assert.equal((await store.findUserById(maja!))?.lastSignInAt?.getTime(), t0.getTime(), 'a session started is a sign-in');
      assert.equal((await store.findUserById(outsider!))?.lastSignInAt, null);
    });

    it('keeps one-time secrets: the newest unconsumed one, tries counted, consumed once, retired, swept', async () => {
      const verification = (secretHash: string, createdAt: Date, purpose = 'password_reset') => ({
        id: crypto.randomUUID(),
        purpose,
        kind: 'link' as const,
        email: 'otp@example.se',
        userId: null,
        secretHash,
        payload: null,
        attempts: 0,
        expiresAt: at(900),
        consumedAt: null,
        createdAt,
      });
      const older = verification('otp-1', t0);
      const newer = verification('otp-2', at(1));
      // Stored in the other order than minted: the clock, not insertion, decides which is newest.
      await store.createVerification(newer);
      await store.createVerification(older);
      await store.createVerification(verification('otp-3', at(2), 'sign_up'));
      await assert.rejects(store.createVerification(verification('otp-1', at(3))), 'a secret hash is unique');
      assert.equal((await store.findLatestVerification('password_reset', 'otp@example.se'))?.id, newer.id);
      assert.equal(await store.findLatestVerification('password_reset', 'OTP@example.se'), null, 'addresses arrive normalised');
      assert.deepEqual(pick(await store.findVerificationBySecretHash('otp-2'), 'userId', 'payload', 'attempts', 'consumedAt'), {
        userId: null,
        payload: null,
        attempts: 0,
        consumedAt: null,
      });

      assert.equal(await store.reserveVerificationAttempt(newer.id, 3), 1);
      assert.deepEqual((await Promise.all([store.reserveVerificationAttempt(newer.id, 3), store.reserveVerificationAttempt(newer.id, 3)])).sort(), [2, 3]);
      assert.equal(await store.reserveVerificationAttempt(newer.id, 3), null, 'no more tries than allowed');
      const uses = await Promise.all([store.consumeVerification(newer.id, at(5)), store.consumeVerification(newer.id, at(5))]);
      assert.deepEqual(uses.sort(), [false, true]);
      assert.equal(await store.reserveVerificationAttempt(newer.id, 10), null, 'a used secret gives no tries');
      assert.equal((await store.findVerificationBySecretHash('otp-2'))?.consumedAt?.getTime(), at(5).getTime());
      assert.equal((await store.findLatestVerification('password_reset', 'otp@example.se'))?.id, older.id, 'the consumed one no longer counts');

      await store.retireVerifications('password_reset', 'otp@example.se', at(6));
      assert.equal(await store.findLatestVerification('password_reset', 'otp@example.se'), null);
      assert.equal(await store.consumeVerification(older.id, at(7)), false, 'retired');
      assert.ok(await store.findLatestVerification('sign_up', 'otp@example.se'), 'another purpose stays');

      await store.deleteVerificationsExpiredBefore(at(900)); // sweeps what earlier tests left, expiring sooner
      assert.ok(await store.findVerificationBySecretHash('otp-3'), 'expiring at the instant is not before it');
      assert.equal(await store.deleteVerificationsExpiredBefore(at(901)), 3);
      assert.equal(await store.findVerificationBySecretHash('otp-3'), null);
    });

    it('keeps BankID orders, changes only what an update names, and completes each once', async () => {
      const order = {
        id: 'order-handle-hash',
        browserHash: 'browser',
        orderRef: 'ref',
        autoStartToken: 'auto',
        qrStartToken: 'qr',
        qrStartSecretSealed: 'sealed',
        status: 'pending' as const,
        hintCode: null,
        failureMessage: null,
        startedAt: t0,
        lastCollectAt: null,
        expiresAt: at(180),
      };
      await store.createBankIdOrder(order);
      await store.createBankIdOrder({ ...order, id: 'other-order', expiresAt: at(400) });
      await store.updateBankIdOrder(order.id, { hintCode: 'outstandingTransaction', lastCollectAt: at(2) });
      await store.updateBankIdOrder(order.id, { hintCode: 'userSign', lastCollectAt: undefined });
      const collected = await store.findBankIdOrder(order.id);
      assert.deepEqual(pick(collected, 'status', 'hintCode', 'failureMessage', 'orderRef'), {
        status: 'pending',
        hintCode: 'userSign',
        failureMessage: null,
        orderRef: 'ref',
      });
      assert.equal(collected?.lastCollectAt?.getTime(), at(2).getTime());
      await store.updateBankIdOrder(order.id, { status: 'failed', failureMessage: 'RFA3', lastCollectAt: null });
      assert.deepEqual(pick(await store.findBankIdOrder(order.id), 'status', 'failureMessage', 'lastCollectAt'), {
        status: 'failed',
        failureMessage: 'RFA3',
        lastCollectAt: null,
      });
      assert.deepEqual((await Promise.all([store.deleteBankIdOrder(order.id), store.deleteBankIdOrder(order.id)])).sort(), [false, true]);
      assert.equal(await store.findBankIdOrder(order.id), null);
      assert.equal(await store.deleteBankIdOrdersExpiredBefore(at(400)), 0);
      assert.equal(await store.deleteBankIdOrdersExpiredBefore(at(401)), 1);
    });

    it('finds the pending BankID orders not collected since a time', async () => {
      const order = {
        id: 'quiet-never',
        browserHash: 'browser',
        orderRef: 'ref',
        autoStartToken: 'auto',
        qrStartToken: 'qr',
        qrStartSecretSealed: 'sealed',
        status: 'pending' as const,
        hintCode: null,
        failureMessage: null,
        startedAt: at(1000),
        lastCollectAt: null,
        expiresAt: at(1300),
      };
      await store.createBankIdOrder(order);
      await store.createBankIdOrder({ ...order, id: 'quiet-since', lastCollectAt: at(1005) });
      await store.createBankIdOrder({ ...order, id: 'polled', lastCollectAt: at(1012) });
      await store.createBankIdOrder({ ...order, id: 'failed', status: 'failed', lastCollectAt: at(1001) });
      const quiet = async (before: number) => (await store.findBankIdOrdersNotCollectedSince(at(before))).map((o) => o.id).sort();
      assert.deepEqual(await quiet(1000), [], 'started at the instant is not before it');
      assert.deepEqual(await quiet(1010), ['quiet-never', 'quiet-since']);
      assert.deepEqual(await quiet(1020), ['polled', 'quiet-never', 'quiet-since'], 'a failed order is over');
      for (const id of ['quiet-never', 'quiet-since', 'polled', 'failed']) await store.deleteBankIdOrder(id);
    });

    it('ends all other sessions of a user, and lists, replaces and revokes devices, setups and recovery codes', async () => {
      const gus = await store.createUser({ id: crypto.randomUUID(), email: 'gus@example.se', passwordHash: 'h', createdAt: t0 });
      const hal = await store.createUser({ id: crypto.randomUUID(), email: 'hal@example.se', passwordHash: 'h', createdAt: t0 });
      for (const [id, userId] of [
        ['s1', gus.id],
        ['s2', gus.id],
        ['s3', gus.id],
        ['s4', hal.id],
      ] as const) {
        await store.createSession({ id: id.padEnd(64, '0'), userId, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600) });
      }
      assert.equal(await store.deleteUserSessions(gus.id, 's1'.padEnd(64, '0')), 2);
      assert.ok(await store.findSession('s1'.padEnd(64, '0')));
      assert.equal(await store.deleteUserSessions(gus.id), 1);
      assert.ok(await store.findSession('s4'.padEnd(64, '0')), "another user's session stays");

      const device = (userId: string, tokenHash: string, createdAt: Date, expiresAt = at(86_400)) => ({
        id: crypto.randomUUID(),
        userId,
        tokenHash,
        label: tokenHash,
        createdAt,
        lastUsedAt: createdAt,
        expiresAt,
      });
      const first = device(gus.id, 'dev-first', t0);
      const second = device(gus.id, 'dev-second', at(10));
      const twins = [device(gus.id, 'dev-twin-a', at(5)), device(gus.id, 'dev-twin-b', at(5))];
      for (const d of [first, second, ...twins, device(hal.id, 'dev-hal', at(20)), device(gus.id, 'dev-expired', at(30), at(60))])
        await store.createTrustedDevice(d);
      await assert.rejects(store.createTrustedDevice(device(hal.id, 'dev-first', at(40))), 'a token hash is unique');
      const sortedTwins = twins
        .map((d) => d.tokenHash)
        .sort((a, b) => (twins.find((d) => d.tokenHash === a)!.id < twins.find((d) => d.tokenHash === b)!.id ? -1 : 1));
      assert.deepEqual(
        (await store.listTrustedDevices(gus.id, at(60))).map((d) => d.tokenHash),
        ['dev-second', ...sortedTwins, 'dev-first'],
        'newest first, then by id',
      );
      assert.equal(await store.deleteTrustedDevice(hal.id, first.id), false, "not hal's");
      assert.equal(await store.deleteTrustedDevice(gus.id, first.id), true);
      assert.equal(await store.deleteTrustedDevice(gus.id, first.id), false);
      assert.equal(await store.deleteUserTrustedDevices(gus.id), 4);
      assert.equal((await store.listTrustedDevices(hal.id, t0)).length, 1);

      await store.savePendingSetup({ userId: gus.id, kind: 'sms', secret: null, phone: '+46701111111', createdAt: t0, expiresAt: at(600) });
      await store.savePendingSetup({ userId: gus.id, kind: 'sms', secret: null, phone: '+46702222222', createdAt: at(1), expiresAt: at(601) });
      const pending = await store.findPendingSetup(gus.id, 'sms');
      assert.deepEqual([pending?.phone, pending?.createdAt.getTime(), pending?.expiresAt.getTime()], ['+46702222222', at(1).getTime(), at(601).getTime()]);
      assert.equal(await store.findPendingSetup(gus.id, 'totp'), null);
      assert.equal(await store.findPendingSetup(hal.id, 'sms'), null);
      assert.equal((await store.takePendingSetup(gus.id, 'sms'))?.phone, '+46702222222');
      assert.equal(await store.findPendingSetup(gus.id, 'sms'), null);

      await store.saveFactor({ userId: gus.id, kind: 'totp', secret: 'plain.A', phone: null, lastTotpStep: null, enabledAt: t0 });
      assert.equal(await store.advanceTotpStep(gus.id, 7), true);
      await store.saveFactor({ userId: gus.id, kind: 'totp', secret: 'plain.B', phone: null, lastTotpStep: null, enabledAt: at(9) });
      assert.deepEqual(
        pick((await store.listFactors(gus.id))[0], 'secret', 'lastTotpStep'),
        { secret: 'plain.B', lastTotpStep: null },
        'a new app starts afresh',
      );
      assert.equal(await store.advanceTotpStep(hal.id, 7), false, 'no app');
      assert.deepEqual(await store.listFactors(hal.id), []);

      await store.replaceRecoveryCodes(
        gus.id,
        [
          { id: crypto.randomUUID(), codeHash: 'g1' },
          { id: crypto.randomUUID(), codeHash: 'g2' },
        ],
        t0,
      );
      await store.replaceRecoveryCodes(hal.id, [{ id: crypto.randomUUID(), codeHash: 'g1' }], t0);
      assert.equal(await store.useRecoveryCode(hal.id, 'g2', at(1)), false, "gus's code");
      await assert.rejects(
        store.replaceRecoveryCodes(
          gus.id,
          [
            { id: crypto.randomUUID(), codeHash: 'dup' },
            { id: crypto.randomUUID(), codeHash: 'dup' },
          ],
          at(1),
        ),
      );
      await assert.rejects(store.replaceRecoveryCodes(gus.id, [], at(1)), 'a set of none is refused');
      assert.equal(await store.countUnusedRecoveryCodes(gus.id), 2, 'a failed replacement keeps the old codes');
      await store.deleteRecoveryCodes(gus.id);
      assert.equal(await store.countUnusedRecoveryCodes(gus.id), null);
      assert.equal(await store.countUnusedRecoveryCodes(hal.id), 1);
    });
  });
}

describe('PostgreSQL migrations', { skip: postgresSkipReason }, () => {
  it('keep working when the database cuts their connections (a restart or failover)', async () => {
    const database = await createTemporaryDatabase();
    const store = await openPostgresStore(database.url);
    try {
      await store.listUsers(); // leaves an idle pooled connection
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [new URL(database.url).pathname.slice(1)]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Without an error listener on the pool, the cut would have killed this process as an uncaught exception.
      assert.deepEqual(await store.listUsers(), []);
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it('let several nodes start at once on one empty database', async () => {
    const database = await createTemporaryDatabase();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(database.url)));
      const user = await stores[0]!.createUser({ id: crypto.randomUUID(), email: 'n@example.se', passwordHash: null, createdAt: t0 });
      assert.equal((await stores[2]!.findUserByEmail('n@example.se'))?.id, user.id);
      await Promise.all(stores.map((s) => s.close()));
      // A restart on the migrated database finds nothing to do.
      const again = await openPostgresStore(database.url);
      assert.equal((await again.listUsers()).length, 1);
      await again.close();
    } finally {
      await database.drop();
    }
  });
});
