import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestPglite } from './support/pglite.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import type { Store } from '../src/ports/store.ts';
import { testApp } from './support/test-app.ts';

// The host site on www.example.com, the API on auth.example.com: another origin of the same site.
const site = 'https://www.example.com';
const api = 'https://auth.example.com';
const stranger = 'https://evil.example.net';

describe('an API on another origin of the same site', () => {
  let store: Store;
  let app: ReturnType<typeof testApp>;
  let plain: ReturnType<typeof testApp>;
  const email = 'ada@example.com';
  const password = 'Correct-Horse-7-battery';

  before(async () => {
    store = await openTestPglite();
    app = testApp(store, { settings: { allowedOrigins: [site], cookieDomain: 'example.com' } });
    plain = testApp(store);
    await app.createUser(email, password);
  });
  after(() => store.close());

  const preflight = (origin: string, target = app) =>
    target.request('OPTIONS', '/api/auth/sign-in', undefined, {
      base: api,
      origin,
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('answers the preflight of an allowed origin with that origin, credentials, POST and Content-Type', async () => {
    const response = await preflight(site);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), site);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-type/i);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
  });

  it('gives any other origin no CORS headers at all, and refuses its state changes', async () => {
    const pre = await preflight(stranger);
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);

    const response = await app.request('POST', '/api/auth/sign-in', { identifier: email, password }, { base: api, origin: stranger });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'forbidden_origin');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('set-cookie'), null);
  });

  it('signs in from the allowed origin with a __Secure- session cookie for the site domain, usable across its hosts', async () => {
    const response = await app.request('POST', '/api/auth/sign-in', { identifier: email, password }, { base: api, origin: site });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), site);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    const cookie = response.headers.get('set-cookie') ?? '';
    // `__Host-` forbids a Domain; `__Secure-` still makes the browser refuse it without Secure.
    assert.match(cookie, /^__Secure-portico_session=[A-Za-z0-9_-]{20,};/);
    assert.match(cookie, /Domain=example\.com/i);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /Secure/);
    assert.match(cookie, /SameSite=Lax/);
    const pair = cookie.split(';')[0] ?? '';

    const session = await app.request('GET', '/api/session', undefined, { base: api, origin: site, cookie: pair });
    assert.equal(session.status, 200);
    assert.equal(session.headers.get('access-control-allow-origin'), site);
    assert.equal(((await session.json()) as { user: { email: string } }).user.email, email);

    const signOut = await app.request('POST', '/api/auth/sign-out', {}, { base: api, origin: site, cookie: pair });
    assert.equal(signOut.status, 200);
    const cleared = signOut.headers.get('set-cookie') ?? '';
    assert.match(cleared, /^__Secure-portico_session=;/);
    assert.match(cleared, /Domain=example\.com/i, 'the clearing cookie must name the same domain, or the browser keeps the old one');
    assert.match(cleared, /Max-Age=0/i);
  });

  it('without a cookie domain, keeps host-only __Host- cookies (the default)', async () => {
    const response = await plain.request('POST', '/api/auth/sign-in', { identifier: email, password }, { base: api });
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^__Host-portico_session=/);
    assert.doesNotMatch(cookie, /Domain=/i);
  });

  it('without an allow-list, sends no CORS headers even to a same-site origin', async () => {
    const response = await preflight(site, plain);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const post = await plain.request('POST', '/api/auth/sign-in', { identifier: email, password }, { base: api, origin: site });
    assert.equal(post.status, 403);
  });
});

describe('cross-origin configuration', () => {
  it('reads PORTICO_ALLOWED_ORIGINS and PORTICO_COOKIE_DOMAIN', () => {
    const config = loadConfig({ PORTICO_ALLOWED_ORIGINS: 'https://www.example.com, http://localhost:5173', PORTICO_COOKIE_DOMAIN: 'Example.com' });
    assert.deepEqual(config.allowedOrigins, ['https://www.example.com', 'http://localhost:5173']);
    assert.equal(config.cookieDomain, 'example.com');
    assert.equal(loadConfig({}).cookieDomain, null);
  });

  for (const origins of ['*', 'https://www.example.com/', 'https://www.example.com/login', 'www.example.com', 'ftp://example.com']) {
    it(`refuses PORTICO_ALLOWED_ORIGINS=${origins}`, () => {
      assert.throws(
        () => loadConfig({ PORTICO_ALLOWED_ORIGINS: origins }),
        (error) => error instanceof ConfigError && /exact origins/.test(error.message),
      );
    });
  }

  const production = {
    PORTICO_MODE: 'production',
    PORTICO_PUBLIC_URL: 'https://www.example.com/login',
    SMTP_URL: 'smtp://mail.example.com:587',
    SMS_URL: 'https://AC123:secret@api.twilio.com',
    PORTICO_SMS_FROM: '+46700000000',
  };

  it('in production, accepts a cookie domain only with Secure forced and only for the site of the public URL', () => {
    const config = loadConfig({ ...production, PORTICO_COOKIE_DOMAIN: 'example.com', PORTICO_SECURE_COOKIES: 'always' });
    assert.equal(config.cookieDomain, 'example.com');
    // Production treats every request as HTTPS unless told otherwise, so the domain cookie is Secure by default.
    assert.equal(loadConfig({ ...production, PORTICO_COOKIE_DOMAIN: 'example.com' }).secureCookies, 'always');
    // Behind a TLS proxy the server sees http: `auto` would send a whole-domain session cookie in clear.
    assert.throws(() => loadConfig({ ...production, PORTICO_COOKIE_DOMAIN: 'example.com', PORTICO_SECURE_COOKIES: 'auto' }), /PORTICO_SECURE_COOKIES=always/);
    // Browsers drop a cookie for another site: nobody could sign in.
    assert.throws(
      () => loadConfig({ ...production, PORTICO_COOKIE_DOMAIN: 'example.org', PORTICO_SECURE_COOKIES: 'always' }),
      /must be the domain of PORTICO_PUBLIC_URL/,
    );
    assert.throws(
      () => loadConfig({ ...production, PORTICO_COOKIE_DOMAIN: 'ample.com', PORTICO_SECURE_COOKIES: 'always' }),
      /must be the domain of PORTICO_PUBLIC_URL/,
    );
  });

  it('in production, allows https origins (and this machine) only', () => {
    assert.deepEqual(loadConfig({ ...production, PORTICO_ALLOWED_ORIGINS: 'https://shop.example.com,http://localhost:5173' }).allowedOrigins, [
      'https://shop.example.com',
      'http://localhost:5173',
    ]);
    assert.throws(() => loadConfig({ ...production, PORTICO_ALLOWED_ORIGINS: 'http://shop.example.com' }), /must be https in production/);
    // Development keeps plain http for local hosts under other names.
    assert.deepEqual(loadConfig({ PORTICO_ALLOWED_ORIGINS: 'http://www.example.test:8080' }).allowedOrigins, ['http://www.example.test:8080']);
  });

  for (const domain of ['.example.com', 'https://example.com', 'example.com:443', 'localhost']) {
    it(`refuses PORTICO_COOKIE_DOMAIN=${domain}`, () => {
      assert.throws(
        () => loadConfig({ PORTICO_COOKIE_DOMAIN: domain }),
        (error) => error instanceof ConfigError && /PORTICO_COOKIE_DOMAIN/.test(error.message),
      );
    });
  }
});
