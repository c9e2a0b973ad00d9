import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, defaultPolicy, type Policy } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';

// The rules, not the storage: PGlite (the default) is enough here; the stores' own guarantees under concurrency are
// tested on every backend in store.test.ts and abuse-bursts.test.ts.
const [pglite] = backends;
import { Browser, errorOf } from './support/browser.ts';
import { testApp } from './support/test-app.ts';

const password = 'Correct-Horse-Battery-7';

/** One browser with its own cookies, on a client address. */
function browserAt(t: ReturnType<typeof testApp>, ip: string, headers: Record<string, string> = {}) {
  return new Browser(t.request, { ip, headers });
}

for (const backend of [pglite!]) {
  describe(`failed sign-in limits on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('limits one network guessing one account to 10 in 15 minutes, says when to retry, and leaves other networks alone', async () => {
      const t = testApp(store);
      await t.createUser('target@example.se', password);
      const attacker = browserAt(t, '10.0.0.66');
      for (let i = 0; i < 10; i++) {
        assert.equal((await attacker.post(apiPaths.signIn, { identifier: 'target@example.se', password: `guess ${i}` })).status, 401, `guess ${i + 1}`);
        t.clock.advance(30);
      }
      // Even the right password is refused from there: the limit must not act as a password oracle.
      const limited = await attacker.post(apiPaths.signIn, { identifier: 'TARGET@example.se', password });
      assert.equal(limited.status, 429);
      const error = await errorOf(limited);
      assert.equal(error.code, 'rate_limited');
      // The first guess was 300 s ago; it leaves the 900 s window in 600 s.
      assert.equal(error.retryAfterSeconds, 600);
      assert.equal(limited.headers.get('retry-after'), '600');
      // The owner, somewhere else, is not locked out by one guesser.
      assert.equal((await browserAt(t, '10.0.1.1').post(apiPaths.signIn, { identifier: 'target@example.se', password })).status, 200);
    });

    it('throttles guesses spread over many networks, while the owner signs in on a browser that signed in before', async () => {
      const t = testApp(store);
      await t.createUser('spread@example.se', password);
      const laptop = browserAt(t, '10.1.0.1');
      assert.equal((await laptop.post(apiPaths.signIn, { identifier: 'spread@example.se', password })).status, 200);
      await laptop.post(apiPaths.signOut);
      // Twice the per-network budget from unknown browsers anywhere…
      for (let i = 0; i < 20; i++) {
        assert.equal((await browserAt(t, `10.1.1.${i}`).post(apiPaths.signIn, { identifier: 'spread@example.se', password: 'Guess-1-Guess' })).status, 401);
      }
      // …then every unknown browser waits, even with the right password…
      const elsewhere = await browserAt(t, '10.1.2.1').post(apiPaths.signIn, { identifier: 'spread@example.se', password });
      assert.equal(elsewhere.status, 429);
      // …but not the owner's laptop, whose failures spend a budget of its own.
      assert.equal((await laptop.post(apiPaths.signIn, { identifier: 'spread@example.se', password })).status, 200);
    });

    it("lets one office share an address: one colleague's wrong passwords lock nobody else out", async () => {
      const t = testApp(store);
      const office = '192.0.2.80';
      await t.createUser('typo@example.se', password);
      await t.createUser('colleague@example.se', password);
      for (let i = 0; i < 10; i++) await browserAt(t, office).post(apiPaths.signIn, { identifier: 'typo@example.se', password: 'Wrong-Word-1' });
      assert.equal(
        (await browserAt(t, office).post(apiPaths.signIn, { identifier: 'typo@example.se', password })).status,
        429,
        'the guessed account, from there',
      );
      assert.equal((await browserAt(t, office).post(apiPaths.signIn, { identifier: 'colleague@example.se', password })).status, 200);
    });

    it('limits one network trying many accounts, behind trusted proxies per client, ignoring X-Forwarded-For from anyone else', async () => {
      const policy: Policy = { ...defaultPolicy, signInLimits: { ...defaultPolicy.signInLimits, maxFailuresPerAddress: 10 } };
      const t = testApp(store, { policy, settings: { trustedProxies: ['10.1.1.1', '::ffff:10.1.1.2'] } });
      await t.createUser('proxied@example.se', password);
      // Two proxy hops: the client is the rightmost address no trusted proxy vouches for.
      const viaProxy = (client: string, identifier: string, pw: string) =>
        t.request(
          'POST',
          apiPaths.signIn,
          { identifier, password: pw },
          {
            ip: '::ffff:10.1.1.1',
            headers: { 'x-forwarded-for': `203.0.113.250, ${client}, 10.1.1.2` },
          },
        );
      for (let i = 0; i < 10; i++) assert.equal((await viaProxy('198.51.100.66', `p${i}@example.se`, 'guess')).status, 401);
      assert.equal((await viaProxy('198.51.100.66', 'proxied@example.se', password)).status, 429);
      assert.equal((await viaProxy('198.51.100.7', 'proxied@example.se', password)).status, 200);

      // An untrusted peer cannot pick a fresh address per attempt by forging the header.
      for (let i = 0; i < 10; i++) {
        const r = await t.request(
          'POST',
          apiPaths.signIn,
          { identifier: `s${i}@example.se`, password: 'guess' },
          {
            ip: '192.0.2.200',
            headers: { 'x-forwarded-for': `198.18.0.${i}` },
          },
        );
        assert.equal(r.status, 401);
      }
      const forged = await t.request(
        'POST',
        apiPaths.signIn,
        { identifier: 'proxied@example.se', password },
        {
          ip: '192.0.2.200',
          headers: { 'x-forwarded-for': '198.18.1.1' },
        },
      );
      assert.equal(forged.status, 429);
    });

    it('counts an IPv6 /64 as one network: 40 addresses of one /64 are limited together', async () => {
      const policy: Policy = { ...defaultPolicy, signInLimits: { ...defaultPolicy.signInLimits, maxFailuresPerAddress: 30 } };
      const t = testApp(store, { policy });
      await t.createUser('v6@example.se', password);
      const answers: number[] = [];
      for (let i = 1; i <= 40; i++) {
        const r = await browserAt(t, `2001:db8:aa:bb::${i.toString(16)}`).post(apiPaths.signIn, { identifier: `v6-spray-${i}@example.se`, password: 'guess' });
        answers.push(r.status);
      }
      assert.deepEqual(answers.filter((s) => s === 429).length, 10, 'the 31st to 40th guess of the /64 are refused');
      assert.equal((await browserAt(t, '2001:db8:aa:bb:ffff:1:2:3').post(apiPaths.signIn, { identifier: 'v6@example.se', password })).status, 429);
      assert.equal(
        (await browserAt(t, '2001:db8:aa:bc::1').post(apiPaths.signIn, { identifier: 'v6@example.se', password })).status,
        200,
        'the next /64 is another network',
      );
    });

    it('limits unknown e-mails exactly like known ones (no enumeration through the limit)', async () => {
      const t = testApp(store);
      await t.createUser('exists@example.se', password);
      const answers: number[][] = [[], []];
      for (const [n, identifier] of ['exists@example.se', 'ghost@example.se'].entries()) {
        for (let i = 0; i < 22; i++) {
          const r = await browserAt(t, `172.16.${n}.${i % 2}`).post(apiPaths.signIn, { identifier, password: 'nope nope' });
          answers[n]!.push(r.status);
        }
      }
      assert.deepEqual(answers[0], answers[1]);
      assert.equal(answers[0]!.at(-1), 429);
    });

    it('forgives earlier failures of an account once its owner signs in', async () => {
      const t = testApp(store);
      await t.createUser('forgiven@example.se', password);
      for (let i = 0; i < 9; i++) await browserAt(t, '10.9.0.1').post(apiPaths.signIn, { identifier: 'forgiven@example.se', password: 'typo' });
      assert.equal((await browserAt(t, '10.9.0.1').post(apiPaths.signIn, { identifier: 'forgiven@example.se', password })).status, 200);
      for (let i = 0; i < 9; i++) {
        assert.equal((await browserAt(t, '10.9.0.1').post(apiPaths.signIn, { identifier: 'forgiven@example.se', password: 'typo' })).status, 401);
      }
    });

    it('grows the wait: five times the budget a day, then the cap of failures in a row locks the login until a reset', async () => {
      // The preset's figures divided by five, so the test makes 20 failures rather than 100: 2 per network and 4 per
      // account in the window, 10 a day, 20 in a row.
      const policy: Policy = { ...defaultPolicy, signInLimits: { ...defaultPolicy.signInLimits, maxFailures: 2, maxConsecutiveFailures: 20 } };
      const t = testApp(store, { policy });
      await t.createUser('patient@example.se', password);
      const guess = (i: number) =>
        browserAt(t, `10.8.${i % 250}.${Math.floor(i / 250)}`).post(apiPaths.signIn, { identifier: 'patient@example.se', password: `Guess-${i}-x` });
      let i = 0;
      // Four every quarter of an hour until the day's ten are spent.
      const perDay: number[] = [];
      for (let day = 0; day < 2; day++) {
        let allowed = 0;
        for (let quarter = 0; quarter < 96 && allowed < 10; quarter++) {
          for (let k = 0; k < 4; k++) if ((await guess(i++)).status === 401) allowed++;
          t.clock.advance(15 * 60);
        }
        perDay.push(allowed);
        // The first day's budget is spent: the rest of the day waits. The second's ends at the cap: locked.
        assert.equal((await errorOf(await guess(i++))).code, day === 0 ? 'rate_limited' : 'account_locked');
        t.clock.advance(24 * 3600);
      }
      assert.deepEqual(perDay, [10, 10]);
      // A third day: still locked, even with the right password; the answer says to reset it.
      const locked = await browserAt(t, '10.7.0.1').post(apiPaths.signIn, { identifier: 'patient@example.se', password });
      assert.equal(locked.status, 429);
      assert.equal((await errorOf(locked)).code, 'account_locked');
      t.clock.advance(24 * 3600);
      assert.equal((await errorOf(await guess(i))).code, 'account_locked', 'a day later still');
      // The owner resets the password from the mail: the lock is gone.
      assert.equal((await t.request('POST', apiPaths.forgotPassword, { email: 'patient@example.se' }, { ip: '10.7.0.2' })).status, 202);
      const token = await t.latestLinkToken('patient@example.se');
      assert.equal((await t.request('POST', apiPaths.setPassword, { token, password: 'Fresh-Start-2026!' })).status, 200);
      assert.equal((await browserAt(t, '10.7.0.3').post(apiPaths.signIn, { identifier: 'patient@example.se', password: 'Fresh-Start-2026!' })).status, 200);
    });
  });
}
