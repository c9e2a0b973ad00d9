import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiPaths,
  ChooseAccountStep,
  DoneStep,
  MfaStep,
  PasskeyCreationOptionsResponse,
  PasskeyRequestOptionsResponse,
  type Policy,
  presets,
  PublicConfig,
  SecurityOverview,
  SessionInfo,
  SessionToken,
  SessionTokenClaims,
  userPath,
  WebAuthnRelatedOrigins,
} from '@portico/contract';
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { ConfigError, loadConfig } from '../src/config.ts';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import type { Browser } from './support/browser.ts';
import { errorOf } from './support/browser.ts';
import { browser, enableTotp, nextTotp, password, passwordStep, signedInNewUser, type TestApp } from './support/mfa.ts';
import { type Bend, SoftwareAuthenticator } from './support/software-authenticator.ts';
import { adminToken, testApp } from './support/test-app.ts';
import { startReceiver, webhookSecret } from './support/webhook-receiver.ts';

/** The test app answers as http://portico.test: its own origin, and (with no RP ID configured) its host as RP ID. */
const origin = 'http://portico.test';

const secondFactor: Policy = { ...presets.hosting, mfa: { ...presets.hosting.mfa, methods: ['totp', 'sms', 'webauthn'] } };

/** Adds a passkey made by `authenticator` to the browser's signed-in user; answers the overview. */
async function addPasskey(b: Browser, authenticator: SoftwareAuthenticator, bend: Bend = {}): Promise<Response> {
  const { options } = PasskeyCreationOptionsResponse.parse(await (await b.post(apiPaths.passkeyRegistrationOptions)).json());
  return b.post(apiPaths.passkeys, { credential: await authenticator.create(options, bend) });
}

/** Asks for sign-in options in `b` and answers them with `authenticator` (bent as said), from `answering` (default `b`). */
async function passkeySignIn(b: Browser, authenticator: SoftwareAuthenticator, bend: Bend = {}, answering: Browser = b): Promise<Response> {
  const { options } = PasskeyRequestOptionsResponse.parse(await (await b.post(apiPaths.passkeySignInOptions)).json());
  return answering.post(apiPaths.passkeySignIn, { credential: await authenticator.get(options, bend) });
}

/**
 * Delivers the app's queued mail and stops its delivery rounds, so no round started by a wake-up runs against a store
 * the test is about to close.
 */
async function quiet(t: TestApp): Promise<void> {
  await t.services.delivery.settled();
  t.services.delivery.stop();
}

async function refused(response: Response, status: number, code: string): Promise<void> {
  assert.equal(response.status, status, await response.clone().text());
  assert.equal((await errorOf(response)).code, code);
}

describe('the software authenticator speaks WebAuthn as @simplewebauthn/server reads it', () => {
  it('registers and signs, with the counter it keeps', async () => {
    const authenticator = new SoftwareAuthenticator(origin, { keepsCounter: true });
    const creation = {
      challenge: 'Y2hhbGxlbmdlLW9uZQ',
      rp: { name: 'Portico', id: 'portico.test' },
      user: { id: 'dXNlcg', name: 'a@b.c', displayName: 'A' },
      pubKeyCredParams: [{ alg: -7, type: 'public-key' as const }],
    };
    const registered = await verifyRegistrationResponse({
      response: (await authenticator.create(creation)) as RegistrationResponseJSON,
      expectedChallenge: creation.challenge,
      expectedOrigin: origin,
      expectedRPID: 'portico.test',
    });
    assert.ok(registered.verified);
    const credential = registered.registrationInfo.credential;
    const signed = await verifyAuthenticationResponse({
      response: (await authenticator.get({ challenge: 'Y2hhbGxlbmdlLXR3bw', rpId: 'portico.test' })) as AuthenticationResponseJSON,
      expectedChallenge: 'Y2hhbGxlbmdlLXR3bw',
      expectedOrigin: origin,
      expectedRPID: 'portico.test',
      credential,
    });
    assert.ok(signed.verified);
    assert.equal(signed.authenticationInfo.newCounter, 1);
  });
});

