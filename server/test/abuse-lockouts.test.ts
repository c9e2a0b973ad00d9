import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, defaultPolicy, MfaStep, presets, ReauthResponse, TotpSetup } from '@portico/contract';
import { totpCodeAt } from '../src/services/mfa/totp.ts';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';

// The rules, not the storage: PGlite (the default) is enough here; the stores' own guarantees under concurrency are
// tested on every backend in store.test.ts and abuse-bursts.test.ts.
const [pglite] = backends;
import { Browser, errorOf } from './support/browser.ts';
import { browser, enableTotp, nextTotp, password, passwordStep, signedInNewUser, wrongCode } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

// The abuse suite, part two: what one person (or a stranger) can do to another. Limits never let them block someone
// else's sign-in, a mail never claims a code that was not sent, and requests answer and work alike whether or not
// an account exists.

/** The store, with the names of the methods called on it (transactions included) while `recording` is on. */
function recordingStore(store: Store) {
  const calls: string[] = [];
  const state = { recording: false };
  const wrap = (target: Store): Store =>
    new Proxy(target, {
      get(object, name, receiver) {
        const member = Reflect.get(object, name, receiver) as unknown;
        if (typeof member !== 'function' || typeof name !== 'string') return member;
        return (...args: unknown[]) => {
          if (state.recording) calls.push(name);
          if (name === 'transaction') {
            const work = args[0] as (tx: Store) => Promise<unknown>;
            return object.transaction((tx) => work(wrap(tx)));
          }
          return (member as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  return { store: wrap(store), calls, state };
}

for (const backend of [pglite!]) {
  describe(`strangers and neighbours on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it("a stranger's sign-ups for an address never starve its owner's sign-in codes (licensing)", async () => {
      const t = testApp(store, { policy: presets.licensing });
      await t.createUser('victim@example.se', password);
      // Four sign-ups for the victim, a minute apart, from a stranger.
      for (let i = 0; i < 4; i++) {
        assert.equal((await t.request('POST', apiPaths.signUp, { email: 'victim@example.se' }, { ip: '203.0.113.66' })).status, 202);
        t.clock.advance(61);
      }
      const owner = browser(t, '198.51.100.150');
      const step = await passwordStep(owner, 'victim@example.se');
      assert.equal(step.codeStatus, 'sent');
      const code = await t.latestCode('victim@example.se');
      assert.equal((await owner.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'email', code })).status, 200);
      // And the owner heard of the sign-up attempts once, not four times.
      const notices = (await store.listOutbox({ recipient: 'victim@example.se', channel: 'email', limit: 20 })).filter((m) =>
        /already have/.test(m.subject ?? ''),
      );
      assert.equal(notices.length, 1);
    });

    it('tells an existing address of sign-up attempts at most once a day', async () => {
      const t = testApp(store, { policy: presets.licensing });
      await t.createUser('noticed@example.se', password);
      const notices = async () =>
        (await store.listOutbox({ recipient: 'noticed@example.se', channel: 'email', limit: 50 })).filter((m) => /already have/.test(m.subject ?? '')).length;
      for (let i = 0; i < 3; i++) {
        await t.request('POST', apiPaths.signUp, { email: 'noticed@example.se' }, { ip: `203.0.113.${70 + i}` });
        await t.services.delivery.settled();
        t.clock.advance(3600);
      }
      assert.equal(await notices(), 1);
      t.clock.advance(21 * 3600);
      await t.request('POST', apiPaths.signUp, { email: 'noticed@example.se' }, { ip: '203.0.113.80' });
      await t.services.delivery.settled();
      assert.equal(await notices(), 2, 'a day later, once more');
    });

    it('an office behind one address keeps getting codes: twelve colleagues signing in twice (licensing)', async () => {
      const t = testApp(store, { policy: presets.licensing });
      const office = '192.0.2.44';
      const colleagues = Array.from({ length: 12 }, (_, i) => `colleague${i}@office.example`);
      for (const email of colleagues) await t.createUser(email, password);
      const statuses: string[] = [];
      for (let round = 0; round < 2; round++) {
        for (const email of colleagues) {
          const step = MfaStep.parse(await (await browser(t, office).post(apiPaths.signIn, { identifier: email, password })).json());
          statuses.push(step.codeStatus);
        }
        t.clock.advance(61);
      }
      assert.deepEqual([...new Set(statuses)], ['sent'], 'every sign-in mailed its code');
    });

    it('a guesser cannot lock the owner out of the browser they signed in on before', async () => {
      const t = testApp(store);
      const laptop = await signedInNewUser(t, 'owner@example.se', '198.51.100.160');
      await laptop.post(apiPaths.signOut);
      // The guesser tries for hours from many addresses (one of them the owner's café).
      for (let hour = 0; hour < 3; hour++) {
        for (let i = 0; i < 25; i++)
          await browser(t, `198.51.${101 + hour}.${i}`).post(apiPaths.signIn, { identifier: 'owner@example.se', password: `Guess-${hour}-${i}` });
        t.clock.advance(3600);
      }
      assert.equal(
        (await browser(t, '198.51.100.161').post(apiPaths.signIn, { identifier: 'owner@example.se', password })).status,
        429,
        'unknown browsers wait',
      );
      assert.equal((await laptop.post(apiPaths.signIn, { identifier: 'owner@example.se', password })).status, 200, 'the laptop does not');
    });

    it('answers wrong sign-up codes alike for an existing and a new address: tries count and burn the same (licensing)', async () => {
      const t = testApp(store, { policy: presets.licensing });
      await t.createUser('oracle-taken@example.se', password);
      const sequences: string[][] = [];
      for (const email of ['oracle-taken@example.se', 'oracle-new@example.se']) {
        assert.equal((await t.request('POST', apiPaths.signUp, { email }, { ip: '203.0.113.90' })).status, 202);
        const answers: string[] = [];
        for (let i = 0; i < 6; i++)
          answers.push((await errorOf(await t.request('POST', apiPaths.signUpVerify, { email, code: `00000${i}` }, { ip: '203.0.113.91' }))).code);
        sequences.push(answers);
      }
      assert.deepEqual(sequences[0], sequences[1]);
      assert.deepEqual(sequences[0], ['invalid_code', 'invalid_code', 'invalid_code', 'invalid_code', 'too_many_attempts', 'too_many_attempts']);
    });

    it('limits sign-up code checks per address across codes and per client network across addresses', async () => {
      const t = testApp(store, { policy: presets.licensing });
      const answers: string[] = [];
      for (let code = 0; code < 3; code++) {
        await t.request('POST', apiPaths.signUp, { email: 'many-codes@example.se' }, { ip: '203.0.113.95' });
        for (let i = 0; i < 5; i++)
          answers.push(
            (await errorOf(await t.request('POST', apiPaths.signUpVerify, { email: 'many-codes@example.se', code: `11111${i}` }, { ip: '203.0.113.96' }))).code,
          );
        t.clock.advance(61);
      }
      // Two codes' worth of wrong tries an hour per address: the third code is not compared at all.
      assert.deepEqual(answers.slice(10), ['rate_limited', 'rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
    });

    it('does the same work for a reset or sign-up of an unknown address as of a known one, then and later', async () => {
      const recorded = recordingStore(store);
      const t = testApp(recorded.store);
      const licensing = testApp(recorded.store, { policy: presets.licensing });
      await t.createUser('known-reset@example.se', password);
      await t.services.customerAccounts.create({ customerId: 'DE123456789', name: 'Bekannt GmbH', mainContactEmail: 'kontakt@bekannt.example' });
      /** The store work of a request, in order, and of delivering what it queued (in any order). */
      const workFor = async (app: typeof t, path: string, body: object) => {
        await app.services.delivery.settled();
        await new Promise((resolve) => setTimeout(resolve, 100));
        recorded.calls.length = 0;
        recorded.state.recording = true;
        assert.equal((await app.request('POST', path, body, { ip: '203.0.113.101' })).status, 202);
        const request = [...recorded.calls];
        recorded.calls.length = 0;
        await app.services.delivery.settled();
        recorded.state.recording = false;
        // Handing a real mail to the mail server (here the dev outbox) is the one difference.
        const delivery = recorded.calls.filter((call) => call !== 'addToOutbox').sort();
        return { request, delivery };
      };
      assert.deepEqual(
        await workFor(t, apiPaths.forgotPassword, { email: 'known-reset@example.se' }),
        await workFor(t, apiPaths.forgotPassword, { email: 'nobody-reset@example.se' }),
      );
      assert.deepEqual(
        await workFor(t, apiPaths.forgotPassword, { customerId: 'DE123456789' }),
        await workFor(t, apiPaths.forgotPassword, { customerId: 'DE987654321' }),
      );
      assert.deepEqual(
        await workFor(licensing, apiPaths.signUp, { email: 'known-reset@example.se' }),
        await workFor(licensing, apiPaths.signUp, { email: 'new-signup@example.se' }),
      );
    });

    it('a reset forgets the devices trusted to skip the second step, and the mail says so', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'trusting@example.se', '198.51.100.170');
      const secret = await enableTotp(t, b);
      await b.post(apiPaths.signOut);
      const step = await passwordStep(b, 'trusting@example.se');
      assert.equal(
        (await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: nextTotp(t, secret), trustDevice: true })).status,
        200,
      );
      await b.post(apiPaths.signOut);
      assert.equal((await (await b.post(apiPaths.signIn, { identifier: 'trusting@example.se', password })).json()).step, 'done', 'trusted: no second step');
      await b.post(apiPaths.signOut);

      await t.request('POST', apiPaths.forgotPassword, { email: 'trusting@example.se' });
      const token = await t.latestLinkToken('trusting@example.se');
      const newPassword = 'After-The-Reset-2026!';
      assert.equal((await t.request('POST', apiPaths.setPassword, { token, password: newPassword })).status, 200);
      const notice = await t.latestMail('trusting@example.se');
      assert.match(notice?.text ?? '', /has just been reset/);
      assert.match(notice?.text ?? '', /The device you had trusted to skip 2-step verification will ask for a code again\./);
      const again = await (await b.post(apiPaths.signIn, { identifier: 'trusting@example.se', password: newPassword })).json();
      assert.equal(again.step, 'mfa', 'the browser is no longer trusted');
    });

    it('re-authentication starts a new session token, and the old one stops working', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'sudo@example.se', '198.51.100.180');
      const before = b.jar.get('portico_session');
      const response = await b.post(apiPaths.reauth, { password });
      ReauthResponse.parse(await response.json());
      const after = b.jar.get('portico_session');
      assert.ok(after && after !== before, 'a new token');
      assert.equal((await t.request('GET', apiPaths.session, undefined, { cookie: `portico_session=${before}` })).status, 401);
      assert.equal((await b.get(apiPaths.session)).status, 200);
      // Still allowed to change factors: the re-authentication carried over.
      TotpSetup.parse(await (await b.post(apiPaths.totp)).json());
    });

    it('keeps a session in use alive under an idle timeout of one minute', async () => {
      const policy = { ...defaultPolicy, session: { ...defaultPolicy.session, idleTimeoutSeconds: 60 } };
      const t = testApp(store, { policy });
      await t.createUser('busy@example.se', password);
      const b = new Browser(t.request, { ip: '198.51.100.190' });
      assert.equal((await b.post(apiPaths.signIn, { identifier: 'busy@example.se', password })).status, 200);
      for (let i = 0; i < 30; i++) {
        t.clock.advance(20);
        assert.equal((await b.get(apiPaths.session)).status, 200, `after ${(i + 1) * 20} s`);
      }
      t.clock.advance(61);
      assert.equal((await b.get(apiPaths.session)).status, 401, 'idle for a minute: ended');
    });

    it("a wrong code at the second step spends the account's budget from an unknown browser, not the owner's browser", async () => {
      const t = testApp(store);
      const laptop = await signedInNewUser(t, 'split@example.se', '198.51.100.200');
      const secret = await enableTotp(t, laptop);
      await laptop.post(apiPaths.signOut);
      t.clock.advance(30);
      // Someone with the password, elsewhere, guesses codes until refused.
      const thief = browser(t, '203.0.113.200');
      for (let i = 0; i < 2; i++) {
        const step = await passwordStep(thief, 'split@example.se');
        for (let k = 0; k < 5; k++) await thief.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: wrongCode(nextTotp(t, secret)) });
      }
      assert.equal((await thief.post(apiPaths.signIn, { identifier: 'split@example.se', password })).status, 429);
      const step = await passwordStep(laptop, 'split@example.se');
      assert.equal((await laptop.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: nextTotp(t, secret) })).status, 200);
    });

    it('a reset spends the half-finished sign-ins and factor setups of the old password, and sessions signed in with it', async () => {
      const policy = { ...presets.hosting, mfa: { ...presets.hosting.mfa, required: true } };
      const t = testApp(store, { policy });
      await t.createUser('phished@example.se', password);
      // Someone with the phished password gets as far as setting up a factor of their own.
      const attacker = browser(t, '203.0.113.210');
      const setup = await (await attacker.post(apiPaths.signIn, { identifier: 'phished@example.se', password })).json();
      assert.equal(setup.step, 'mfa_setup');
      // And a session started with the old password: stored just after the reset (a sign-in in flight).
      const before = (await store.findUserByEmail('phished@example.se'))!;
      // The owner resets the password.
      await t.request('POST', apiPaths.forgotPassword, { email: 'phished@example.se' });
      const token = await t.latestLinkToken('phished@example.se');
      assert.equal((await t.request('POST', apiPaths.setPassword, { token, password: 'Owner-Again-2026!' })).status, 200);
      const late = await t.services.sessions.start(before, ['pwd']);
      assert.equal(
        (await t.request('GET', apiPaths.session, undefined, { cookie: `portico_session=${late.token}` })).status,
        401,
        'a session of the old password is none',
      );
      assert.equal((await errorOf(await attacker.post(apiPaths.mfaSetupTotp, { challenge: setup.challenge }))).code, 'mfa_expired');
    });

    it('a setup challenge cannot replace a factor the user has set up since', async () => {
      const policy = { ...presets.hosting, mfa: { ...presets.hosting.mfa, required: true } };
      const t = testApp(store, { policy });
      await t.createUser('enrolled@example.se', password);
      const attacker = browser(t, '203.0.113.211');
      const setup = await (await attacker.post(apiPaths.signIn, { identifier: 'enrolled@example.se', password })).json();
      // The owner signs in too, sets up the app, and is done.
      const owner = browser(t, '198.51.100.211');
      const own = await (await owner.post(apiPaths.signIn, { identifier: 'enrolled@example.se', password })).json();
      const app = TotpSetup.parse(await (await owner.post(apiPaths.mfaSetupTotp, { challenge: own.challenge })).json());
      assert.equal((await owner.post(apiPaths.mfaSetupTotpConfirm, { challenge: own.challenge, code: totpCodeAt(app.secret, t.clock.now()) })).status, 200);
      // The other challenge, opened before, is spent: it cannot put an app of its own in the owner's place.
      assert.equal((await errorOf(await attacker.post(apiPaths.mfaSetupTotp, { challenge: setup.challenge }))).code, 'mfa_expired');
    });

    it("a password change ends other browsers' own budgets; a reset link is tried a few times at most", async () => {
      const t = testApp(store);
      const thief = await signedInNewUser(t, 'changed@example.se', '203.0.113.212');
      const owner = browser(t, '198.51.100.212');
      assert.equal((await owner.post(apiPaths.signIn, { identifier: 'changed@example.se', password })).status, 200);
      assert.equal((await owner.post(apiPaths.changePassword, { currentPassword: password, newPassword: 'Changed-Again-2026!' })).status, 200);
      // The thief's browser, known before, now spends the budgets of any unknown browser on that network.
      for (let i = 0; i < 10; i++) await thief.post(apiPaths.signIn, { identifier: 'changed@example.se', password: `Guess-${i}-Again` });
      assert.equal((await thief.post(apiPaths.signIn, { identifier: 'changed@example.se', password: 'Changed-Again-2026!' })).status, 429);
      // The owner's session went on under the new password, in the same account.
      assert.equal((await owner.get(apiPaths.session)).status, 200);

      await t.request('POST', apiPaths.forgotPassword, { email: 'changed@example.se' });
      const token = await t.latestLinkToken('changed@example.se');
      const answers: string[] = [];
      for (let i = 0; i < 11; i++) answers.push((await errorOf(await t.request('POST', apiPaths.setPassword, { token, password: 'weak' }))).code);
      assert.deepEqual(answers.slice(9), ['weak_password', 'invalid_link'], 'ten tries, then the link is spent');
    });

    it("a reset forgives the account's failures from every network, and a customer ID's reset lifts its lock too", async () => {
      const t = testApp(store);
      await t.createUser('typos@example.se', password);
      const laptop = browser(t, '198.51.100.213');
      for (let i = 0; i < 10; i++) await laptop.post(apiPaths.signIn, { identifier: 'typos@example.se', password: `Typo-${i}-x` });
      assert.equal((await laptop.post(apiPaths.signIn, { identifier: 'typos@example.se', password })).status, 429);
      await t.request('POST', apiPaths.forgotPassword, { email: 'typos@example.se' });
      const token = await t.latestLinkToken('typos@example.se');
      assert.equal((await t.request('POST', apiPaths.setPassword, { token, password: 'After-Typos-2026!' })).status, 200);
      assert.equal((await laptop.post(apiPaths.signIn, { identifier: 'typos@example.se', password: 'After-Typos-2026!' })).status, 200);

      await t.services.customerAccounts.create({ customerId: 'US111222333', name: 'Locked Inc', mainContactEmail: 'locked.contact@example.com' });
      for (let i = 0; i < 20; i++) await browser(t, `203.0.113.${20 + i}`).post(apiPaths.signIn, { identifier: 'US111222333', password: `Guess-${i}-Id` });
      assert.equal((await browser(t, '203.0.113.41').post(apiPaths.signIn, { identifier: 'US111222333', password: 'Guess-x-Id' })).status, 429);
      await t.request('POST', apiPaths.forgotPassword, { customerId: 'US111222333' });
      const reset = await t.latestLinkToken('locked.contact@example.com');
      assert.equal((await t.request('POST', apiPaths.setPassword, { token: reset, password: 'Customer-Id-2026!' })).status, 200);
      const signedIn = await browser(t, '203.0.113.40').post(apiPaths.signIn, { identifier: 'US111222333', password: 'Customer-Id-2026!' });
      assert.equal((await signedIn.json()).step, 'register_email');
    });

    it('texts to numbers being set up count per client network too: many accounts cannot text many numbers', async () => {
      const t = testApp(store);
      const answers: number[] = [];
      for (let i = 0; i < 6; i++) {
        const b = await signedInNewUser(t, `pump${i}@example.se`, '203.0.113.220');
        for (let k = 0; k < 10; k++) answers.push((await b.post(apiPaths.sms, { phone: `+4670${String(i * 10 + k).padStart(7, '1')}` })).status);
      }
      // Fifty an hour from the network, whatever the accounts.
      assert.equal(answers.filter((status) => status === 200).length, 50);
      assert.equal(answers.filter((status) => status === 429).length, 10);
    });
  });
}
