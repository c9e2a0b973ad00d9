import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestPglite } from './support/pglite.ts';
import { loadConfig } from '../src/config.ts';
import type { Store } from '../src/ports/store.ts';
import { testApp } from './support/test-app.ts';

// A TLS-terminating reverse proxy at 10.0.0.1 in front of Portico, which it reaches over plain http.
const proxy = '10.0.0.1';
const email = 'ada@example.com';
const password = 'Correct-Horse-7-battery';

describe('HTTPS behind a TLS-terminating proxy', () => {
  let store: Store;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    store = await openTestPglite();
    app = testApp(store, { settings: { trustedProxies: [proxy] } });
    await app.createUser(email, password);
  });
  after(() => store.close());

  const signIn = (headers: Record<string, string>, ip: string, origin?: string) =>
    app.request('POST', '/api/auth/sign-in', { identifier: email, password }, { base: 'http://auth.example.com', ip, headers, ...(origin ? { origin } : {}) });

  it('sets a Secure __Host- session cookie when the trusted proxy says the browser came over https, and only then', async () => {
    const response = await signIn({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' }, proxy);
    assert.equal(response.status, 200);
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^__Host-portico_session=/);
    assert.match(cookie, /;\s*Secure/i);

    // The cookie the browser sends back under that name is the one read.
    const pair = cookie.split(';')[0]!;
    const session = await app.request('GET', '/api/session', undefined, {
      base: 'http://auth.example.com',
      ip: proxy,
      cookie: pair,
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(session.status, 200);

    // From a peer that is not a trusted proxy, the header is not believed.
    const forged = (await signIn({ 'x-forwarded-proto': 'https' }, '192.0.2.50')).headers.get('set-cookie') ?? '';
    assert.match(forged, /^portico_session=/);
    assert.doesNotMatch(forged, /Secure/i);
    // The client sent `X-Forwarded-Proto: https` over plain http; the proxy appended what it really saw.
    const appended = await signIn({ 'x-forwarded-proto': 'https, http', 'x-forwarded-for': '198.51.100.7' }, proxy);
    assert.match(appended.headers.get('set-cookie') ?? '', /^portico_session=/);
    // The operator declares TLS in front of every request (PORTICO_SECURE_COOKIES=always).
    const declared = testApp(store, { settings: { secureCookies: 'always' } });
    const always = await declared.request('POST', '/api/auth/sign-in', { identifier: email, password });
    assert.match(always.headers.get('set-cookie') ?? '', /^__Host-portico_session=.*;\s*Secure/i);
  });

  it('reads the scheme the outermost trusted proxy saw through a chain of them', async () => {
    const chained = testApp(store, { settings: { trustedProxies: [proxy, '10.0.0.2'] } });
    // Browser -https-> 10.0.0.2 -http-> 10.0.0.1 -http-> Portico; each proxy appends what it was reached by.
    const response = await chained.request(
      'POST',
      '/api/auth/sign-in',
      { identifier: email, password },
      {
        ip: proxy,
        headers: { 'x-forwarded-for': '198.51.100.7, 10.0.0.2', 'x-forwarded-proto': 'https, http' },
      },
    );
    assert.match(response.headers.get('set-cookie') ?? '', /^__Host-portico_session=/);
  });
});

describe('the CSRF check compares the scheme too', () => {
  let store: Store;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    store = await openTestPglite();
    app = testApp(store, { settings: { trustedProxies: [proxy] } });
    await app.createUser(email, password);
  });
  after(() => store.close());

  const post = (origin: string, o: { base?: string; ip?: string; headers?: Record<string, string> } = {}) =>
    app.request('POST', '/api/auth/sign-in', { identifier: email, password }, { origin, ...o });

  it('refuses an https Origin on a plain-http server: another origin, though the host is the same', async () => {
    const response = await post('https://portico.test');
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'forbidden_origin');
    assert.equal((await post('http://portico.test')).status, 200);
  });

  it('behind a trusted TLS proxy, expects the https origin and refuses the http one', async () => {
    const viaProxy = { base: 'http://auth.example.com', ip: proxy, headers: { 'x-forwarded-proto': 'https' } };
    assert.equal((await post('https://auth.example.com', viaProxy)).status, 200);
    assert.equal((await post('http://auth.example.com', viaProxy)).status, 403);
    // A default port in the Host header is no part of the origin a browser sends.
    assert.equal((await post('https://auth.example.com', { ...viaProxy, base: 'http://auth.example.com:443' })).status, 200);
    // Forged by a client that is not the proxy: not https.
    assert.equal((await post('https://auth.example.com', { ...viaProxy, ip: '192.0.2.50' })).status, 403);
  });
});

describe('secure cookies by mode', () => {
  it('production treats requests as HTTPS unless told otherwise; development keeps auto', () => {
    const production = loadConfig({
      PORTICO_MODE: 'production',
      PORTICO_PUBLIC_URL: 'https://www.example.com/login',
      SMTP_URL: 'smtp://mail.example.com:587',
      PORTICO_MFA_METHODS: 'totp',
    });
    assert.equal(production.secureCookies, 'always');
    assert.equal(loadConfig({}).secureCookies, 'auto');
    assert.equal(
      loadConfig({
        PORTICO_MODE: 'production',
        PORTICO_PUBLIC_URL: 'https://www.example.com/login',
        SMTP_URL: 'smtp://mail.example.com:587',
        PORTICO_MFA_METHODS: 'totp',
        PORTICO_SECURE_COOKIES: 'auto',
      }).secureCookies,
      'auto',
    );
  });
});
