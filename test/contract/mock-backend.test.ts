import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPorticoClient, PorticoApiError } from '@portico/client';
import { CookieJar, createMockBackend, type MockBackend } from '@portico/mock';
import { createArgon2PasswordHasher } from '@portico/server/adapters/argon2-password-hasher.ts';
import { createHashWasmPasswordHasher } from '@portico/server/adapters/hash-wasm-password-hasher.ts';
import { createVerifier, PorticoTokenError } from '@portico/verify';
import { setupServer } from 'msw/node';

// What the mock adds around the real app, which the contract flows cannot show: its clock, its cookie jar, its
// outbox helpers and reset; and the browser hasher's agreement with the server's.

describe('the mock backend', () => {
  let backend: MockBackend;
  const start = new Date('2026-03-01T09:00:00.000Z');

  before(async () => {
    backend = await createMockBackend({ preset: 'hosting', origin: 'http://mock.test', now: start });
  });
  after(() => backend.close());

  const client = () => createPorticoClient({ baseUrl: backend.origin, fetch: (input, init) => backend.fetch(new Request(input, init)) });

  it('starts its clock at `now` and moves it on', () => {
    // It runs on in real time from `start`: by now, seeding has taken a few seconds of it.
    const elapsed = backend.clock.now().getTime() - start.getTime();
    assert.ok(elapsed >= 0 && elapsed < 120_000, `${elapsed} ms after start`);
    const before = backend.clock.now().getTime();
    backend.clock.advance(3600);
    const moved = backend.clock.now().getTime() - before;
    assert.ok(moved >= 3600_000 && moved < 3601_000, `moved ${moved} ms`);
    backend.clock.set(start);
    assert.ok(Math.abs(backend.clock.now().getTime() - start.getTime()) < 1_000);
  });

  it('keeps the session in its jar, and ends it when the idle time has passed on its clock', async () => {
    const { plain } = backend.scenarios;
    const api = client();
    assert.equal((await api.signIn({ identifier: plain.email, password: plain.password })).step, 'done');
    assert.equal((await api.getSession())?.user.email, plain.email);
    backend.clock.advance(31 * 60);
    assert.equal(await api.getSession(), null);
    backend.clearCookies();
  });

  it('forgets the session cookie when the server deletes it at sign-out', async () => {
    const { plain } = backend.scenarios;
    const api = client();
    await api.signIn({ identifier: plain.email, password: plain.password });
    await backend.signOut();
    assert.equal(await api.getSession(), null);
  });

  it('reads codes and links from its outbox', async () => {
    const api = client();
    await api.signUp({ email: 'reader@portico.test' });
    const link = await backend.lastLink('reader@portico.test');
    assert.match(link ?? '', /^http:\/\/mock\.test\/?.*#portico-link=[\w-]+$/);
    assert.equal(await backend.lastCode('reader@portico.test'), null, 'a link mail holds no code');
    const [mail] = await backend.outbox('reader@portico.test');
    assert.equal(mail?.channel, 'email');
    const sms = backend.scenarios.sms;
    assert.ok(sms);
    const mfa = await api.signIn({ identifier: sms.email, password: sms.password });
    assert.equal(mfa.step, 'mfa');
    const code = await backend.lastCode(sms.phone);
    assert.match(code ?? '', /^\d{6}$/);
    if (mfa.step === 'mfa') assert.equal((await api.verifyMfa({ challenge: mfa.challenge, channel: 'sms', code: code! })).step, 'done');
    await backend.signOut();
  });

  it('answers a rate-limited sign-in once the window has passed on its clock', async () => {
    const api = client();
    const identifier = 'limited@portico.test';
    let limited: PorticoApiError | null = null;
    for (let attempt = 0; attempt < 12 && !limited; attempt++) {
      const failure = await api.signIn({ identifier, password: 'Not-The-Passw0rd!' }).catch((error: unknown) => error);
      if (failure instanceof PorticoApiError && failure.code === 'rate_limited') limited = failure;
    }
    assert.ok(limited);
    backend.clock.advance(16 * 60);
    const afterWindow = await api.signIn({ identifier, password: 'Not-The-Passw0rd!' }).catch((error: unknown) => error);
    assert.ok(afterWindow instanceof PorticoApiError);
    assert.equal(afterWindow.code, 'invalid_credentials');
  });

  it('starts over on reset: the sign-up is gone, the seeded users are back', async () => {
    await backend.reset();
    assert.deepEqual(await backend.outbox('reader@portico.test'), []);
    const { plain } = backend.scenarios;
    assert.equal((await client().signIn({ identifier: plain.email, password: plain.password })).step, 'done');
    await backend.signOut();
  });

  it('answers through msw: the handlers serve fetch to its origin, and leave other origins alone', async () => {
    const interceptor = setupServer(...backend.handlers);
    interceptor.listen({ onUnhandledRequest: 'error' });
    try {
      const config = await (await fetch(`${backend.origin}/api/config`)).json();
      assert.equal(config.preset, 'hosting');
      const notFound = await fetch(`${backend.origin}/api/no-such-thing`);
      assert.equal(notFound.status, 404);
      assert.equal((await notFound.json()).error.code, 'not_found');
    } finally {
      interceptor.close();
    }
  });
});

describe('session tokens from the mock', () => {
  it('issues tokens a host back end verifies with @portico/verify against the mock, validation included', async () => {
    const apiKey = 'mock-api-key-0123456789-0123456789-abcd';
    const mock = await createMockBackend({ origin: 'http://tokens.mock', apiKeys: [apiKey] });
    const interceptor = setupServer(...mock.handlers);
    interceptor.listen({ onUnhandledRequest: 'bypass' });
    try {
      const api = createPorticoClient({ baseUrl: mock.origin });
      const { plain } = mock.scenarios;
      assert.equal((await api.signIn({ identifier: plain.email, password: plain.password })).step, 'done');
      const token = await api.getToken();
      assert.ok(token);
      const verifier = createVerifier({ issuer: mock.origin, now: () => mock.clock.now(), validate: { apiKey } });
      const claims = await verifier.verify(new Request('http://portal.test/api', { headers: { authorization: `Bearer ${token}` } }));
      assert.equal(claims.email, plain.email);
      assert.deepEqual(claims.amr, ['pwd']);
      await api.signOut();
      await assert.rejects(verifier.verify(token), (error) => error instanceof PorticoTokenError && error.code === 'session_ended');
    } finally {
      interceptor.close();
      await mock.close();
    }
  });
});

describe('the cookie jar', () => {
  it('sends cookies by Path, drops them at Max-Age or Expires, and deletes them on Max-Age=0', () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const jar = new CookieJar(() => new Date(now));
    jar.store(['a=1; Path=/; HttpOnly', 'b=2; Path=/api; Max-Age=60', 'c=3; Path=/; Expires=Sun, 01 Mar 2026 09:30:00 GMT']);
    assert.equal(jar.header('/api/session'), 'b=2; a=1; c=3');
    assert.equal(jar.header('/apis'), 'a=1; c=3');
    now += 61_000;
    assert.equal(jar.header('/api/session'), 'a=1; c=3');
    now += 30 * 60_000;
    assert.equal(jar.header('/'), 'a=1');
    jar.store(['a=; Path=/; Max-Age=0']);
    assert.equal(jar.header('/'), null);
  });
});

