import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorBody } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { testApp } from './support/test-app.ts';

const password = 'correct horse battery staple';

for (const backend of backends) {
  describe(`failed sign-in limits on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('locks an account after 10 failures in 15 minutes, even from many IPs, and says when to retry', async () => {
      const t = testApp(store);
      await t.createUser('target@example.se', password);
      for (let i = 0; i < 10; i++) {
        const r = await t.request('POST', '/api/auth/sign-in', { identifier: 'target@example.se', password: `guess ${i}` }, { ip: `10.0.0.${i}` });
        assert.equal(r.status, 401, `attempt ${i + 1}`);
        t.clock.advance(30);
      }
      // Even the right password is refused now: the limit must not act as a password oracle.
      const limited = await t.request('POST', '/api/auth/sign-in', { identifier: 'TARGET@example.se', password }, { ip: '10.0.1.1' });
      assert.equal(limited.status, 429);
      const { error } = ErrorBody.parse(await limited.json());
      assert.equal(error.code, 'rate_limited');
      // The first failure was 300 s ago; it leaves the 900 s window in 600 s.
      assert.equal(error.retryAfterSeconds, 600);
      assert.equal(limited.headers.get('retry-after'), '600');

      t.clock.advance(601);
      const after = await t.request('POST', '/api/auth/sign-in', { identifier: 'target@example.se', password }, { ip: '10.0.1.1' });
      assert.equal(after.status, 200);
    });

    it('limits one IP trying many accounts, without locking out other IPs', async () => {
      const t = testApp(store);
      await t.createUser('bystander@example.se', password);
      for (let i = 0; i < 10; i++) {
        const r = await t.request('POST', '/api/auth/sign-in', { identifier: `spray${i}@example.se`, password: 'Winter2026!' }, { ip: '192.0.2.66' });
        assert.equal(r.status, 401);
      }
      const fromAttacker = await t.request('POST', '/api/auth/sign-in', { identifier: 'bystander@example.se', password }, { ip: '192.0.2.66' });
      assert.equal(fromAttacker.status, 429);
      const fromUser = await t.request('POST', '/api/auth/sign-in', { identifier: 'bystander@example.se', password }, { ip: '192.0.2.7' });
      assert.equal(fromUser.status, 200);
    });

    it('tells clients behind a trusted proxy apart, and ignores X-Forwarded-For from anyone else', async () => {
      const t = testApp(store, { settings: { trustedProxies: ['10.1.1.1', '::ffff:10.1.1.2'] } });
      await t.createUser('proxied@example.se', password);
      // Two proxy hops: the client is the rightmost address no trusted proxy vouches for.
      const viaProxy = (client: string, identifier: string, pw: string) =>
        t.request('POST', '/api/auth/sign-in', { identifier, password: pw }, {
          ip: '::ffff:10.1.1.1',
          headers: { 'x-forwarded-for': `203.0.113.250, ${client}, 10.1.1.2` },
        });
      for (let i = 0; i < 10; i++) assert.equal((await viaProxy('198.51.100.66', `p${i}@example.se`, 'guess')).status, 401);
      assert.equal((await viaProxy('198.51.100.66', 'proxied@example.se', password)).status, 429);
      assert.equal((await viaProxy('198.51.100.7', 'proxied@example.se', password)).status, 200);

      // An untrusted peer cannot pick a fresh address per attempt by forging the header.
      for (let i = 0; i < 10; i++) {
        const r = await t.request('POST', '/api/auth/sign-in', { identifier: `s${i}@example.se`, password: 'guess' }, {
          ip: '192.0.2.200',
          headers: { 'x-forwarded-for': `198.18.0.${i}` },
        });
        assert.equal(r.status, 401);
      }
      const forged = await t.request('POST', '/api/auth/sign-in', { identifier: 'proxied@example.se', password }, {
        ip: '192.0.2.200',
        headers: { 'x-forwarded-for': '198.18.1.1' },
      });
      assert.equal(forged.status, 429);
    });

    it('limits unknown e-mails exactly like known ones (no enumeration through the limit)', async () => {
      const t = testApp(store);
      await t.createUser('exists@example.se', password);
      const answers: number[][] = [[], []];
      for (const [n, identifier] of ['exists@example.se', 'ghost@example.se'].entries()) {
        for (let i = 0; i < 11; i++) {
          const r = await t.request('POST', '/api/auth/sign-in', { identifier, password: 'nope nope' }, { ip: `172.16.${n}.${i}` });
          answers[n]!.push(r.status);
        }
      }
      assert.deepEqual(answers[0], answers[1]);
      assert.equal(answers[0]!.at(-1), 429);
    });

    it('forgives earlier failures of an account once its owner signs in', async () => {
      const t = testApp(store);
      await t.createUser('typo@example.se', password);
      for (let i = 0; i < 9; i++) {
        await t.request('POST', '/api/auth/sign-in', { identifier: 'typo@example.se', password: 'typo' }, { ip: `10.9.0.${i}` });
      }
      assert.equal((await t.signIn('typo@example.se', password, { ip: '10.9.1.1' })).response.status, 200);
      for (let i = 0; i < 9; i++) {
        const r = await t.request('POST', '/api/auth/sign-in', { identifier: 'typo@example.se', password: 'typo' }, { ip: `10.9.2.${i}` });
        assert.equal(r.status, 401);
      }
    });
  });
}