for (const backend of backends) {
  describe(`passkeys on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    let ip = 10;
    /** A browser on an address of its own. */
    const fresh = () => browser(t, `198.51.100.${ip++}`);
    /** A user with a passkey added (by `authenticator`), and the browser it was added in. */
    async function userWithPasskey(name: string, authenticator: SoftwareAuthenticator): Promise<{ email: string; b: Browser }> {
      const email = `${name}-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const b = await signedInNewUser(t, email, `198.51.100.${ip++}`);
      const added = await addPasskey(b, authenticator);
      assert.equal(added.status, 200, await added.clone().text());
      return { email, b };
    }

    /** Links the user to two customer accounts: signing in then leads to the account picker. */
    async function linkAccounts(email: string): Promise<void> {
      const admin = { headers: { authorization: `Bearer ${adminToken}` } };
      for (const [prefix, name] of [
        ['SG', 'Alpha Pte Ltd'],
        ['US', 'Mid Corp'],
      ] as const) {
        const id = `${prefix}${String(Math.floor(Math.random() * 1e9)).padStart(9, '1')}`;
        assert.equal((await t.request('POST', apiPaths.adminAccounts, { customerId: id, name, mainContactEmail: 'main@example.se' }, admin)).status, 201);
        assert.equal((await t.request('POST', apiPaths.adminAccountLinks, { customerId: id, email }, admin)).status, 200);
      }
    }

    before(async () => {
      store = await backend.open();
      t = testApp(store);
    });
    after(async () => {
      if (t) await quiet(t);
      await store?.close();
    });

    it('adds a passkey (mailing a notice) and signs in with it, with no second step even where the app is on', async () => {
      const authenticator = new SoftwareAuthenticator(origin, { synced: true });
      const email = `adder-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const b = await signedInNewUser(t, email, '198.51.100.1');
      await enableTotp(t, b);
      const added = await addPasskey(b, authenticator);
      assert.equal(added.status, 200, await added.clone().text());
      const overview = SecurityOverview.parse(await added.json());
      assert.equal(overview.passkeys?.length, 1);
      assert.deepEqual(
        { name: overview.passkeys?.[0]?.name, deviceType: overview.passkeys?.[0]?.deviceType, lastUsedAt: overview.passkeys?.[0]?.lastUsedAt },
        { name: 'Chrome on Linux', deviceType: 'multi_device', lastUsedAt: null },
      );
      assert.equal((await t.latestMail(email))?.subject, 'Passkey added for your Portico account');

      const other = fresh();
      const signedIn = await passkeySignIn(other, authenticator);
      assert.equal(signedIn.status, 200, await signedIn.clone().text());
      const done = DoneStep.parse(await signedIn.json());
      assert.equal(done.user.email, email);
      assert.equal(done.offerPasskey, undefined, 'no offer after a passkey sign-in');
      assert.equal(SessionInfo.parse(await (await other.get(apiPaths.session)).json()).user.email, email);
      // The host back end's token says how: possession of a key, and two factors (the passkey and its PIN or biometrics).
      const { token } = SessionToken.parse(await (await other.post(apiPaths.sessionToken)).json());
      assert.deepEqual(SessionTokenClaims.parse(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())).amr, ['pop', 'mfa']);
      const used = SecurityOverview.parse(await (await other.get(apiPaths.security)).json());
      assert.ok(used.passkeys?.[0]?.lastUsedAt, 'the last use is recorded');
    });

    it('refuses another origin, another RP ID, a missing user verification, and a passkey it never registered', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      await userWithPasskey('bent', authenticator);
      await refused(await passkeySignIn(fresh(), authenticator, { origin: 'https://portico.test.evil.example' }), 401, 'passkey_invalid');
      await refused(await passkeySignIn(fresh(), authenticator, { rpId: 'evil.example' }), 401, 'passkey_invalid');
      await refused(await passkeySignIn(fresh(), authenticator, { userVerified: false }), 401, 'passkey_invalid');
      const stranger = new SoftwareAuthenticator(origin);
      await stranger.create({
        challenge: 'AAAA',
        rp: { name: 'x', id: 'portico.test' },
        user: { id: 'AAAA', name: 'x', displayName: 'x' },
        pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
      });
      await refused(await passkeySignIn(fresh(), stranger), 401, 'passkey_unknown');
      // After all that, the real answer still signs in.
      assert.equal((await passkeySignIn(fresh(), authenticator)).status, 200);
    });

    it("answers a disabled login's passkey as one that failed to verify (not as unknown: the browser keeps it)", async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const { email } = await userWithPasskey('disabled', authenticator);
      const userId = (await store.findUserByEmail(email))!.id;
      const admin = { headers: { authorization: `Bearer ${adminToken}` } };
      assert.equal((await t.request('POST', userPath(apiPaths.adminUserDisable, userId), {}, admin)).status, 200);
      await refused(await passkeySignIn(fresh(), authenticator), 401, 'passkey_invalid');
      assert.equal((await t.request('POST', userPath(apiPaths.adminUserEnable, userId), {}, admin)).status, 200);
      assert.equal((await passkeySignIn(fresh(), authenticator)).status, 200, 'enabled again, the same passkey signs in');
    });

    it('uses a challenge once, only in the browser that asked, and only for five minutes', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      await userWithPasskey('challenged', authenticator);
      const b = fresh();
      const { options } = PasskeyRequestOptionsResponse.parse(await (await b.post(apiPaths.passkeySignInOptions)).json());
      const answer = await authenticator.get(options);
      // Another browser (no cookie of this challenge) cannot use the answer.
      await refused(await fresh().post(apiPaths.passkeySignIn, { credential: answer }), 400, 'passkey_expired');
      assert.equal((await b.post(apiPaths.passkeySignIn, { credential: answer })).status, 200);
      await refused(await b.post(apiPaths.passkeySignIn, { credential: answer }), 400, 'passkey_expired');

      const late = fresh();
      const expiring = PasskeyRequestOptionsResponse.parse(await (await late.post(apiPaths.passkeySignInOptions)).json());
      t.clock.advance(5 * 60 + 1);
      await refused(await late.post(apiPaths.passkeySignIn, { credential: await authenticator.get(expiring.options) }), 400, 'passkey_expired');
      // A challenge the server never issued, in the right browser, is refused alike.
      await refused(await passkeySignIn(late, authenticator, { challenge: 'bm90LWlzc3VlZC1oZXJl' }), 400, 'passkey_expired');
    });

    it('lets two tabs of one browser each wait with a challenge of their own', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      await userWithPasskey('tabs', authenticator);
      const b = fresh();
      const first = PasskeyRequestOptionsResponse.parse(await (await b.post(apiPaths.passkeySignInOptions)).json());
      const second = PasskeyRequestOptionsResponse.parse(await (await b.post(apiPaths.passkeySignInOptions)).json());
      assert.equal((await b.post(apiPaths.passkeySignIn, { credential: await authenticator.get(first.options) })).status, 200);
      assert.equal((await b.post(apiPaths.passkeySignIn, { credential: await authenticator.get(second.options) })).status, 200);
    });

    it('refuses a signature counter that went back (a cloned authenticator)', async () => {
      const authenticator = new SoftwareAuthenticator(origin, { keepsCounter: true });
      await userWithPasskey('counted', authenticator);
      assert.equal((await passkeySignIn(fresh(), authenticator)).status, 200);
      assert.equal((await passkeySignIn(fresh(), authenticator)).status, 200);
      await refused(await passkeySignIn(fresh(), authenticator, { counter: 1 }), 401, 'passkey_invalid');
    });

    it('renames and removes (mailing a notice); a removed passkey no longer signs in', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const { email, b } = await userWithPasskey('remover', authenticator);
      const [listed] = SecurityOverview.parse(await (await b.get(apiPaths.security)).json()).passkeys ?? [];
      assert.ok(listed);
      const renamed = SecurityOverview.parse(await (await b.post(apiPaths.passkeyRename, { id: listed.id, name: '  Work laptop ' })).json());
      assert.equal(renamed.passkeys?.[0]?.name, 'Work laptop');
      await refused(await b.post(apiPaths.passkeyRename, { id: listed.id, name: '   ' }), 400, 'invalid_request');
      const removed = await b.post(apiPaths.passkeyRemove, { id: listed.id });
      assert.equal(removed.status, 200, await removed.clone().text());
      assert.deepEqual(SecurityOverview.parse(await removed.json()).passkeys, []);
      assert.equal((await t.latestMail(email))?.subject, 'Passkey removed for your Portico account');
      await refused(await b.post(apiPaths.passkeyRemove, { id: listed.id }), 404, 'not_found');
      await refused(await passkeySignIn(fresh(), authenticator), 401, 'passkey_unknown');
    });

    it('asks for a recent proof of identity before adding or removing, and none of another user’s passkeys are reachable', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const { b } = await userWithPasskey('stale', authenticator);
      const [own] = SecurityOverview.parse(await (await b.get(apiPaths.security)).json()).passkeys ?? [];
      const other = await userWithPasskey('other', new SoftwareAuthenticator(origin));
      const [theirs] = SecurityOverview.parse(await (await other.b.get(apiPaths.security)).json()).passkeys ?? [];
      await refused(await b.post(apiPaths.passkeyRemove, { id: theirs!.id }), 404, 'not_found');
      await refused(await b.post(apiPaths.passkeyRename, { id: theirs!.id, name: 'Mine now' }), 404, 'not_found');
      t.clock.advance(11 * 60);
      await refused(await b.post(apiPaths.passkeyRegistrationOptions), 403, 'reauth_required');
      await refused(await b.post(apiPaths.passkeyRemove, { id: own!.id }), 403, 'reauth_required');
      assert.equal((await b.post(apiPaths.reauth, { password })).status, 200);
      assert.equal((await addPasskey(b, new SoftwareAuthenticator(origin))).status, 200);
    });

    it('refuses a passkey answer made for another user’s registration, and one already added', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const { b } = await userWithPasskey('twice', authenticator);
      // The same authenticator's passkey again: the server already has its credential id.
      const { options } = PasskeyCreationOptionsResponse.parse(await (await b.post(apiPaths.passkeyRegistrationOptions)).json());
      assert.equal(options.excludeCredentials?.length, 1, 'the passkey already added is excluded');
      const again = await b.post(apiPaths.passkeys, { credential: await authenticator.create(options, { credentialId: authenticator.credentialIds[0] }) });
      await refused(again, 409, 'conflict');
      // Options asked for by one user, answered in another user's session: refused.
      const victim = await signedInNewUser(t, `victim-${crypto.randomUUID().slice(0, 6)}@example.test`, `198.51.100.${ip++}`);
      const theirs = PasskeyCreationOptionsResponse.parse(await (await b.post(apiPaths.passkeyRegistrationOptions)).json());
      await refused(await victim.post(apiPaths.passkeys, { credential: await authenticator.create(theirs.options) }), 400, 'passkey_expired');
    });

    it('gives a user of several accounts the account picker', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const { email } = await userWithPasskey('picker', authenticator);
      await linkAccounts(email);
      const answer = await passkeySignIn(fresh(), authenticator);
      assert.equal(ChooseAccountStep.parse(await answer.json()).accounts.length, 2);
    });

    it('offers a passkey after a password sign-in once per browser in 30 days, and not to a user who has one', async () => {
      const email = `offered-${crypto.randomUUID().slice(0, 6)}@example.test`;
      await t.createUser(email, password);
      const b = fresh();
      const first = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password })).json());
      assert.equal(first.offerPasskey, true);
      const again = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password })).json());
      assert.equal(again.offerPasskey, undefined, 'not again in this browser');
      const { email: holder } = await userWithPasskey('holder', new SoftwareAuthenticator(origin));
      const holderAnswer = DoneStep.parse(await (await fresh().post(apiPaths.signIn, { identifier: holder, password })).json());
      assert.equal(holderAnswer.offerPasskey, undefined, 'a user with a passkey is not offered one');
    });

    it('offers a passkey after the second step and at the account picker too, and stops offering for 30 days', async () => {
      const email = `offered-mfa-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const secret = await enableTotp(t, await signedInNewUser(t, email, `198.51.100.${ip++}`));
      const b = fresh();
      const step = await passwordStep(b, email);
      const answer = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: nextTotp(t, secret), trustDevice: false });
      assert.equal(DoneStep.parse(await answer.json()).offerPasskey, true);
      // The browser keeps the cookie that says so for 30 days from now, then may be offered again.
      const offered = answer.headers.getSetCookie().find((cookie) => cookie.startsWith('portico_passkey_offered='));
      const expires = /;\s*expires=([^;]+)/i.exec(offered ?? '')?.[1];
      assert.equal(expires && new Date(expires).getTime(), t.clock.now().getTime() + 30 * 86_400_000);

      const several = `offered-picker-${crypto.randomUUID().slice(0, 6)}@example.test`;
      await t.createUser(several, password);
      await linkAccounts(several);
      const picker = ChooseAccountStep.parse(await (await fresh().post(apiPaths.signIn, { identifier: several, password })).json());
      assert.equal(picker.offerPasskey, true);
    });

    it('refuses a new passkey made for another origin or RP ID, or with a challenge used or too old; none is added', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const b = await signedInNewUser(t, `registrar-${crypto.randomUUID().slice(0, 6)}@example.test`, `198.51.100.${ip++}`);
      const creation = async () => PasskeyCreationOptionsResponse.parse(await (await b.post(apiPaths.passkeyRegistrationOptions)).json()).options;
      const add = async (options: Awaited<ReturnType<typeof creation>>, bend: Bend = {}) =>
        b.post(apiPaths.passkeys, { credential: await authenticator.create(options, bend) });
      await refused(await add(await creation(), { origin: 'https://portico.test.evil.example' }), 401, 'passkey_invalid');
      await refused(await add(await creation(), { rpId: 'evil.example' }), 401, 'passkey_invalid');
      const options = await creation();
      assert.equal((await add(options)).status, 200);
      // A second passkey (a new key) on the same challenge: the challenge counts once.
      await refused(await add(options), 400, 'passkey_expired');
      const late = await creation();
      t.clock.advance(5 * 60 + 1);
      await refused(await add(late), 400, 'passkey_expired');
      const overview = SecurityOverview.parse(await (await b.get(apiPaths.security)).json());
      assert.equal(overview.passkeys?.length, 1, 'only the passkey that verified was added');
    });

    it('refuses a signature that names another user than the passkey’s owner', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      await userWithPasskey('handle', authenticator);
      const someoneElse = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
      await refused(await passkeySignIn(fresh(), authenticator, { userHandle: someoneElse }), 401, 'passkey_invalid');
    });

    it('counts failed passkey answers as failed sign-ins of the owner, and past the limit says to wait', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      await userWithPasskey('failing', authenticator);
      const b = fresh();
      const answers: string[] = [];
      for (let i = 0; i < 11; i++) answers.push((await errorOf(await passkeySignIn(b, authenticator, { userVerified: false }))).code);
      assert.deepEqual(answers, [...Array<string>(10).fill('passkey_invalid'), 'rate_limited']);
      assert.equal((await passkeySignIn(b, authenticator)).status, 200, 'a passkey that verifies still signs in');
    });

    it('signs the owner in with their passkey while a guesser’s wrong passwords hold up password sign-ins', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const { email } = await userWithPasskey('guessed', authenticator);
      // The guesser tries for hours from many addresses, as in the abuse suite.
      for (let hour = 0; hour < 3; hour++) {
        for (let i = 0; i < 25; i++) await browser(t, `203.0.${120 + hour}.${i}`).post(apiPaths.signIn, { identifier: email, password: `Guess-${hour}-${i}` });
        t.clock.advance(3600);
      }
      assert.equal((await fresh().post(apiPaths.signIn, { identifier: email, password })).status, 429, 'a password from a new browser waits');
      // A passkey answer cannot be guessed: the owner, on a new phone, is not held up by someone else's guesses.
      const signedIn = await passkeySignIn(fresh(), authenticator);
      assert.equal(signedIn.status, 200, await signedIn.clone().text());
    });
  });

  describe(`a passkey as the second step on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store, { policy: secondFactor });
    });
    after(async () => {
      if (t) await quiet(t);
      await store?.close();
    });

    it('asks for the passkey after the password, and signs in with it; another user’s passkey does not do', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const email = `second-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const b = await signedInNewUser(t, email, '203.0.113.1');
      assert.equal((await addPasskey(b, authenticator)).status, 200);
      const strangerEmail = `stranger-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const stranger = await signedInNewUser(t, strangerEmail, '203.0.113.2');
      // The same authenticator holds the other user's passkey too.
      assert.equal((await addPasskey(stranger, authenticator)).status, 200);
      const strangersPasskey = authenticator.credentialIds[1];

      const signingIn = browser(t, '203.0.113.3');
      const step = MfaStep.parse(await (await signingIn.post(apiPaths.signIn, { identifier: email, password })).json());
      assert.equal(step.channel, 'webauthn');
      assert.ok(step.options.some((option) => option.channel === 'webauthn'));
      const options = async () =>
        PasskeyRequestOptionsResponse.parse(await (await signingIn.post(apiPaths.mfaPasskeyOptions, { challenge: step.challenge })).json()).options;
      const first = await options();
      assert.equal(first.allowCredentials?.length, 1, 'only the user’s own passkeys are asked for');
      const wrong = await authenticator.get(first, { credentialId: strangersPasskey });
      await refused(await signingIn.post(apiPaths.mfaVerify, { challenge: step.challenge, credential: wrong }), 401, 'passkey_unknown');
      const right = await authenticator.get(await options());
      const done = await signingIn.post(apiPaths.mfaVerify, { challenge: step.challenge, credential: right });
      assert.equal(done.status, 200, await done.clone().text());
      assert.equal(DoneStep.parse(await done.json()).user.email, email);
    });

    it('takes a security key without a PIN as the second step, and only for the sign-in that asked', async () => {
      const authenticator = new SoftwareAuthenticator(origin);
      const email = `key-${crypto.randomUUID().slice(0, 6)}@example.test`;
      assert.equal((await addPasskey(await signedInNewUser(t, email, '203.0.113.4'), authenticator, { userVerified: false })).status, 200);
      const b = browser(t, '203.0.113.5');
      const first = await passwordStep(b, email);
      const second = await passwordStep(b, email);
      const forFirst = PasskeyRequestOptionsResponse.parse(await (await b.post(apiPaths.mfaPasskeyOptions, { challenge: first.challenge })).json()).options;
      // Answered for the first sign-in, sent as the second one's: refused.
      const crossed = await b.post(apiPaths.mfaVerify, { challenge: second.challenge, credential: await authenticator.get(forFirst, { userVerified: false }) });
      await refused(crossed, 400, 'passkey_expired');
      const forSecond = PasskeyRequestOptionsResponse.parse(await (await b.post(apiPaths.mfaPasskeyOptions, { challenge: second.challenge })).json()).options;
      const done = await b.post(apiPaths.mfaVerify, { challenge: second.challenge, credential: await authenticator.get(forSecond, { userVerified: false }) });
      assert.equal(done.status, 200, await done.clone().text());
      assert.equal(DoneStep.parse(await done.json()).user.email, email);
    });

    it('asks a user with no passkey for their other method, and has no passkey challenge for them', async () => {
      const email = `app-only-${crypto.randomUUID().slice(0, 6)}@example.test`;
      await enableTotp(t, await signedInNewUser(t, email, '203.0.113.6'));
      const b = browser(t, '203.0.113.7');
      const step = await passwordStep(b, email);
      assert.equal(step.channel, 'totp');
      assert.ok(!step.options.some((option) => option.channel === 'webauthn'));
      await refused(await b.post(apiPaths.mfaPasskeyOptions, { challenge: step.challenge }), 400, 'method_not_allowed');
    });

    it('keeps a user’s last passkey where it is their only second step and the policy requires one', async () => {
      const required = testApp(store, { policy: { ...presets.hosting, mfa: { ...presets.hosting.mfa, methods: ['webauthn'], required: true } } });
      const email = `required-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const b = await signedInNewUser(required, email, '203.0.113.8');
      assert.equal((await addPasskey(b, new SoftwareAuthenticator(origin))).status, 200);
      const [only] = SecurityOverview.parse(await (await b.get(apiPaths.security)).json()).passkeys ?? [];
      await refused(await b.post(apiPaths.passkeyRemove, { id: only!.id }), 409, 'factor_required');
      assert.equal(SecurityOverview.parse(await (await b.get(apiPaths.security)).json()).passkeys?.length, 1);
      await quiet(required);
    });
  });
}

