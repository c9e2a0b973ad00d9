import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { exportSPKI, importJWK, SignJWT } from 'jose';
import { createVerifier, type Verifier } from '../src/index.ts';
import { base64url, claimsFor, handMade, makeKey, nowSeconds, rejectionCode, sign, startIssuer, type FakeIssuer, type SigningKey } from './support.ts';

describe('verify', () => {
  let server: FakeIssuer;
  let key: SigningKey;
  let verifier: Verifier;

  before(async () => {
    key = await makeKey('key-1');
    server = await startIssuer([key]);
    verifier = createVerifier({ issuer: server.issuer });
  });
  after(() => server.close());

  describe('accepts a valid token', () => {
    it('from an Authorization: Bearer header', async () => {
      const claims = claimsFor(server.issuer);
      const token = await sign(key, claims);
      const request = new Request('https://host.example/api', { headers: { authorization: `Bearer ${token}` } });
      assert.deepEqual(await verifier.verify(request), claims);
    });

    it('from the token cookie, among others', async () => {
      const claims = claimsFor(server.issuer);
      const token = await sign(key, claims);
      const request = new Request('https://host.example/api', { headers: { cookie: `theme=dark; portico_token=${token}; x=1` } });
      assert.deepEqual(await verifier.verify(request), claims);
      // Over HTTPS the server sets it with a prefix the browser enforces.
      for (const name of ['__Host-portico_token', '__Secure-portico_token']) {
        assert.deepEqual(await verifier.verify(new Request('https://host.example/api', { headers: { cookie: `${name}=${token}` } })), claims);
      }
      const lookalike = new Request('https://host.example/api', { headers: { cookie: `x-portico_token=${token}` } });
      assert.equal(await rejectionCode(verifier.verify(lookalike)), 'missing');
    });

    it('from a cookie of another name when configured', async () => {
      const named = createVerifier({ issuer: server.issuer, cookieName: 'sess' });
      const token = await sign(key, claimsFor(server.issuer));
      const cookieOfDefaultName = new Request('https://host.example/', { headers: { cookie: `portico_token=${token}` } });
      assert.equal(await rejectionCode(named.verify(cookieOfDefaultName)), 'missing');
      const request = new Request('https://host.example/', { headers: { cookie: `sess=${token}` } });
      assert.equal((await named.verify(request)).sub, 'user-1');
    });

    it('given as a string', async () => {
      const claims = claimsFor(server.issuer);
      assert.deepEqual(await verifier.verify(await sign(key, claims)), claims);
    });

    it('expired by less than the clock tolerance', async () => {
      const token = await sign(key, claimsFor(server.issuer, { iat: nowSeconds() - 300, exp: nowSeconds() - 2 }));
      assert.equal((await verifier.verify(token)).sub, 'user-1');
    });

    it('for a configured audience other than the issuer', async () => {
      const forApp = createVerifier({ issuer: server.issuer, audience: 'https://portal.example' });
      const token = await sign(key, claimsFor(server.issuer, { aud: ['https://portal.example', 'other'] }));
      assert.equal((await forApp.verify(token)).sub, 'user-1');
      assert.equal(await rejectionCode(forApp.verify(await sign(key, claimsFor(server.issuer)))), 'wrong_audience');
    });
  });

  it('refuses a request without a token as missing', async () => {
    assert.equal(await rejectionCode(verifier.verify(new Request('https://host.example/'))), 'missing');
    const basic = new Request('https://host.example/', { headers: { authorization: 'Basic dXNlcjpwdw==' } });
    assert.equal(await rejectionCode(verifier.verify(basic)), 'missing');
    assert.equal(await rejectionCode(verifier.verify('')), 'missing');
  });

  it('refuses a token expired beyond the clock tolerance', async () => {
    const token = await sign(key, claimsFor(server.issuer, { iat: nowSeconds() - 300, exp: nowSeconds() - 10 }));
    assert.equal(await rejectionCode(verifier.verify(token)), 'expired');
  });

  it('refuses a token not valid until later than the clock tolerance', async () => {
    const token = await sign(key, { ...claimsFor(server.issuer), nbf: nowSeconds() + 60 });
    assert.equal(await rejectionCode(verifier.verify(token)), 'expired');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await sign(key, claimsFor(server.issuer))).split('.');
    const forged = `${header}.${base64url(JSON.stringify(claimsFor(server.issuer, { sub: 'admin' })))}.${signature}`;
    assert.equal(await rejectionCode(verifier.verify(forged)), 'invalid_signature');
  });

  it('refuses a token signed by another key under a published kid', async () => {
    const impostor = await makeKey(key.kid);
    assert.equal(await rejectionCode(verifier.verify(await sign(impostor, claimsFor(server.issuer)))), 'invalid_signature');
  });

  it('refuses a token for another audience', async () => {
    const token = await sign(key, claimsFor(server.issuer, { aud: 'https://elsewhere.example' }));
    assert.equal(await rejectionCode(verifier.verify(token)), 'wrong_audience');
  });

  it('refuses a token from another issuer', async () => {
    const token = await sign(key, claimsFor('https://evil.example', { aud: server.issuer }));
    assert.equal(await rejectionCode(verifier.verify(token)), 'wrong_issuer');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const claims = claimsFor(server.issuer);
    assert.equal(await rejectionCode(verifier.verify(handMade({ alg: 'none', kid: key.kid }, claims))), 'malformed');
    assert.equal(await rejectionCode(verifier.verify(handMade({ alg: 'none' }, claims))), 'malformed');
  });

  it('refuses HS256 keyed with the public key (key confusion) as malformed', async () => {
    const claims = claimsFor(server.issuer);
    const pem = await exportSPKI(await publicCryptoKey(key));
    const secrets = [
      new TextEncoder().encode(JSON.stringify(key.publicJwk)),
      new TextEncoder().encode(pem),
      Buffer.concat([Buffer.from([4]), Buffer.from(key.publicJwk.x ?? '', 'base64url'), Buffer.from(key.publicJwk.y ?? '', 'base64url')]),
    ];
    for (const secret of secrets) {
      for (const alg of ['HS256', 'HS384', 'HS512']) {
        const token = await new SignJWT(claims).setProtectedHeader({ alg, kid: key.kid }).sign(secret);
        assert.equal(await rejectionCode(verifier.verify(token)), 'malformed', alg);
      }
    }
  });

  it('never takes a key from the token header (jwk, jku, x5u)', async () => {
    const attacker = await makeKey('attacker');
    let fetchedFromAttacker = 0;
    const attackerServer = createServer((_req, res) => {
      fetchedFromAttacker += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [attacker.publicJwk] }));
    });
    await new Promise<void>((resolve) => attackerServer.listen(0, '127.0.0.1', resolve));
    const attackerUrl = `http://127.0.0.1:${(attackerServer.address() as AddressInfo).port}/jwks.json`;
    try {
      const claims = claimsFor(server.issuer);
      const embedded = await sign(attacker, claims, { jwk: attacker.publicJwk });
      assert.equal(await rejectionCode(verifier.verify(embedded)), 'unknown_key');
      const embeddedUnderOurKid = await sign(attacker, claims, { kid: key.kid, jwk: { ...attacker.publicJwk, kid: key.kid } });
      assert.equal(await rejectionCode(verifier.verify(embeddedUnderOurKid)), 'invalid_signature');
      for (const header of [{ jku: attackerUrl }, { x5u: attackerUrl }]) {
        assert.equal(await rejectionCode(verifier.verify(await sign(attacker, claims, header))), 'unknown_key');
      }
      assert.equal(fetchedFromAttacker, 0);
    } finally {
      attackerServer.closeAllConnections();
      attackerServer.close();
    }
  });

  it('refuses a well-signed token without the session claims as malformed', async () => {
    const { sid: _sid, ...withoutSid } = claimsFor(server.issuer);
    assert.equal(await rejectionCode(verifier.verify(await sign(key, withoutSid))), 'malformed');
    const badAmr = { ...claimsFor(server.issuer), amr: ['password'] };
    assert.equal(await rejectionCode(verifier.verify(await sign(key, badAmr))), 'malformed');
  });

  it('refuses what is not a JWT as malformed', async () => {
    for (const token of ['abc', 'a.b.c', `${'x'.repeat(9000)}`, 'Bearer']) {
      assert.equal(await rejectionCode(verifier.verify(token)), 'malformed', token.slice(0, 20));
    }
    const garbage = new Request('https://host.example/', { headers: { authorization: 'Bearer not-a-jwt' } });
    assert.equal(await rejectionCode(verifier.verify(garbage)), 'malformed');
  });
});

async function publicCryptoKey(key: SigningKey) {
  const imported = await importJWK(key.publicJwk, 'ES256');
  if (imported instanceof Uint8Array) throw new Error('expected a public key');
  return imported;
}
