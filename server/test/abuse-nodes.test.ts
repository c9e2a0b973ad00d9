import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, RecoveryCodes, SessionInfo } from '@portico/contract';
import { openPostgresStore } from '../src/adapters/sql/postgres-store.ts';
import type { Store } from '../src/ports/store.ts';
import { hashToken } from '../src/services/tokens.ts';
import { createTemporaryDatabase, postgresSkipReason } from './support/backends.ts';
import { Browser, errorOf } from './support/browser.ts';
import { enableTotp, nextTotp, password, passwordStep, signedInNewUser } from './support/mfa.ts';
import { describeSingleUseSecrets } from './support/single-use-secrets.ts';
import { adminToken, testApp, type TestAppOptions } from './support/test-app.ts';
import { TestClock } from './support/test-clock.ts';

// The abuse suite, part three: two Portico nodes on one PostgreSQL database, as a scaled-out deployment runs. Limits
// hold across them, a single-use secret works once whichever nodes it reaches, a session ended on one node is refused
// by the other at once, and a message one node claimed and never sent is sent by the other.

type Node = ReturnType<typeof testApp>;

/** Both nodes' clocks move together. */
function advance(nodes: readonly Node[], seconds: number): void {
  for (const node of nodes) node.clock.advance(seconds);
}

/** Asks until `ask` says yes, or `withinMs` has passed; how long it took, in ms. */
async function until(ask: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await ask()) return performance.now() - started;
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('two nodes on one PostgreSQL database', { skip: postgresSkipReason }, () => {
  let stores: Store[] = [];
  let watches: { close(): Promise<void> }[] = [];
  let a: Node;
  let b: Node;
  let drop: () => Promise<void> = async () => undefined;

  before(async () => {
    const database = await createTemporaryDatabase();
    drop = database.drop;
    stores = [await openPostgresStore(database.url), await openPostgresStore(database.url)];
    a = testApp(stores[0]!);
    b = testApp(stores[1]!);
    watches = [await a.services.sessions.watch(), await b.services.sessions.watch()];
  });
  after(async () => {
    for (const watch of watches) await watch.close();
    for (const store of stores) await store.close();
    await drop();
  });

  /** One app of two nodes (one clock): requests alternate between them; mail is read through the first. */
  function twoNodes(options: TestAppOptions = {}): Node {
    const clock = new TestClock();
    const nodes = [testApp(stores[0]!, { ...options, clock }), testApp(stores[1]!, { ...options, clock })] as const;
    let next = 0;
    return { ...nodes[0], request: (method, path, body, o) => nodes[next++ % 2]!.request(method, path, body, o) };
  }

  describeSingleUseSecrets(() => stores[0]!, twoNodes);

  it("checks no more passwords across both nodes than one network's budget: 250 at once", async () => {
    await a.createUser('two-node-burst@example.se', password);
    const before = a.hasher.verifications + b.hasher.verifications;
    const answers = await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        (i % 2 ? a : b).request('POST', apiPaths.signIn, { identifier: 'two-node-burst@example.se', password: `Wrong-${i}-x` }, { ip: '198.51.100.77' }),
      ),
    );
    const evaluated = a.hasher.verifications + b.hasher.verifications - before;
    assert.ok(evaluated <= 10, `${evaluated} passwords checked`);
    assert.equal(answers.filter((r) => r.status === 401).length, evaluated);
  });

  it('lets a reset link, an app code and a session renewal through once, whichever node each request reaches', async () => {
    await a.createUser('two-node-link@example.se', password);
    await a.request('POST', apiPaths.forgotPassword, { email: 'two-node-link@example.se' });
    const token = await a.latestLinkToken('two-node-link@example.se');
    const resets = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).request('POST', apiPaths.setPassword, { token, password: `Two-Nodes-${i}-2026!` })),
    );
    assert.equal(resets.filter((r) => r.ok).length, 1);

    const owner = await signedInNewUser(a, 'two-node-code@example.se', '198.51.100.78');
    const secret = await enableTotp(a, owner);
    await owner.post(apiPaths.signOut);
    const step = await passwordStep(owner, 'two-node-code@example.se');
    const code = nextTotp(a, secret);
    advance([b], 30);
    const cookie = owner.cookieHeader;
    const verified = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).request('POST', apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code }, { cookie, ip: '198.51.100.78' }),
      ),
    );
    assert.equal(verified.filter((r) => r.ok).length, 1);

    const signedIn = await signedInNewUser(a, 'two-node-renew@example.se', '198.51.100.79');
    await enableTotp(a, signedIn);
    const session = signedIn.cookieHeader;
    const regenerated = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).request('POST', apiPaths.recoveryCodes, {}, { cookie: session, ip: '198.51.100.79' })),
    );
    assert.equal(regenerated.filter((r) => r.ok).length, 1);
    RecoveryCodes.parse(await regenerated.find((r) => r.ok)!.json());
    const user = (await stores[0]!.findUserByEmail('two-node-renew@example.se'))!;
    assert.equal(await stores[0]!.deleteUserSessions(user.id, await hashToken('none')), 1, 'one session remained');
  });

  it('tells a read with the token a renewal on the other node just replaced from a sign-out, and keeps its cookie', async () => {
    const clock = new TestClock();
    const [nodeA, nodeB] = [testApp(stores[0]!, { clock }), testApp(stores[1]!, { clock })];
    const readOnB = async (cookie: string) => nodeB.request('GET', apiPaths.session, undefined, { cookie, ip: '198.51.100.81' });

    const page = await signedInNewUser(nodeA, 'two-node-race@example.se', '198.51.100.81');
    await enableTotp(nodeA, page);
    const oldCookie = page.cookieHeader;
    assert.equal((await readOnB(oldCookie)).status, 200, 'B has seen the session, as reads spread over both nodes would');
    // A renews it (new recovery codes renew the session's token); a read the page sent just before reaches B.
    assert.equal((await page.post(apiPaths.recoveryCodes)).status, 200);
    const stale = await readOnB(oldCookie);
    assert.equal(stale.status, 401, 'the old token opens nothing');
    assert.equal((await errorOf(stale)).code, 'session_renewed', 'but it is not taken for a sign-out');
    assert.deepEqual(stale.headers.getSetCookie(), [], 'nor is the cookie cleared: the browser has the new one');
    assert.equal((await readOnB(page.cookieHeader)).status, 200, 'the new token works on B');
    clock.advance(31);
    assert.equal((await errorOf(await readOnB(oldCookie))).code, 'unauthenticated', 'later, the old token is just ended');

    // Signed out since, the session's old token is just ended too, within the half minute.
    const other = await signedInNewUser(nodeA, 'two-node-race-out@example.se', '198.51.100.82');
    await enableTotp(nodeA, other);
    const before = other.cookieHeader;
    assert.equal((await other.post(apiPaths.recoveryCodes)).status, 200);
    assert.equal((await other.post(apiPaths.signOut)).status, 200);
    assert.equal((await errorOf(await readOnB(before))).code, 'unauthenticated');
  });

  it('refuses a session signed out on one node at the other at once, reads and writes alike', async (t) => {
    await a.createUser('two-node-session@example.se', password);
    const browser = new Browser(a.request, { ip: '198.51.100.80' });
    assert.equal((await browser.post(apiPaths.signIn, { identifier: 'two-node-session@example.se', password })).status, 200);
    const cookie = browser.cookieHeader;
    const onB = (method: 'GET' | 'POST') =>
      method === 'GET'
        ? b.request('GET', apiPaths.session, undefined, { cookie, ip: '198.51.100.80' })
        : b.request('POST', apiPaths.profile, { name: 'Written On B' }, { cookie, ip: '198.51.100.80' });
    // B now remembers the session (its clock does not move, so only an announcement can make it forget).
    assert.equal((await onB('GET')).status, 200);
    assert.equal((await onB('GET')).status, 200);

    assert.equal((await browser.post(apiPaths.signOut)).status, 200);
    const tookMs = await until(async () => (await onB('GET')).status === 401, 1_000);
    t.diagnostic(`node B refused the session ${tookMs.toFixed(1)} ms after the sign-out on node A answered`);
    const writes = await Promise.all(Array.from({ length: 40 }, () => onB('POST')));
    assert.deepEqual([...new Set(writes.map((r) => r.status))], [401], 'no write accepted after sign-out');
  });

  it("shows an account switch, another role and an unlinking made on one node in the other's session checks", async (t) => {
    const admin = { headers: { authorization: `Bearer ${adminToken}` } };
    for (const [customerId, name] of [
      ['SE710000001', 'Nodes One AB'],
      ['SE710000002', 'Nodes Two AB'],
    ] as const) {
      assert.equal((await a.request('POST', apiPaths.adminAccounts, { customerId, name, mainContactEmail: 'main@example.se' }, admin)).status, 201);
    }
    const email = 'two-node-accounts@example.se';
    await a.createUser(email, password);
    await a.createUser('two-node-owner@example.se', password);
    for (const [customerId, who] of [
      ['SE710000001', 'two-node-owner@example.se'],
      ['SE710000001', email],
      ['SE710000002', email],
    ] as const) {
      assert.equal((await a.request('POST', apiPaths.adminAccountLinks, { customerId, email: who }, admin)).status, 200);
    }
    const onA = new Browser(a.request, { ip: '198.51.100.83' });
    assert.equal((await onA.post(apiPaths.signIn, { identifier: email, password })).status, 200);
    const cookie = onA.cookieHeader;
    const checkOnB = async () => SessionInfo.parse(await (await b.request('GET', apiPaths.session, undefined, { cookie, ip: '198.51.100.83' })).json());
    // B now remembers the session and its accounts; its clock does not move, so only an announcement can change that.
    assert.equal((await checkOnB()).activeAccount, null);
    assert.equal((await checkOnB()).activeAccount, null);

    await onA.post(apiPaths.activeAccount, { customerId: 'SE710000001' });
    const switched = await until(async () => (await checkOnB()).activeAccount?.customerId === 'SE710000001', 1_000);
    const owner = new Browser(a.request, { ip: '198.51.100.84' });
    assert.equal((await owner.post(apiPaths.signIn, { identifier: 'two-node-owner@example.se', password })).status, 200);
    const user = (await stores[0]!.findUserByEmail(email))!;
    assert.equal((await owner.post(apiPaths.accountMemberRole, { userId: user.id, role: 'admin' })).status, 200);
    const role = await until(async () => (await checkOnB()).activeAccount?.role === 'admin', 1_000);
    assert.equal((await a.request('POST', apiPaths.adminAccountUnlink, { customerId: 'SE710000001', email }, admin)).status, 200);
    const unlinked = await until(async () => {
      const info = await checkOnB();
      return info.activeAccount === null && info.accounts.map((x) => x.customerId).join() === 'SE710000002';
    }, 1_000);
    t.diagnostic(
      `node B showed the switch after ${switched.toFixed(1)} ms, the role after ${role.toFixed(1)} ms, the unlinking after ${unlinked.toFixed(1)} ms`,
    );
  });

  it('ends every other session on every node at once when the password changes on one', async () => {
    await a.createUser('two-node-change@example.se', password);
    const phone = new Browser(b.request, { ip: '198.51.100.81' });
    assert.equal((await phone.post(apiPaths.signIn, { identifier: 'two-node-change@example.se', password })).status, 200);
    assert.equal((await phone.get(apiPaths.session)).status, 200);
    const laptop = new Browser(a.request, { ip: '198.51.100.82' });
    assert.equal((await laptop.post(apiPaths.signIn, { identifier: 'two-node-change@example.se', password })).status, 200);
    const changed = await laptop.post(apiPaths.changePassword, { currentPassword: password, newPassword: 'Changed-On-A-2026!' });
    assert.equal(changed.status, 200);
    await until(async () => (await phone.get(apiPaths.session)).status === 401, 1_000);
    assert.equal((await errorOf(await phone.post(apiPaths.profile, { name: 'x' }))).code, 'unauthenticated');
  });

  it('sends a message one node claimed and never finished (it died), from the other node once the claim lapses', async () => {
    // Nothing of the earlier tests' still to be delivered, and no delivery about to start by itself.
    for (const node of [a, b]) {
      node.services.delivery.stop();
      await node.services.delivery.settled();
    }
    // Node A queues a notice, claims it for delivery, and dies before sending it.
    await a.services.users.create('two-node-mail@example.se', password);
    const user = (await stores[0]!.findUserByEmail('two-node-mail@example.se'))!;
    await stores[0]!.enqueueMessage({
      channel: 'email',
      recipient: user.email,
      template: 'recoveryCodeUsed',
      payload: 'plain.{"subject":"Recovery code used","text":"7 left","html":"<p>7 left</p>"}',
      createdAt: a.clock.now(),
    });
    const claimed = await stores[0]!.claimDueMessages(a.clock.now(), new Date(a.clock.now().getTime() + 60_000), 10);
    assert.equal(claimed.length, 1);
    // B leaves it alone while A's claim holds…
    await b.services.delivery.settled();
    assert.equal(await b.latestMail('two-node-mail@example.se'), null);
    // …and sends it once the claim has lapsed.
    advance([a, b], 61);
    await b.services.delivery.settled();
    assert.match((await b.latestMail('two-node-mail@example.se'))?.text ?? '', /7/);
  });
});