describe('passkey webhooks', () => {
  it('tells a host back end of every passkey added and removed, signed, with no key material', async () => {
    const store = await backends[0]!.open();
    const t0 = testApp(store);
    const receiver = await startReceiver(webhookSecret(7), { now: () => t0.clock.now().getTime() });
    const t = testApp(store, { clock: t0.clock, settings: { webhooks: [{ url: receiver.url, secret: receiver.secret }] } });
    try {
      const authenticator = new SoftwareAuthenticator(origin);
      const email = `hooked-${crypto.randomUUID().slice(0, 6)}@example.test`;
      const b = await signedInNewUser(t, email, '192.0.2.50');
      assert.equal((await addPasskey(b, authenticator)).status, 200);
      const [passkey] = SecurityOverview.parse(await (await b.get(apiPaths.security)).json()).passkeys ?? [];
      assert.equal((await b.post(apiPaths.passkeyRemove, { id: passkey!.id })).status, 200);
      await t.services.webhookDelivery.settled();
      const events = receiver.received.map((r) => r.event).filter((event) => event.type.startsWith('passkey.'));
      assert.deepEqual(
        events.map((event) => [event.type, event.data]),
        [
          ['passkey.added', { userId: events[0]!.data.userId, email, passkeyId: passkey!.id, name: 'Chrome on Linux' }],
          ['passkey.removed', { userId: events[0]!.data.userId, email, passkeyId: passkey!.id, name: 'Chrome on Linux' }],
        ],
      );
      const bodies = receiver.received.map((r) => r.body).join('\n');
      assert.ok(!bodies.includes(authenticator.credentialIds[0]!), 'no credential id');
    } finally {
      t.services.webhookDelivery.stop();
      await quiet(t);
      await receiver.stop();
      await store.close();
    }
  });
});

