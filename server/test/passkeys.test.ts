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
  WebAuthnRelatedOrigins,
} from '@portico/contract';
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import type { Browser } from './support/browser.ts';
import { errorOf } from './support/browser.ts';
import { browser, enableTotp, password, signedInNewUser, type TestApp } from './support/mfa.ts';
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

async function refused(response: Response, status: number, code: string): Promise<void> {
  assert.equal(response.status, status, await response.clone().text());
  assert.equal((await errorOf(response)).code, code);
}

describe('the software authenticator speaks WebAuthn as @simplewebauthn/server reads it', () => {
  it('registers and signs, with the counter it keeps', async () => {
    const authenticator = new SoftwareAuthenticator(origin, { keepsCounter: true });
    const creation = { challenge: 'Y2hhbGxlbmdlLW9uZQ', rp: { name: 'Portico', id: 'portico.test' }, user: { id: 'dXNlcg', name: 'a@b.c', displayName: 'A' }, pubKeyCredParams: [{ alg: -7, type: 'public-key' as const }] };
    const registered = await verifyRegistrationResponse({ response: (await authenticator.create(creation)) as RegistrationResponseJSON, expectedChallenge: creation.challenge, expectedOrigin: origin, expectedRPID: 'portico.test' });
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

    before(async () => {
      store = await backend.open();
      t = testApp(store);
    });
    after(() => store?.close());

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
      await stranger.create({ challenge: 'AAAA', rp: { name: 'x', id: 'portico.test' }, user: { id: 'AAAA', name: 'x', displayName: 'x' }, pubKeyCredParams: [{ alg: -7, type: 'public-key' }] });
      await refused(await passkeySignIn(fresh(), stranger), 401, 'passkey_unknown');
      // After all that, the real answer still signs in.
      assert.equal((await passkeySignIn(fresh(), authenticator)).status, 200);
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
      const admin = { headers: { authorization: `Bearer ${adminToken}` } };
      for (const [prefix, name] of [
        ['SG', 'Alpha Pte Ltd'],
        ['US', 'Mid Corp'],
      ] as const) {
        const id = `${prefix}${String(Math.floor(Math.random() * 1e9)).padStart(9, '1')}`;
        assert.equal((await t.request('POST', apiPaths.adminAccounts, { customerId: id, name, mainContactEmail: 'main@example.se' }, admin)).status, 201);
        assert.equal((await t.request('POST', apiPaths.adminAccountLinks, { customerId: id, email }, admin)).status, 200);
      }
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
  });

  describe(`a passkey as the second step on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store, { policy: secondFactor });
    });
    after(() => store?.close());

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
      const options = async () => PasskeyRequestOptionsResponse.parse(await (await signingIn.post(apiPaths.mfaPasskeyOptions, { challenge: step.challenge })).json()).options;
      const first = await options();
      assert.equal(first.allowCredentials?.length, 1, 'only the user’s own passkeys are asked for');
      const wrong = await authenticator.get(first, { credentialId: strangersPasskey });
      await refused(await signingIn.post(apiPaths.mfaVerify, { challenge: step.challenge, credential: wrong }), 401, 'passkey_unknown');
      const right = await authenticator.get(await options());
      const done = await signingIn.post(apiPaths.mfaVerify, { challenge: step.challenge, credential: right });
      assert.equal(done.status, 200, await done.clone().text());
      assert.equal(DoneStep.parse(await done.json()).user.email, email);
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
      await receiver.stop();
      await store.close();
    }
  });
});

describe('passkeys by preset and configuration', () => {
  it('tells the UI whether passkeys sign in, per preset, and refuses them where they are off', async () => {
    for (const [preset, expected] of [
      ['hosting', true],
      ['leasing', true],
      ['licensing', false],
    ] as const) {
      const t = testApp((await backends[0]!.open()), { policy: presets[preset] });
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
    await store.close();
  });
});
