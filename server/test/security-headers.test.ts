import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestPglite } from './support/pglite.ts';
import type { AppSettings } from '../src/app.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import type { Store } from '../src/ports/store.ts';
import { testApp } from './support/test-app.ts';

/** The directives of a Content-Security-Policy header, by name. */
function directives(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
}

/** The app with one HTML page beside the API, as a runtime serves its static files (main.ts serves the demo so). */
function appWithPage(store: Store, settings: Partial<AppSettings> = {}) {
  const t = testApp(store, { settings });
  t.app.get('/portal.html', (c) => c.html('<!doctype html><title>Portal</title><portico-auth></portico-auth>'));
  return t;
}

const refusal = (pattern: RegExp) => (error: unknown) => error instanceof ConfigError && pattern.test(error.message);

describe('security headers', () => {
  let store: Store;
  before(async () => {
    store = await openTestPglite();
  });
  after(() => store.close());

  it('lock every API answer down: no sniffing, no referrer, nothing loads, nobody frames it', async () => {
    const t = appWithPage(store);
    for (const response of [
      await t.request('GET', '/api/health'),
      await t.request('GET', '/api/session'),
      await t.request('GET', '/api/no-such-endpoint'),
      await t.request('POST', '/api/auth/sign-in', { identifier: 'a@example.com', password: 'x' }, { origin: 'https://evil.example' }),
    ]) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
    }
  });

  it('keep them, and no-store, on answers that carry headers of their own: a cookie, CORS, their own caching', async () => {
    const host = 'https://www.example.com';
    const t = appWithPage(store, { allowedOrigins: [host] });
    const email = `headers-${crypto.randomUUID()}@example.com`;
    await t.createUser(email, 'Correct-horse-battery-9');
    // Same-origin (nothing but the cookie of its own), then from the listed host (CORS too).
    const { response: signedIn, cookie } = await t.signIn(email, 'Correct-horse-battery-9');
    assert.match(signedIn.headers.get('set-cookie') ?? '', /portico_session=/);
    const { response: signedInFromHost } = await t.signIn(email, 'Correct-horse-battery-9', { origin: host });
    assert.match(signedInFromHost.headers.get('set-cookie') ?? '', /portico_session=/);
    assert.equal(signedInFromHost.headers.get('access-control-allow-origin'), host);
    // The session check, twice: the second is answered from memory, with the answer written for the first.
    const checks = [await t.request('GET', '/api/session', undefined, { cookie }), await t.request('GET', '/api/session', undefined, { cookie })];
    assert.deepEqual(await checks[1]?.clone().json(), await checks[0]?.clone().json());
    const fromHost = await t.request('GET', '/api/session', undefined, { cookie, origin: host });
    assert.equal(fromHost.headers.get('access-control-allow-origin'), host);
    assert.equal(fromHost.headers.get('access-control-allow-credentials'), 'true');
    for (const response of [signedIn, signedInFromHost, ...checks, fromHost]) {
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('content-type'), 'application/json');
    }
    const keys = await t.request('GET', '/.well-known/jwks.json');
    assert.equal(keys.headers.get('cache-control'), 'public, max-age=300', 'the route sets its own caching');
    // Outside the API, no-store is not for Portico to say (with it, a browser holds an unread answer's body open).
    const missing = await t.request('GET', '/no-such-page');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('cache-control'), null);
    for (const response of [signedIn, signedInFromHost, ...checks, fromHost, keys, missing]) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
    }
  });

  it("give Portico's pages a policy that runs only their own origin's scripts and lets nobody frame them", async () => {
    const response = await appWithPage(store).request('GET', '/portal.html');
    assert.equal(response.status, 200);
    const csp = directives(response);
    assert.deepEqual(csp.get('default-src'), ["'self'"]);
    assert.deepEqual(csp.get('script-src'), ["'self'"], 'no inline script, no eval');
    assert.deepEqual(csp.get('object-src'), ["'none'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  });

  it('let the listed hosts frame the pages (PORTICO_FRAME_ANCESTORS), and still nobody the API', async () => {
    const t = appWithPage(store, { frameAncestors: ['https://portal.example.com', 'https://shop.example.com'] });
    const page = await t.request('GET', '/portal.html');
    assert.deepEqual(directives(page).get('frame-ancestors'), ['https://portal.example.com', 'https://shop.example.com']);
    // X-Frame-Options cannot name origins: sent, it would forbid the listed hosts too.
    assert.equal(page.headers.get('x-frame-options'), null);
    const api = await t.request('GET', '/api/health');
    assert.deepEqual(directives(api).get('frame-ancestors'), ["'none'"]);
  });

  it('allow the inline scripts and styles the served pages carry by hash only, and WebAssembly only when told', async () => {
    const hash = "'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='";
    const t = appWithPage(store, { pageSources: { scriptHashes: [hash], styleHashes: [hash], webAssembly: true } });
    const csp = directives(await t.request('GET', '/portal.html'));
    assert.deepEqual(csp.get('script-src'), ["'self'", hash, "'wasm-unsafe-eval'"]);
    assert.deepEqual(csp.get('style-src'), ["'self'", hash]);
  });

  it('send HSTS only over HTTPS', async () => {
    const t = appWithPage(store, { trustedProxies: ['10.0.0.1'] });
    const plain = await t.request('GET', '/api/health');
    assert.equal(plain.headers.get('strict-transport-security'), null);
    const https = await t.request('GET', '/api/health', undefined, { base: 'https://auth.example.com' });
    assert.equal(https.headers.get('strict-transport-security'), 'max-age=31536000');
    const page = await t.request('GET', '/portal.html', undefined, { base: 'https://auth.example.com' });
    assert.equal(page.headers.get('strict-transport-security'), 'max-age=31536000');
    // A TLS-terminating proxy in front: the server sees http, the browser used https.
    const proxied = await t.request('GET', '/api/health', undefined, { ip: '10.0.0.1', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(proxied.headers.get('strict-transport-security'), 'max-age=31536000');
    // Anyone else saying so is not believed.
    const forged = await t.request('GET', '/api/health', undefined, { ip: '192.0.2.9', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(forged.headers.get('strict-transport-security'), null);
    // The operator declares TLS in front of every request.
    const declared = await appWithPage(store, { secureCookies: 'always' }).request('GET', '/api/health');
    assert.equal(declared.headers.get('strict-transport-security'), 'max-age=31536000');
  });
});

describe('PORTICO_FRAME_ANCESTORS', () => {
  it('reads exact origins, and refuses anything else at start', () => {
    assert.deepEqual(loadConfig({}).frameAncestors, []);
    assert.deepEqual(loadConfig({ PORTICO_FRAME_ANCESTORS: 'https://portal.example.com, http://localhost:5173' }).frameAncestors, [
      'https://portal.example.com',
      'http://localhost:5173',
    ]);
    for (const value of ['*', 'https://*.example.com', 'https://portal.example.com/app', 'portal.example.com', "'self'", 'https://a;script-src.example.com']) {
      assert.throws(() => loadConfig({ PORTICO_FRAME_ANCESTORS: value }), refusal(/PORTICO_FRAME_ANCESTORS must list exact origins/), value);
    }
  });

  it('must be https in production, this machine excepted', () => {
    const base = {
      PORTICO_MODE: 'production',
      PORTICO_PUBLIC_URL: 'https://www.example.com/login',
      SMTP_URL: 'smtp://mail.example.com:587',
      PORTICO_MFA_METHODS: 'totp',
    };
    assert.throws(
      () => loadConfig({ ...base, PORTICO_FRAME_ANCESTORS: 'http://portal.example.com' }),
      refusal(/PORTICO_FRAME_ANCESTORS must be https in production/),
    );
    assert.deepEqual(loadConfig({ ...base, PORTICO_FRAME_ANCESTORS: 'https://portal.example.com,http://127.0.0.1:8080' }).frameAncestors, [
      'https://portal.example.com',
      'http://127.0.0.1:8080',
    ]);
  });
});
