import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorBody, SessionInfo, UpdateProfileResponse } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { testApp } from './support/test-app.ts';

const password = 'Profile-Password-2026';
const errorOf = async (response: Response) => ErrorBody.parse(await response.json()).error;

for (const backend of backends) {
  describe(`"My details" on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it("sets, shows and clears the signed-in user's name; the session shows it at once", async () => {
      const t = testApp(store);
      await t.createUser('named@example.se', password);
      const { cookie } = await t.signIn('named@example.se', password);
      // The session is cached now: the change must still show on the very next request.
      const before = SessionInfo.parse(await (await t.request('GET', '/api/session', undefined, { cookie })).json());
      assert.equal(before.user.name, null);

      const set = await t.request('POST', '/api/account/profile', { name: '  Anna Lindqvist ' }, { cookie });
      assert.equal(set.status, 200);
      const { user } = UpdateProfileResponse.parse(await set.json());
      assert.equal(user.name, 'Anna Lindqvist', 'trimmed');
      assert.equal(user.email, 'named@example.se');
      const session = SessionInfo.parse(await (await t.request('GET', '/api/session', undefined, { cookie })).json());
      assert.equal(session.user.name, 'Anna Lindqvist');
      assert.equal((await store.findUserByEmail('named@example.se'))?.name, 'Anna Lindqvist', 'stored');

      const cleared = await t.request('POST', '/api/account/profile', { name: '   ' }, { cookie });
      assert.equal(UpdateProfileResponse.parse(await cleared.json()).user.name, null);
      assert.equal((await store.findUserByEmail('named@example.se'))?.name, null);
    });

    it('needs a session, a same-origin JSON request and a sensible name', async () => {
      const t = testApp(store);
      await t.createUser('guarded@example.se', password);
      const { cookie } = await t.signIn('guarded@example.se', password);

      const anonymous = await t.request('POST', '/api/account/profile', { name: 'Mallory' });
      assert.equal(anonymous.status, 401);
      assert.equal((await errorOf(anonymous)).code, 'unauthenticated');

      const forged = await t.request('POST', '/api/account/profile', { name: 'Mallory' }, { cookie, origin: 'https://evil.example' });
      assert.equal(forged.status, 403);

      const tooLong = await t.request('POST', '/api/account/profile', { name: 'x'.repeat(201) }, { cookie });
      assert.equal(tooLong.status, 400);
      assert.deepEqual((await errorOf(tooLong)).fields, ['name']);
      const forgedLine = await t.request('POST', '/api/account/profile', { name: 'Anna\r\nBcc: x@example.com' }, { cookie });
      assert.equal(forgedLine.status, 400);
      assert.equal((await store.findUserByEmail('guarded@example.se'))?.name, null, 'nothing stored');
    });
  });
}