describe('passkeys by preset and configuration', () => {
  it('offers no passkey after a password sign-in where the preset has none (licensing) or the prompt is off', async () => {
    const store = await backends[0]!.open();
    try {
      const licensing = testApp(store, { policy: presets.licensing });
      await licensing.createUser('licensed@example.test', password);
      const b = browser(licensing, '192.0.2.60');
      const step = await passwordStep(b, 'licensed@example.test');
      const done = await b.post(apiPaths.mfaVerify, {
        challenge: step.challenge,
        channel: 'email',
        code: await licensing.latestCode('licensed@example.test'),
        trustDevice: false,
      });
      assert.equal(done.status, 200, await done.clone().text());
      assert.equal(DoneStep.parse(await done.json()).offerPasskey, undefined);
      await quiet(licensing);

      const never = testApp(store, { policy: { ...presets.hosting, passkeys: { signIn: true, prompt: 'never' } } });
      await never.createUser('never-asked@example.test', password);
      const answer = await browser(never, '192.0.2.61').post(apiPaths.signIn, { identifier: 'never-asked@example.test', password });
      assert.equal(DoneStep.parse(await answer.json()).offerPasskey, undefined);
    } finally {
      await store.close();
    }
  });

  it('tells the UI whether passkeys sign in, per preset, and refuses them where they are off', async () => {
    for (const [preset, expected] of [
      ['hosting', true],
      ['leasing', true],
      ['licensing', false],
    ] as const) {
      const t = testApp(await backends[0]!.open(), { policy: presets[preset] });
      const config = PublicConfig.parse(await (await t.request('GET', apiPaths.config)).json());
      assert.equal(config.passkeys, expected, preset);
      if (!expected) await refused(await t.request('POST', apiPaths.passkeySignInOptions, {}), 400, 'method_not_allowed');
      await t.store.close();
    }
  });

  it('lists related origins at /.well-known/webauthn where configured, and is not there otherwise', async () => {
    const store = await backends[0]!.open();
    const related = testApp(store, { settings: { webauthn: { rpId: 'portico.test', origins: ['http://portico.test', 'https://partner.example'] } } });
    const answer = await related.request('GET', apiPaths.webauthnRelatedOrigins);
    assert.equal(answer.status, 200);
    assert.deepEqual(WebAuthnRelatedOrigins.parse(await answer.json()), { origins: ['https://partner.example'] });
    const plain = testApp(store);
    assert.equal((await plain.request('GET', apiPaths.webauthnRelatedOrigins)).status, 404);
    // Origins all under the RP ID's domain need no list: browsers take them as they are.
    const sameSite = testApp(store, { settings: { webauthn: { rpId: 'portico.test', origins: ['http://portico.test', 'https://www.portico.test'] } } });
    assert.equal((await sameSite.request('GET', apiPaths.webauthnRelatedOrigins)).status, 404);
    await store.close();
  });
});

