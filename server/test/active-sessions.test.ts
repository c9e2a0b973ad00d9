import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ActiveSessions, apiPaths } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { Browser, errorOf } from './support/browser.ts';
import { password } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const safari = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

for (const backend of backends) {
  describe(`where a user is signed in on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: TestApp;
    before(async () => {
      store = await backend.open();
      t = testApp(store);
    });
    after(() => store?.close());

    const at = (ip: string, userAgent: string) => new Browser(t.request, { ip, headers: { 'user-agent': userAgent } });

    async function list(b: Browser): Promise<ActiveSessions> {
      const response = await b.get(apiPaths.sessions);
      assert.equal(response.status, 200, await response.clone().text());
      return ActiveSessions.parse(await response.json());
    }

    it('tells a read sent with a token another request renewed a moment ago apart from a sign-out', async () => {
      await t.createUser('renewed@sessions.example', password);
      const page = at('198.51.100.40', firefox);
      assert.equal((await page.post(apiPaths.signIn, { identifier: 'renewed@sessions.example', password })).status, 200);
      // The same page's read, sent before the renewal's answer came back: it still carries the old cookie.
      const inFlight = at('198.51.100.40', firefox);
      for (const [name, value] of page.jar) inFlight.jar.set(name, value);
      const changed = await page.post(apiPaths.changePassword, { currentPassword: password, newPassword: 'Renewed-Password-2026!' });
      assert.equal(changed.status, 200, await changed.clone().text());

      const stale = await inFlight.get(apiPaths.sessions);
      assert.equal(stale.status, 401, 'the old token opens nothing');
      assert.equal((await errorOf(stale)).code, 'session_renewed', 'but it is not taken for a sign-out');
      assert.deepEqual(stale.headers.getSetCookie(), [], 'the cookie is left alone: the browser has the new one');
      assert.equal((await page.get(apiPaths.sessions)).status, 200, 'the new token works');
      t.clock.advance(31);
      assert.equal((await errorOf(await inFlight.get(apiPaths.sessions))).code, 'unauthenticated', 'later, an old token is just ended');
    });

    it("lists every live session with its device, address and times, the asking one marked, in the user's language", async () => {
      await t.createUser('ines@sessions.example', password);
      const laptop = at('198.51.100.10', firefox);
      const phone = at('203.0.113.20', safari);
      for (const b of [laptop, phone]) {
        assert.equal((await b.post(apiPaths.signIn, { identifier: 'ines@sessions.example', password })).status, 200);
        t.clock.advance(60); // The newest sign-in lists first.
      }

      const seen = await list(phone);
      assert.deepEqual(
        seen.sessions.map((s) => [s.device, s.clientAddress, s.current]),
        [
          ['Safari on iPhone', '203.0.113.20', true],
          ['Firefox on Windows', '198.51.100.10', false],
        ],
      );
      const swedish = await phone.post(apiPaths.profile, { name: 'Ines', locale: 'sv' });
      assert.equal(swedish.status, 200);
      assert.equal((await list(phone)).sessions[0]?.device, 'Safari på iPhone');
      assert.equal((await t.request('GET', apiPaths.sessions)).status, 401);
    });

    it("signs another session out: that browser is refused at once; its own id, or someone else's, is not found", async () => {
      await t.createUser('jon@sessions.example', password);
      await t.createUser('kim@sessions.example', password);
      const mine = at('198.51.100.30', firefox);
      const lost = at('198.51.100.31', safari);
      const stranger = at('198.51.100.32', firefox);
      await mine.post(apiPaths.signIn, { identifier: 'jon@sessions.example', password });
      await lost.post(apiPaths.signIn, { identifier: 'jon@sessions.example', password });
      await stranger.post(apiPaths.signIn, { identifier: 'kim@sessions.example', password });
      assert.equal((await lost.get(apiPaths.session)).status, 200);

      const before = await list(mine);
      const current = before.sessions.find((s) => s.current)!;
      const other = before.sessions.find((s) => !s.current)!;
      const strangers = (await list(stranger)).sessions[0]!;

      const self = await mine.post(apiPaths.sessionEnd, { id: current.id });
      assert.equal(self.status, 404, 'signing this one out is the sign-out button');
      const foreign = await mine.post(apiPaths.sessionEnd, { id: strangers.id });
      assert.equal((await errorOf(foreign)).code, 'not_found');
      assert.equal((await stranger.get(apiPaths.session)).status, 200, "someone else's session is untouched");

      const ended = await mine.post(apiPaths.sessionEnd, { id: other.id });
      assert.equal(ended.status, 200);
      assert.deepEqual(
        ActiveSessions.parse(await ended.json()).sessions.map((s) => s.id),
        [current.id],
      );
      assert.equal((await lost.get(apiPaths.session)).status, 401, 'that browser is signed out');
      assert.equal((await mine.post(apiPaths.sessionEnd, { id: other.id })).status, 404, 'once');
      assert.equal((await mine.get(apiPaths.session)).status, 200, 'this one goes on');
    });

    it('keeps no more of a User-Agent than a label needs', async () => {
      await t.createUser('long@sessions.example', password);
      const b = at('198.51.100.40', `${firefox} ${'x'.repeat(5000)}`);
      await b.post(apiPaths.signIn, { identifier: 'long@sessions.example', password });
      const stored = await store.listUserSessions((await store.findUserByEmail('long@sessions.example'))!.id);
      assert.equal(stored[0]?.userAgent?.length, 300);
      assert.equal((await list(b)).sessions[0]?.device, 'Firefox on Windows');
    });
  });
}
