import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, ErrorBody, OutboxResponse } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { sweep } from '../src/app.ts';
import { testApp } from './support/test-app.ts';

for (const backend of backends) {
  describe(`dev outbox route on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('is an ordinary 404 unless the server runs with the dev outbox (production mode)', async () => {
      const t = testApp(store);
      await t.services.mail.send('ada@example.se', 'signUpCode', { code: '111111', minutes: 10 });
      const r = await t.request('GET', apiPaths.devOutbox);
      assert.equal(r.status, 404);
      assert.equal(ErrorBody.parse(await r.json()).error.code, 'not_found');
      const filtered = await t.request('GET', `${apiPaths.devOutbox}?to=ada@example.se`);
      assert.equal(filtered.status, 404);
    });

    it('lists every mail newest first, with both parts, and filters by recipient with ?to=', async () => {
      const t = testApp(store, { settings: { devOutbox: true, productName: 'Acme Portal' } });
      await t.services.mail.send('bo@example.se', 'passwordReset', { url: 'https://portal.example/reset?t=1', minutes: 30 });
      t.clock.advance(5);
      await t.services.mail.send('cy@example.se', 'passwordChanged', { reset: false, trustedDevicesForgotten: 0 });
      t.clock.advance(5);
      await t.services.mail.send('bo@example.se', 'signUpCode', { code: '222222', minutes: 10 });

      const all = await t.request('GET', apiPaths.devOutbox);
      assert.equal(all.status, 200);
      assert.equal(all.headers.get('cache-control'), 'no-store');
      const { messages } = OutboxResponse.parse(await all.json());
      assert.deepEqual(
        messages.slice(0, 3).map((m) => [m.to, m.subject]),
        [
          ['bo@example.se', 'Your Acme Portal verification code'],
          ['cy@example.se', 'Your Acme Portal password was changed'],
          ['bo@example.se', 'Reset your Acme Portal password'],
        ],
      );
      const [code] = messages;
      assert.equal(code!.channel, 'email');
      assert.match(code!.text, /222222/);
      assert.match(code!.html ?? '', />222222</);
      assert.equal(code!.createdAt, t.clock.now().toISOString());

      const bo = OutboxResponse.parse(await (await t.request('GET', `${apiPaths.devOutbox}?to=BO@example.se`)).json());
      assert.deepEqual(
        bo.messages.map((m) => m.subject),
        ['Your Acme Portal verification code', 'Reset your Acme Portal password'],
      );
      const limited = OutboxResponse.parse(await (await t.request('GET', `${apiPaths.devOutbox}?limit=1`)).json());
      assert.equal(limited.messages.length, 1);
      const nobody = OutboxResponse.parse(await (await t.request('GET', `${apiPaths.devOutbox}?to=nobody@example.se`)).json());
      assert.deepEqual(nobody.messages, []);

      assert.equal((await t.latestMail('Bo@Example.se'))?.subject, 'Your Acme Portal verification code');
      assert.equal(await t.latestMail('nobody@example.se'), null);
    });

    it('on a server others can reach, answers only requests that name this machine (no DNS rebinding)', async () => {
      const t = testApp(store, { settings: { devOutbox: true, devOutboxHostCheck: true, publicUrl: 'https://portal.example.com/login' } });
      for (const base of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787', 'https://portal.example.com']) {
        assert.equal((await t.request('GET', apiPaths.devOutbox, undefined, { base })).status, 200, base);
      }
      // A page of attacker.example whose name now resolves to this machine: the browser sends its own name.
      const rebound = await t.request('GET', apiPaths.devOutbox, undefined, { base: 'http://attacker.example:8787' });
      assert.equal(rebound.status, 404);
    });

    it('answers a bad query with invalid_request', async () => {
      const t = testApp(store, { settings: { devOutbox: true } });
      for (const query of ['?limit=0', '?limit=abc', '?limit=100000', '?to=', '?channel=fax']) {
        const r = await t.request('GET', `${apiPaths.devOutbox}${query}`);
        assert.equal(r.status, 400, query);
        assert.equal(ErrorBody.parse(await r.json()).error.code, 'invalid_request');
      }
    });

    it('keeps each message as long as its code or link can be used, and none where nothing reads the outbox', async () => {
      const t = testApp(store, { settings: { devOutbox: true } });
      const inbox = async (to: string) =>
        OutboxResponse.parse(await (await t.request('GET', `${apiPaths.devOutbox}?to=${to}`)).json()).messages.map((m) => m.subject);
      await t.services.mail.send('kept@example.se', 'signUpCode', { code: '333333', minutes: 10 });
      // An invitation's link lives a week (the longest of them): its mail stays in the outbox that long.
      t.clock.advance(7 * 24 * 60 * 60 - 60);
      await t.services.mail.send('kept@example.se', 'passwordReset', { url: 'https://portal.example/reset?t=2', minutes: 60 });
      await sweep(t.services);
      assert.equal((await inbox('kept@example.se')).length, 2, 'a week has not passed');
      t.clock.advance(61);
      await sweep(t.services);
      assert.deepEqual((await inbox('kept@example.se')).length, 1, 'the week-old one went, the newer one stays');

      // Production reads no outbox: whatever a development run left is removed at the next sweep.
      const production = testApp(store, { settings: { devOutbox: false } });
      production.clock.advance((t.clock.now().getTime() - production.clock.now().getTime()) / 1000);
      await sweep(production.services);
      assert.deepEqual(await inbox('kept@example.se'), []);
    });
  });
}