describe('the relying party from the environment', () => {
  it('is the public URL’s registrable domain, for the public URL and the allowed origins, unless set', () => {
    const derived = loadConfig({ PORTICO_PUBLIC_URL: 'https://login.portal.example.com/sign-in', PORTICO_ALLOWED_ORIGINS: 'https://www.example.com' });
    assert.deepEqual(derived.webauthn, { rpId: 'example.com', origins: ['https://login.portal.example.com', 'https://www.example.com'] });
    const set = loadConfig({
      PORTICO_PUBLIC_URL: 'https://login.portal.example.com/sign-in',
      PORTICO_WEBAUTHN_RP_ID: 'Portal.Example.com',
      PORTICO_WEBAUTHN_ORIGINS: 'https://login.portal.example.com, https://partner.example',
    });
    assert.deepEqual(set.webauthn, { rpId: 'portal.example.com', origins: ['https://login.portal.example.com', 'https://partner.example'] });
    // Development without a public URL: the host each request comes to.
    assert.deepEqual(loadConfig({}).webauthn, { rpId: null, origins: [] });
  });

  it('refuses at start an RP ID the public URL is not under, and origins that are not exact', () => {
    assert.throws(
      () => loadConfig({ PORTICO_PUBLIC_URL: 'https://login.example.com', PORTICO_WEBAUTHN_RP_ID: 'other.example' }),
      (error: unknown) => error instanceof ConfigError && /PORTICO_WEBAUTHN_RP_ID/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ PORTICO_PUBLIC_URL: 'https://login.example.com', PORTICO_WEBAUTHN_RP_ID: 'https://example.com' }),
      /PORTICO_WEBAUTHN_RP_ID/,
    );
    assert.throws(() => loadConfig({ PORTICO_WEBAUTHN_ORIGINS: 'https://www.example.com/sign-in' }), /PORTICO_WEBAUTHN_ORIGINS/);
  });

  it('switches passkey sign-in, the offer and the passkey second step by environment', () => {
    assert.deepEqual(loadConfig({ PORTICO_PASSKEYS: 'false' }).policy.passkeys, { signIn: false, prompt: 'never' });
    assert.deepEqual(loadConfig({ PORTICO_PRESET: 'licensing', PORTICO_PASSKEYS: 'true' }).policy.passkeys, { signIn: true, prompt: 'after-sign-in' });
    assert.deepEqual(loadConfig({ PORTICO_PASSKEY_PROMPT: 'never' }).policy.passkeys, { signIn: true, prompt: 'never' });
    assert.deepEqual(loadConfig({ PORTICO_MFA_METHODS: 'totp,webauthn' }).policy.mfa.methods, ['totp', 'webauthn']);
  });
});
