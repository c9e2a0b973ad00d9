import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { apiPaths, DoneStep, Jwks, SessionToken } from '@portico/contract';
import { createVerifier, PorticoTokenError } from '@portico/verify';
import { base64url, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import type { Store } from '../src/ports/store.ts';
import { openTestPglite } from './support/pglite.ts';
import { password } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

/**
 * `@portico/verify` against a real Portico server over HTTP: its JWKS, its tokens, its rotation and revocation, and
 * its instant validation. The verifier's own tests cover the forgeries in depth; this shows the two agree.
 */
describe('@portico/verify against a running Portico server', () => {
  const apiKey = 'verify-test-api-key-0123456789-abcdefgh';
  let store: Store;
  let t: ReturnType<typeof testApp>;
  let server: ServerType;
  let origin = '';
  let jwksFetches = 0;

  before(async () => {
    store = await openTestPglite();
    t = testApp(store, { settings: { apiKeys: [apiKey] } });
    await new Promise<void>((resolve) => {
      server = serve(
        {
          fetch: (request) => {
            if (new URL(request.url).pathname === apiPaths.jwks) jwksFetches++;
            return t.app.fetch(request, { remoteAddress: '198.51.100.50' });
          },
          port: 0,
          hostname: '127.0.0.1',
        },
        () => resolve(),
      );
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  /** Signs in over HTTP and returns the browser's cookie, as the page's client would hold it. */
  async function signedIn(email: string): Promise<string> {
    await t.createUser(email, password);
    const response = await fetch(`${origin}${apiPaths.signIn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: email, password }),
    });
    DoneStep.parse(await response.json());
    return response.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  async function tokenFor(cookie: string): Promise<string> {
    const response = await fetch(`${origin}${apiPaths.sessionToken}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    return SessionToken.parse(await response.json()).token;
  }

  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof PorticoTokenError, String(error));
      return error.code;
    }
    assert.fail('the token was accepted');
  }

  it('accepts the server’s token, from a header or a raw string, and refuses forgeries', async () => {
    // The server runs on a test clock: the verifier is given the same one to judge expiry by.
    const cookie = await signedIn('verify.server@example.se');
    const token = await tokenFor(cookie);
    const verifier = createVerifier({ issuer: origin, now: () => t.clock.now() });
    const claims = await verifier.verify(new Request('http://portal.test/api', { headers: { authorization: `Bearer ${token}` } }));
    assert.equal(claims.email, 'verify.server@example.se');
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal((await verifier.verify(token)).sub, claims.sub);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const tampered = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
    tampered.acct = 'SE999999999';
    assert.equal(await refusal(verifier.verify(`${header}.${base64url.encode(JSON.stringify(tampered))}.${signature}`)), 'invalid_signature');
    assert.equal(await refusal(createVerifier({ issuer: origin, audience: 'someone-else', now: () => t.clock.now() }).verify(token)), 'wrong_audience');
    assert.equal(
      await refusal(createVerifier({ issuer: 'https://evil.example', jwksUrl: `${origin}/.well-known/jwks.json`, now: () => t.clock.now() }).verify(token)),
      'wrong_issuer',
    );

    // Signed by a key of the attacker's own under the server's kid.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(token).kid! }).sign(privateKey);
    assert.equal(await refusal(verifier.verify(forged)), 'invalid_signature');
    // The server's public key used as an HMAC secret (key confusion).
    const jwks = Jwks.parse(await (await fetch(`${origin}${apiPaths.jwks}`)).json());
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: jwks.keys[0]!.kid })
      .sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
    assert.notEqual(await refusal(verifier.verify(hmac)), undefined);
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    assert.ok(['malformed', 'invalid_signature'].includes(await refusal(verifier.verify(none))));

    // Five minutes and a little on, it has expired.
    t.clock.advance(300 + 60);
    assert.equal(await refusal(verifier.verify(token)), 'expired');
  });

  it('follows a rotation (a new kid is fetched once) and refuses a revoked key', async () => {
    const cookie = await signedIn('verify.rotation@example.se');
    const verifier = createVerifier({ issuer: origin, now: () => t.clock.now() });
    await verifier.verify(await tokenFor(cookie));
    const fetchesBefore = jwksFetches;
    const rotatedKid = await t.services.signingKeys.rotate();
    const rotated = await tokenFor(cookie);
    assert.equal(decodeProtectedHeader(rotated).kid, rotatedKid);
    // Within 30 s of its last fetch the verifier does not fetch again (made-up kids cannot flood the server)…
    assert.equal(await refusal(verifier.verify(rotated)), 'unknown_key');
    assert.equal(jwksFetches, fetchesBefore);
    // …after that, the unknown kid fetches the JWKS once, and the token of the new key is accepted.
    const realNow = Date.now;
    Date.now = () => realNow() + 31_000;
    try {
      assert.equal((await verifier.verify(rotated)).email, 'verify.rotation@example.se');
      assert.equal((await verifier.verify(rotated)).email, 'verify.rotation@example.se');
    } finally {
      Date.now = realNow;
    }
    assert.equal(jwksFetches, fetchesBefore + 1, 'the unknown kid fetched the JWKS once');

    // A validating verifier that has the key in its cache…
    const validating = createVerifier({ issuer: origin, now: () => t.clock.now(), validate: { apiKey } });
    assert.equal((await validating.verify(rotated)).email, 'verify.rotation@example.se');
    assert.equal(await t.services.signingKeys.revoke(rotatedKid), true);
    // …is told at once that the key's tokens count no more; a verifier fetching the JWKS now no longer finds it.
    assert.equal(await refusal(validating.verify(rotated)), 'session_ended');
    assert.equal(await refusal(createVerifier({ issuer: origin, now: () => t.clock.now() }).verify(rotated)), 'unknown_key');
  });

  it('with validate, refuses a fresh token of a session that has ended', async () => {
    const cookie = await signedIn('verify.validate@example.se');
    const token = await tokenFor(cookie);
    const validating = createVerifier({ issuer: origin, now: () => t.clock.now(), validate: { apiKey } });
    assert.equal((await validating.verify(token)).email, 'verify.validate@example.se');
    await fetch(`${origin}${apiPaths.signOut}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(
      (await createVerifier({ issuer: origin, now: () => t.clock.now() }).verify(token)).email,
      'verify.validate@example.se',
      'alone, the token still verifies',
    );
    assert.equal(await refusal(validating.verify(token)), 'session_ended');
  });
});
