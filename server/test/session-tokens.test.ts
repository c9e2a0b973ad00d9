import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, ChooseAccountStep, DoneStep, Jwks, OpenIdConfiguration, SessionToken, SessionTokenClaims, ValidateSessionAnswer } from '@portico/contract';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { Store } from '../src/ports/store.ts';
import { openPostgresStore } from '../src/adapters/sql/postgres-store.ts';
import { backends, createTemporaryDatabase, postgresSkipReason } from './support/backends.ts';
import { TestClock } from './support/test-clock.ts';
import { type Browser, errorOf } from './support/browser.ts';
import { browser, enableTotp, nextTotp, password, passwordStep } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const apiKey = 'host-back-end-api-key-0123456789-abcdef';
const issuer = 'https://portal.example.com';
const admin = { headers: { authorization: `Bearer ${adminToken}` } };
const withKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

async function tokenOf(b: Browser): Promise<string> {
  const response = await b.post(apiPaths.sessionToken);
  assert.equal(response.status, 200, await response.clone().text());
  return SessionToken.parse(await response.json()).token;
}

/** Verifies as a host back end would: signature against the published JWKS, issuer, audience, expiry. */
async function verified(t: TestApp, token: string, audience = issuer): Promise<SessionTokenClaims> {
  const jwks = Jwks.parse(await (await t.request('GET', apiPaths.jwks)).json());
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer, audience, algorithms: ['ES256'], currentDate: t.clock.now() });
  return SessionTokenClaims.parse(payload);
}

function validate(t: TestApp, token: string, key = apiKey) {
  return t.request('POST', apiPaths.sessionsValidate, { token }, withKey(key));
}

async function linkAccount(t: TestApp, customerId: string, name: string, email: string): Promise<void> {
  const created = await t.request('POST', apiPaths.adminAccounts, { customerId, name, mainContactEmail: 'main@example.se' }, admin);
  assert.equal(created.status, 201, await created.clone().text());
  const linked = await t.request('POST', apiPaths.adminAccountLinks, { customerId, email }, admin);
  assert.equal(linked.status, 200, await linked.clone().text());
}

