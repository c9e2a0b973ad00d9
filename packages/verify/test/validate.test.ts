import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createVerifier, type Verifier } from '../src/index.ts';
import { claimsFor, makeKey, nowSeconds, rejectionCode, sign, startIssuer, type FakeIssuer, type SigningKey } from './support.ts';

describe('validate option', () => {
  let server: FakeIssuer;
  let key: SigningKey;
  let verifier: Verifier;

  before(async () => {
    key = await makeKey('key-1');
    server = await startIssuer([key]);
    verifier = createVerifier({ issuer: server.issuer, validate: { apiKey: 'host-api-key' } });
  });
  beforeEach(() => {
    server.validateCalls = [];
  });
  after(() => server.close());

  it('posts the token with the API key and answers the claims as they stand now', async () => {
    const claims = claimsFor(server.issuer);
    const token = await sign(key, claims);
    const now = { ...claims, acct: 'SG234124123', name: 'Ada King' };
    server.validate = () => ({ status: 200, body: { valid: true, claims: now } });
    assert.deepEqual(await verifier.verify(token), now);
    assert.deepEqual(server.validateCalls, [{ authorization: 'Bearer host-api-key', contentType: 'application/json', body: { token } }]);
  });

  it('answers session_ended when the server says the session has ended', async () => {
    server.validate = () => ({ status: 401, body: { error: { code: 'session_ended', message: 'Signed out.' } } });
    assert.equal(await rejectionCode(verifier.verify(await sign(key, claimsFor(server.issuer)))), 'session_ended');
  });

  it('answers unavailable, not session_ended, when the server refuses the API key', async () => {
    server.validate = (call) =>
      call.authorization === 'Bearer right-key'
        ? { status: 200, body: {} }
        : { status: 401, body: { error: { code: 'unauthorized', message: 'A valid API key is required.' } } };
    assert.equal(await rejectionCode(verifier.verify(await sign(key, claimsFor(server.issuer)))), 'unavailable');
  });

  it('answers unavailable on any other status or a wrong answer', async () => {
    const token = await sign(key, claimsFor(server.issuer));
    for (const answer of [
      { status: 500, body: { error: { code: 'internal_error', message: 'x' } } },
      { status: 200, body: { valid: true } },
      { status: 200, body: { valid: true, claims: claimsFor(server.issuer, { sub: 'someone-else' }) } },
      { status: 404, body: {} },
    ]) {
      server.validate = () => answer;
      assert.equal(await rejectionCode(verifier.verify(token)), 'unavailable', JSON.stringify(answer));
    }
  });

  it('answers unavailable when the validate endpoint cannot be reached', async () => {
    const unreachable = createVerifier({
      issuer: server.issuer,
      validate: { url: 'http://127.0.0.1:1/api/sessions/validate', apiKey: 'host-api-key' },
    });
    assert.equal(await rejectionCode(unreachable.verify(await sign(key, claimsFor(server.issuer)))), 'unavailable');
  });

  it('asks nothing about a token that fails locally', async () => {
    server.validate = () => ({ status: 200, body: { valid: true, claims: claimsFor(server.issuer) } });
    const expired = await sign(key, claimsFor(server.issuer, { iat: nowSeconds() - 600, exp: nowSeconds() - 60 }));
    assert.equal(await rejectionCode(verifier.verify(expired)), 'expired');
    assert.equal(server.validateCalls.length, 0);
  });

  it('posts to a validate url of its own when given', async () => {
    const claims = claimsFor(server.issuer);
    let posted = '';
    const custom = createVerifier({
      issuer: server.issuer,
      validate: { url: 'https://internal.example/validate', apiKey: 'k' },
      fetch: async (input, init) => {
        if (String(input).endsWith('/jwks.json')) return fetch(input, init);
        posted = String(input);
        return Response.json({ valid: true, claims });
      },
    });
    assert.deepEqual(await custom.verify(await sign(key, claims)), claims);
    assert.equal(posted, 'https://internal.example/validate');
  });
});
