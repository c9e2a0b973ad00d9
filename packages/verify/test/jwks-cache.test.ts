import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { createVerifier } from '../src/index.ts';
import { claimsFor, makeKey, rejectionCode, sign, startIssuer, type FakeIssuer, type SigningKey } from './support.ts';

/**
 * Only Date is mocked: the cache ages by Date.now(), so the 30-second cooldown and the 10-minute cache life can be
 * passed in an instant while the HTTP traffic stays real. Tokens last an hour, so moving the clock keeps them valid.
 */
describe('JWKS cache', () => {
  let server: FakeIssuer;
  let oldKey: SigningKey;

  beforeEach(async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    oldKey = await makeKey('old');
    server = await startIssuer([oldKey]);
  });
  afterEach(async () => {
    mock.timers.reset();
    await server.close();
  });

  const token = (key: SigningKey) => sign(key, claimsFor(server.issuer, { exp: Math.floor(Date.now() / 1000) + 3600 }));

  it('fetches the keys once for many tokens', async () => {
    const verifier = createVerifier({ issuer: server.issuer });
    await Promise.all([verifier.verify(await token(oldKey)), verifier.verify(await token(oldKey))]);
    await verifier.verify(await token(oldKey));
    assert.equal(server.jwksRequests, 1);
  });

  it('refetches on a new kid after a rotation, and not again within 30 seconds', async () => {
    const verifier = createVerifier({ issuer: server.issuer });
    await verifier.verify(await token(oldKey));
    assert.equal(server.jwksRequests, 1);

    mock.timers.tick(31_000);
    const newKey = await makeKey('new');
    server.keys = [oldKey, newKey];
    assert.equal((await verifier.verify(await token(newKey))).sub, 'user-1');
    assert.equal(server.jwksRequests, 2);

    mock.timers.tick(10_000);
    const unpublished = await makeKey('never-published');
    assert.equal(await rejectionCode(verifier.verify(await token(unpublished))), 'unknown_key');
    assert.equal(server.jwksRequests, 2, 'a second unknown kid within the cooldown must not refetch');

    mock.timers.tick(21_000);
    assert.equal(await rejectionCode(verifier.verify(await token(unpublished))), 'unknown_key');
    assert.equal(server.jwksRequests, 3, 'past the cooldown an unknown kid refetches once more');
  });

  it('refuses a key removed from the JWKS once the cache is refreshed', async () => {
    const verifier = createVerifier({ issuer: server.issuer });
    const signedWithOld = await token(oldKey);
    await verifier.verify(signedWithOld);

    const newKey = await makeKey('new');
    server.keys = [newKey];
    mock.timers.tick(60_000);
    // Still cached: this is the window that `validate` closes.
    assert.equal((await verifier.verify(signedWithOld)).sub, 'user-1');

    mock.timers.tick(10 * 60_000);
    assert.equal(await rejectionCode(verifier.verify(signedWithOld)), 'unknown_key');
    assert.equal(server.jwksRequests, 2);
    assert.equal((await verifier.verify(await token(newKey))).sub, 'user-1');
  });

  it('answers unavailable when the JWKS endpoint fails', async () => {
    server.jwksDown = true;
    const verifier = createVerifier({ issuer: server.issuer });
    assert.equal(await rejectionCode(verifier.verify(await token(oldKey))), 'unavailable');
  });

  it('answers unavailable when nothing listens at the JWKS address', async () => {
    const signed = await token(oldKey);
    const verifier = createVerifier({ issuer: server.issuer });
    await server.close();
    assert.equal(await rejectionCode(verifier.verify(signed)), 'unavailable');
    server = await startIssuer([oldKey]);
  });

  it('answers unavailable when the JWKS is not a key set', async () => {
    const verifier = createVerifier({
      issuer: server.issuer,
      fetch: async () => Response.json({ keys: 'none' }),
    });
    assert.equal(await rejectionCode(verifier.verify(await token(oldKey))), 'unavailable');
  });

  it('fetches the keys from jwksUrl with the fetch given', async () => {
    const seen: string[] = [];
    const verifier = createVerifier({
      issuer: 'https://auth.example',
      jwksUrl: `${server.issuer}/.well-known/jwks.json`,
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    const signed = await sign(oldKey, claimsFor('https://auth.example', { exp: Math.floor(Date.now() / 1000) + 3600 }));
    assert.equal((await verifier.verify(signed)).iss, 'https://auth.example');
    assert.deepEqual(seen, [`${server.issuer}/.well-known/jwks.json`]);
  });
});