for (const backend of backends) {
  describe(`Session tokens on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;

    before(async () => {
      store = await backend.open();
      t = testApp(store, { settings: { publicUrl: `${issuer}/`, apiKeys: [apiKey] } });
    });
    after(() => store.close());

    it('a password sign-in gets a token saying who, how, when and in which account, for five minutes', async () => {
      await t.createUser('tokens.password@example.se', password);
      await linkAccount(t, 'SE100000001', 'Tokens AB', 'tokens.password@example.se');
      const b = browser(t, '198.51.100.1');
      const done = DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.password@example.se', password })).json());
      const response = await b.post(apiPaths.sessionToken);
      const { token, expiresAt } = SessionToken.parse(await response.json());
      const claims = await verified(t, token);
      const now = Math.floor(t.clock.now().getTime() / 1000);
      assert.equal(claims.sub, done.user.id);
      assert.deepEqual(claims.amr, ['pwd']);
      assert.equal(claims.iat, now);
      assert.equal(claims.exp, now + 300);
      assert.equal(claims.auth_time, now);
      assert.equal(new Date(expiresAt).getTime(), claims.exp * 1000);
      assert.equal(claims.aud, issuer, 'the audience is the issuer unless set');
      assert.deepEqual(
        { email: claims.email, email_verified: claims.email_verified, name: claims.name, locale: claims.locale, acct: claims.acct },
        { email: 'tokens.password@example.se', email_verified: false, name: null, locale: null, acct: 'SE100000001' },
      );
      assert.deepEqual(claims.accounts, [{ customerId: 'SE100000001', name: 'Tokens AB', role: 'owner' }]);
      assert.match(claims.sid, /^[A-Za-z0-9_-]{22}$/);
      assert.notEqual(claims.sid, b.jar.get('portico_session'), 'the sid is not the cookie');
      const { kid, alg, typ } = decodeProtectedHeader(token);
      assert.deepEqual({ alg, typ }, { alg: 'ES256', typ: 'JWT' });
      assert.ok(kid);
      assert.ok((await tokenOf(b)) !== token, 'every token is new (jti)');
    });

    it('says a second factor was used, and keeps the sid across the renewals factor changes make', async () => {
      const b = browser(t, '198.51.100.2');
      await t.createUser('tokens.mfa@example.se', password);
      DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.mfa@example.se', password })).json());
      const sidBefore = (await verified(t, await tokenOf(b))).sid;
      const secret = await enableTotp(t, b);
      assert.equal((await verified(t, await tokenOf(b))).sid, sidBefore, 'the session was renewed, not replaced');

      const second = browser(t, '198.51.100.3');
      const step = await passwordStep(second, 'tokens.mfa@example.se');
      const done = await second.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: nextTotp(t, secret) });
      assert.equal(done.status, 200, await done.clone().text());
      const claims = await verified(t, await tokenOf(second));
      assert.deepEqual(claims.amr, ['pwd', 'otp', 'mfa']);
      assert.notEqual(claims.sid, sidBefore);
    });

    it('a switched account shows in the next token; the old one keeps its account until it expires', async () => {
      await t.createUser('tokens.switch@example.se', password);
      await linkAccount(t, 'SE100000002', 'Alpha AB', 'tokens.switch@example.se');
      await linkAccount(t, 'SE100000003', 'Beta AB', 'tokens.switch@example.se');
      const b = browser(t, '198.51.100.4');
      ChooseAccountStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.switch@example.se', password })).json());
      const none = await verified(t, await tokenOf(b));
      assert.equal(none.acct, null, 'no account chosen yet');
      assert.equal(none.accounts.length, 2);
      assert.equal((await b.post(apiPaths.activeAccount, { customerId: 'SE100000002' })).status, 200);
      const alpha = await tokenOf(b);
      assert.equal((await verified(t, alpha)).acct, 'SE100000002');
      assert.equal((await b.post(apiPaths.activeAccount, { customerId: 'SE100000003' })).status, 200);
      assert.equal((await verified(t, await tokenOf(b))).acct, 'SE100000003');
      assert.equal((await verified(t, alpha)).acct, 'SE100000002', 'a token says what was true when it was made');
      // The instant validation answers what is true now.
      const now = ValidateSessionAnswer.parse(await (await validate(t, alpha)).json());
      assert.equal(now.claims.acct, 'SE100000003');
    });

    it('is minted only for a signed-in browser, and never for another site', async () => {
      assert.equal((await errorOf(await t.request('POST', apiPaths.sessionToken, {}))).code, 'unauthenticated');
      await t.createUser('tokens.origin@example.se', password);
      const b = browser(t, '198.51.100.5');
      DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.origin@example.se', password })).json());
      const foreign = await b.post(apiPaths.sessionToken, {}, { origin: 'https://evil.example' });
      assert.equal((await errorOf(foreign)).code, 'forbidden_origin');
      const ok = await b.post(apiPaths.sessionToken, {}, { origin: 'http://portico.test' });
      assert.equal(ok.status, 200);
    });

    it('instant validation refuses a fresh token once its session has ended, and any caller without the API key', async () => {
      await t.createUser('tokens.validate@example.se', password);
      const b = browser(t, '198.51.100.6');
      DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.validate@example.se', password })).json());
      const token = await tokenOf(b);
      assert.equal((await errorOf(await validate(t, token, 'wrong-key-0123456789-0123456789-abcdef'))).code, 'unauthorized');
      assert.equal((await errorOf(await t.request('POST', apiPaths.sessionsValidate, { token }))).code, 'unauthorized');
      const live = ValidateSessionAnswer.parse(await (await validate(t, token)).json());
      assert.equal(live.claims.sub, (await verified(t, token)).sub);

      assert.equal((await b.post(apiPaths.signOut)).status, 200);
      await verified(t, token); // still a well-signed, unexpired token…
      assert.equal((await errorOf(await validate(t, token))).code, 'unauthenticated', '…of a session that is over');

      // A password change elsewhere ends every other session: its tokens too.
      const other = browser(t, '198.51.100.7');
      const here = browser(t, '198.51.100.8');
      for (const x of [other, here]) DoneStep.parse(await (await x.post(apiPaths.signIn, { identifier: 'tokens.validate@example.se', password })).json());
      const otherToken = await tokenOf(other);
      const changed = await here.post(apiPaths.changePassword, { currentPassword: password, newPassword: 'Another-Password-2026!' });
      assert.equal(changed.status, 200, await changed.clone().text());
      assert.equal((await validate(t, otherToken)).status, 401);
      assert.equal((await validate(t, await tokenOf(here))).status, 200, 'the session that changed it goes on');

      // Garbage and tokens of other issuers are no sessions either.
      assert.equal((await validate(t, 'not.a.token')).status, 401);
      assert.equal((await validate(t, '')).status, 400);
    });

    it('with PORTICO_TOKEN_COOKIE, the token also comes as an HttpOnly cookie, gone at sign-out', async () => {
      const c = testApp(store, {
        clock: t.clock,
        settings: { publicUrl: `${issuer}/`, tokens: { issuer: null, ttlSeconds: 120, audience: 'portal-api', cookie: true, rotationDays: 30 } },
      });
      await c.createUser('tokens.cookie@example.se', password);
      const b = browser(c, '198.51.100.9');
      DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.cookie@example.se', password })).json());
      const response = await b.post(apiPaths.sessionToken);
      const { token } = SessionToken.parse(await response.json());
      const cookie = response.headers.getSetCookie().find((header) => header.startsWith('portico_token='));
      assert.ok(cookie, 'a token cookie');
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.equal(b.jar.get('portico_token'), token);
      const claims = await verified(c, token, 'portal-api');
      assert.equal(claims.exp - claims.iat, 120);
      await b.post(apiPaths.signOut);
      assert.equal(b.jar.has('portico_token'), false);
    });

    it('publishes its keys; rotates them on schedule and on demand; a revoked key is gone at once', async () => {
      const config = OpenIdConfiguration.parse(await (await t.request('GET', apiPaths.openIdConfiguration)).json());
      assert.equal(config.issuer, issuer);
      assert.equal(config.jwks_uri, 'http://portico.test/.well-known/jwks.json');
      const jwksResponse = await t.request('GET', apiPaths.jwks);
      assert.match(jwksResponse.headers.get('cache-control') ?? '', /max-age=300/);
      const first = Jwks.parse(await jwksResponse.json()).keys;
      assert.equal(first.length, 1);
      assert.equal(Object.keys(first[0]!).includes('d'), false, 'no private part');

      await t.createUser('tokens.keys@example.se', password);
      const b = browser(t, '198.51.100.10');
      DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.keys@example.se', password })).json());
      const before = await tokenOf(b);
      assert.equal(decodeProtectedHeader(before).kid, first[0]!.kid);

      // 30 days on, the next token needs a new key; the old one stays published while its tokens may live.
      t.clock.advance(30 * 86_400);
      DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'tokens.keys@example.se', password })).json());
      const rotated = await tokenOf(b);
      const newKid = decodeProtectedHeader(rotated).kid;
      assert.notEqual(newKid, first[0]!.kid);
      assert.deepEqual(
        Jwks.parse(await (await t.request('GET', apiPaths.jwks)).json())
          .keys.map((k) => k.kid)
          .sort(),
        [first[0]!.kid, newKid].sort(),
      );
      const listed = await t.services.signingKeys.list();
      assert.deepEqual(
        listed.map((k) => k.state),
        ['active', 'retired'],
      );
      t.clock.advance(300 + 30 + 120 + 1);
      assert.deepEqual(
        Jwks.parse(await (await t.request('GET', apiPaths.jwks)).json()).keys.map((k) => k.kid),
        [newKid],
      );

      // A leaked key: revoked, it leaves the JWKS, its tokens fail validation, and the next token has a new key.
      const stolen = await tokenOf(b);
      assert.equal((await validate(t, stolen)).status, 200);
      assert.equal(await t.services.signingKeys.revoke(newKid!), true);
      assert.equal((await validate(t, stolen)).status, 401);
      const after = await tokenOf(b);
      const afterKid = decodeProtectedHeader(after).kid;
      assert.notEqual(afterKid, newKid);
      assert.deepEqual(
        Jwks.parse(await (await t.request('GET', apiPaths.jwks)).json()).keys.map((k) => k.kid),
        [afterKid],
      );
      await assert.rejects(verified(t, stolen));
      assert.equal((await validate(t, after)).status, 200);
    });
  });
}

describe('Session tokens on two nodes sharing one PostgreSQL', { skip: postgresSkipReason }, () => {
  let database: Awaited<ReturnType<typeof createTemporaryDatabase>>;
  let stores: Store[];
  let nodes: TestApp[];

  before(async () => {
    database = await createTemporaryDatabase();
    stores = [await openPostgresStore(database.url), await openPostgresStore(database.url)];
    const clock = new TestClock();
    nodes = stores.map((store) => testApp(store, { clock, settings: { publicUrl: `${issuer}/`, apiKeys: [apiKey] } }));
  });
  after(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await database.drop();
  });

  it('one active key however many rotations race; tokens of either node verify on the other', async () => {
    const [a, b] = nodes as [TestApp, TestApp];
    // Both nodes need their first key at the same moment, then rotate at once, many times over.
    const first = await Promise.all([a.services.signingKeys.signingKey(), b.services.signingKeys.signingKey()]);
    assert.equal(first[0].kid, first[1].kid, 'both sign with the one key');
    const rotations = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).services.signingKeys.rotate()));
    assert.ok(rotations.some((r) => r.status === 'fulfilled'));
    const keys = await a.services.signingKeys.list();
    assert.equal(keys.filter((k) => k.state === 'active').length, 1);

    await a.createUser('tokens.nodes@example.se', password);
    const onA = browser(a, '198.51.100.20');
    DoneStep.parse(await (await onA.post(apiPaths.signIn, { identifier: 'tokens.nodes@example.se', password })).json());
    // The same browser reaches the other node behind a load balancer.
    const onB = new BrowserOn(b, onA);
    const tokenA = await tokenOf(onA);
    const tokenB = await tokenOf(onB.browser);
    for (const node of nodes) {
      for (const token of [tokenA, tokenB]) assert.equal((await verified(node, token)).email, 'tokens.nodes@example.se');
      assert.equal((await validate(node, tokenB)).status, 200);
    }
    assert.equal((await onA.post(apiPaths.signOut)).status, 200);
    assert.equal((await validate(b, tokenA)).status, 401, 'signed out on one node: refused on the other at once');
  });
});

/** A browser's cookies presented to another node. */
class BrowserOn {
  readonly browser: Browser;
  constructor(node: TestApp, from: Browser) {
    this.browser = browser(node, '198.51.100.20');
    for (const [name, value] of from.jar) this.browser.jar.set(name, value);
  }
}
