import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { Hono } from 'hono';
import { createVerifier, type Verifier } from '../src/index.ts';
import { porticoAuth as expressAuth } from '../src/express.ts';
import { withPortico } from '../src/fetch.ts';
import { porticoAuth as honoAuth } from '../src/hono.ts';
import { claimsFor, makeKey, nowSeconds, sign, startIssuer, type FakeIssuer, type SigningKey } from './support.ts';

describe('adapters', () => {
  let server: FakeIssuer;
  let key: SigningKey;
  let verifier: Verifier;
  let token: string;

  before(async () => {
    key = await makeKey('key-1');
    server = await startIssuer([key]);
    verifier = createVerifier({ issuer: server.issuer });
    token = await sign(key, claimsFor(server.issuer));
  });
  after(() => server.close());

  async function assertRefused(response: Response, code: string, challenge: string) {
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), challenge);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, code);
    assert.equal(typeof body.error.message, 'string');
  }

  describe('hono', () => {
    const app = () => {
      const hono = new Hono();
      hono.get('/me', honoAuth(verifier), (c) => c.json({ sub: c.get('portico').sub, acct: c.get('portico').acct }));
      return hono;
    };

    it('puts the claims on c.get("portico")', async () => {
      const response = await app().request('/me', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { sub: 'user-1', acct: 'NL123421341' });
    });

    it('answers 401 without a token, and with a bad one', async () => {
      await assertRefused(await app().request('/me'), 'missing', 'Bearer');
      const expired = await sign(key, claimsFor(server.issuer, { iat: nowSeconds() - 600, exp: nowSeconds() - 60 }));
      const response = await app().request('/me', { headers: { authorization: `Bearer ${expired}` } });
      await assertRefused(response, 'expired', 'Bearer error="invalid_token"');
    });

    it('answers 503 when the keys cannot be fetched', async () => {
      const down = createVerifier({ issuer: 'http://127.0.0.1:1' });
      const hono = new Hono();
      hono.get('/me', honoAuth(down), (c) => c.text('never'));
      const response = await hono.request('/me', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 503);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unavailable');
    });
  });

  describe('express', () => {
    let listening: Server;
    let base: string;

    before(async () => {
      const app = express();
      app.get('/me', expressAuth(verifier), (req, res) => {
        res.json({ sub: req.portico?.sub, email: req.portico?.email });
      });
      listening = await new Promise<Server>((resolve) => {
        const started = app.listen(0, '127.0.0.1', () => resolve(started));
      });
      base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    });
    after(() => {
      listening.closeAllConnections();
      listening.close();
    });

    it('sets req.portico from the Bearer header or the cookie', async () => {
      const headerSets: Record<string, string>[] = [{ authorization: `Bearer ${token}` }, { cookie: `a=b; portico_token=${token}` }];
      for (const headers of headerSets) {
        const response = await fetch(`${base}/me`, { headers });
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { sub: 'user-1', email: 'ada@example.com' });
      }
    });

    it('answers 401 without a token, and with a bad one', async () => {
      await assertRefused(await fetch(`${base}/me`), 'missing', 'Bearer');
      const wrongAudience = await sign(key, claimsFor(server.issuer, { aud: 'https://elsewhere.example' }));
      const response = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${wrongAudience}` } });
      await assertRefused(response, 'wrong_audience', 'Bearer error="invalid_token"');
    });
  });

  describe('fetch handler', () => {
    it('calls the handler with the request, the claims and the rest of its arguments', async () => {
      // Shaped like a Next.js route handler: the route context comes after the request.
      const handler = withPortico(verifier, (request, claims, context: { params: { id: string } }) =>
        Response.json({ sub: claims.sub, id: context.params.id, path: new URL(request.url).pathname }),
      );
      const request = new Request('https://host.example/orders/7', { headers: { authorization: `Bearer ${token}` } });
      const response = await handler(request, { params: { id: '7' } });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { sub: 'user-1', id: '7', path: '/orders/7' });
    });

    it('answers 401 without a token, and with a bad one, without calling the handler', async () => {
      let called = false;
      const guarded = withPortico(verifier, () => {
        called = true;
        return new Response('never');
      });
      await assertRefused(await guarded(new Request('https://host.example/')), 'missing', 'Bearer');
      const tampered = `${token.slice(0, -4)}AAAA`;
      const response = await guarded(new Request('https://host.example/', { headers: { authorization: `Bearer ${tampered}` } }));
      await assertRefused(response, 'invalid_signature', 'Bearer error="invalid_token"');
      assert.equal(called, false);
    });
  });
});