describe('the mock for a page on another origin of the same site', () => {
  it('accepts the allowed origins with CORS and credentials, and refuses others as the server does', async () => {
    const mock = await createMockBackend({ origin: 'https://auth.example.test', allowedOrigins: ['https://www.example.test'], seed: false });
    try {
      const forgotPassword = (origin: string) =>
        mock.fetch(
          new Request('https://auth.example.test/api/auth/forgot-password', {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin },
            body: JSON.stringify({ email: 'someone@example.test' }),
          }),
        );
      const allowed = await forgotPassword('https://www.example.test');
      assert.equal(allowed.status, 202);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://www.example.test');
      assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
      const refused = await forgotPassword('https://intruder.example.test');
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
    } finally {
      await mock.close();
    }
  });
});

describe('the browser password hasher', () => {
  it("verifies the server's argon2id hashes, and the server verifies its own", async () => {
    const browser = createHashWasmPasswordHasher();
    const server = createArgon2PasswordHasher();
    const fromServer = await server.hash('Correct-Horse-1!');
    const fromBrowser = await browser.hash('Correct-Horse-1!');
    assert.match(fromBrowser, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await browser.verify(fromServer, 'Correct-Horse-1!'), true);
    assert.equal(await server.verify(fromBrowser, 'Correct-Horse-1!'), true);
    assert.equal(await browser.verify(fromServer, 'Wrong-Horse-1!'), false);
    assert.equal(await browser.verify('not a hash', 'Correct-Horse-1!'), false);
  });
});
