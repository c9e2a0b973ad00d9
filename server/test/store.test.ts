import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../src/adapters/sql/postgres-store.ts';
import { CustomerIdTakenError, EmailTakenError, type Store } from '../src/ports/store.ts';
import { backends, createTemporaryDatabase, postgresSkipReason } from './support/backends.ts';

const t0 = new Date('2026-03-01T09:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

for (const backend of backends) {
  describe(`store on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('creates users and finds them by e-mail in any letter case', async () => {
      const created = await store.createUser({ id: crypto.randomUUID(), email: 'ada@example.se', passwordHash: 'h', createdAt: t0 });
      assert.equal(created.email, 'ada@example.se');
      assert.equal(created.createdAt.getTime(), t0.getTime());
      const found = await store.findUserByEmail('ADA@Example.SE');
      assert.equal(found?.id, created.id);
      assert.equal((await store.findUserById(created.id))?.email, 'ada@example.se');
      assert.equal(await store.findUserByEmail('nobody@example.se'), null);
    });

    it('refuses a second user with the same e-mail, whatever its case', async () => {
      await store.createUser({ id: crypto.randomUUID(), email: 'bo@example.se', passwordHash: null, createdAt: t0 });
      await assert.rejects(
        store.createUser({ id: crypto.randomUUID(), email: 'BO@example.se', passwordHash: null, createdAt: t0 }),
        EmailTakenError,
      );
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

    it('counts rate-limit events in a window, clears them per key and sweeps them per scope', async () => {
      await store.recordEvent('fail:account:x', at(0));
      await store.recordEvent('fail:account:x', at(10));
      await store.recordEvent('fail:account:x', at(20));
      await store.recordEvent('fail:ip:1', at(20));
      await store.recordEvent('send:email:x', at(0));
      assert.deepEqual(
        await store.countEventsSince(['fail:account:x', 'fail:ip:1', 'fail:account:none'], at(5)),
        new Map([
          ['fail:account:x', { count: 2, oldest: at(10) }],
          ['fail:ip:1', { count: 1, oldest: at(20) }],
        ]),
      );
      await store.clearEvents('fail:account:x');
      assert.deepEqual([...(await store.countEventsSince(['fail:account:x', 'fail:ip:1'], at(0))).keys()], ['fail:ip:1']);
      // Sweeping one scope leaves another's events, whatever their age.
      assert.equal(await store.deleteEventsBefore('fail', at(30)), 1);
      assert.equal((await store.countEventsSince(['send:email:x'], at(0))).get('send:email:x')?.count, 1);
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
      assert.deepEqual(ola.map((m) => [m.recipient, m.subject, m.text, m.html]), [
        ['Ola@Example.se', 'second', 'second text', '<p>second</p>'],
        ['ola@example.se', 'first', 'first text', '<p>first</p>'],
      ]);
      assert.deepEqual((await store.listOutbox({ channel: 'sms', limit: 10 })).map((m) => m.recipient), ['+46701234567']);
      assert.deepEqual((await store.listOutbox({ channel: 'email', limit: 2 })).map((m) => m.subject), ['second', 'other']);
      assert.deepEqual(await store.listOutbox({ recipient: 'nobody@example.se', limit: 10 }), []);
    });

    it('keeps second factors; claims app time steps, recovery codes and challenges once; sweeps what expired', async () => {
      const user = await store.createUser({ id: crypto.randomUUID(), email: 'mfa@example.se', passwordHash: 'h', createdAt: t0 });
      await store.saveFactor({ userId: user.id, kind: 'totp', secret: 'plain.A', phone: null, lastTotpStep: null, enabledAt: t0 });
      await store.saveFactor({ userId: user.id, kind: 'sms', secret: null, phone: '+46701234567', lastTotpStep: null, enabledAt: t0 });
      // A new phone replaces the old one.
      await store.saveFactor({ userId: user.id, kind: 'sms', secret: null, phone: '+46707654321', lastTotpStep: null, enabledAt: at(5) });
      const factors = await store.listFactors(user.id);
      assert.deepEqual(factors.map((f) => [f.kind, f.phone]).sort(), [['sms', '+46707654321'], ['totp', null]]);

      assert.equal(await store.advanceTotpStep(user.id, 100), true);
      const racing = await Promise.all([store.advanceTotpStep(user.id, 101), store.advanceTotpStep(user.id, 101)]);
      assert.deepEqual(racing.sort(), [false, true], 'one step, once');
      assert.equal(await store.advanceTotpStep(user.id, 100), false, 'never backwards');
      assert.equal(await store.deleteFactor(user.id, 'sms'), true);
      assert.equal(await store.deleteFactor(user.id, 'sms'), false);

      assert.equal(await store.countUnusedRecoveryCodes(user.id), null, 'none generated');
      await store.replaceRecoveryCodes(user.id, [{ id: crypto.randomUUID(), codeHash: 'r1' }, { id: crypto.randomUUID(), codeHash: 'r2' }], t0);
      const uses = await Promise.all([store.useRecoveryCode(user.id, 'r1', at(1)), store.useRecoveryCode(user.id, 'r1', at(1))]);
      assert.deepEqual(uses.sort(), [false, true]);
      assert.equal(await store.countUnusedRecoveryCodes(user.id), 1);
      await store.replaceRecoveryCodes(user.id, [{ id: crypto.randomUUID(), codeHash: 'r3' }], at(2));
      assert.equal(await store.useRecoveryCode(user.id, 'r2', at(3)), false, 'replaced');
      assert.equal(await store.countUnusedRecoveryCodes(user.id), 1);

      await store.savePendingSetup({ userId: user.id, kind: 'totp', secret: 'plain.B', phone: null, createdAt: t0, expiresAt: at(60) });
      const taken = await Promise.all([store.takePendingSetup(user.id, 'totp'), store.takePendingSetup(user.id, 'totp')]);
      assert.equal(taken.filter(Boolean).length, 1, 'a setup completes once');

      const challenge = { id: crypto.randomUUID(), tokenHash: 'c'.repeat(64), userId: user.id, kind: 'mfa' as const, channel: 'totp' as const, failedAttempts: 0, createdAt: t0, expiresAt: at(600), usedAt: null };
      await store.createMfaChallenge(challenge);
      assert.equal(await store.addMfaChallengeFailure(challenge.id), 1);
      await store.setMfaChallengeChannel(challenge.id, 'sms');
      assert.equal((await store.findMfaChallenge('c'.repeat(64)))?.channel, 'sms');
      const consumed = await Promise.all([store.consumeMfaChallenge(challenge.id, at(2)), store.consumeMfaChallenge(challenge.id, at(2))]);
      assert.deepEqual(consumed.sort(), [false, true]);
      assert.equal(await store.addMfaChallengeFailure(challenge.id), null, 'a used challenge counts nothing');

      const device = { id: crypto.randomUUID(), userId: user.id, tokenHash: 'd'.repeat(64), label: 'Firefox on Linux', createdAt: t0, lastUsedAt: t0, expiresAt: at(86_400) };
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

    it('keeps customer accounts, links users to them, and holds a session\'s active account', async () => {
      const ann = await store.createUser({ id: crypto.randomUUID(), email: 'ann@example.se', passwordHash: 'h', createdAt: t0 });
      const ben = await store.createUser({ id: crypto.randomUUID(), email: 'ben@example.se', passwordHash: 'h', createdAt: t0 });
      const account = (customerId: string, name: string) => ({ customerId, name, mainContactEmail: 'main@example.se', legacyPasswordHash: null, createdAt: t0 });
      const zeta = await store.createCustomerAccount({ ...account('NL123421341', 'Zeta BV'), legacyPasswordHash: '$argon2id$x' });
      assert.equal(zeta.legacyPasswordHash, '$argon2id$x');
      assert.equal(zeta.createdAt.getTime(), t0.getTime());
      await store.createCustomerAccount(account('CDN1010101010', 'Alpha Ltd'));
      await store.createCustomerAccount(account('SG234124123', 'Mid AB'));
      await assert.rejects(store.createCustomerAccount(account('NL123421341', 'Again')), CustomerIdTakenError);
      assert.equal((await store.findCustomerAccount('CDN1010101010'))?.name, 'Alpha Ltd');
      assert.equal(await store.findCustomerAccount('DE245344254'), null);

      assert.equal(await store.linkAccountMember(ann.id, 'NL123421341', t0), true);
      assert.equal(await store.linkAccountMember(ann.id, 'NL123421341', t0), false, 'linking twice is harmless');
      await store.linkAccountMember(ann.id, 'CDN1010101010', t0);
      await store.linkAccountMember(ben.id, 'SG234124123', t0);
      assert.deepEqual((await store.listUserAccounts(ann.id)).map((a) => a.customerId), ['CDN1010101010', 'NL123421341'], 'by name');
      assert.equal((await store.findUserAccount(ann.id, 'NL123421341'))?.name, 'Zeta BV');
      assert.equal(await store.findUserAccount(ann.id, 'SG234124123'), null, "someone else's account");
      assert.equal(await store.findUserAccount(ann.id, 'DE245344254'), null);

      await store.createSession({ id: 'e'.repeat(64), userId: ann.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600) });
      assert.equal((await store.findSession('e'.repeat(64)))?.activeAccount, null);
      assert.deepEqual(
        (await store.listSessionAccounts('e'.repeat(64))).map((a) => [a.account.customerId, a.active]),
        [['CDN1010101010', false], ['NL123421341', false]],
      );
      await store.setSessionActiveAccount('e'.repeat(64), 'NL123421341');
      assert.equal((await store.findSessionWithUser('e'.repeat(64)))?.session.activeAccount, 'NL123421341');
      assert.deepEqual(
        (await store.listSessionAccounts('e'.repeat(64))).filter((a) => a.active).map((a) => a.account.customerId),
        ['NL123421341'],
      );
      // Even if a session named an account its user is not linked to, it would never be listed or be active.
      await store.setSessionActiveAccount('e'.repeat(64), 'SG234124123');
      assert.deepEqual((await store.listSessionAccounts('e'.repeat(64))).filter((a) => a.active), []);
      assert.deepEqual(await store.listSessionAccounts('f'.repeat(64)), [], 'an unknown session has none');
      await store.createSession({ id: 'g'.repeat(64), userId: ben.id, createdAt: t0, lastSeenAt: t0, expiresAt: at(3600), activeAccount: 'SG234124123' });
      assert.equal((await store.findSession('g'.repeat(64)))?.activeAccount, 'SG234124123');
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
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
        new URL(database.url).pathname.slice(1),
      ]);
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
