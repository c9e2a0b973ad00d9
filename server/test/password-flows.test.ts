import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChangePasswordResponse, CheckEmailStep, ErrorBody, SetPasswordStep, SignInStep } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { backends } from './support/backends.ts';
import { testApp } from './support/test-app.ts';

const oldPassword = 'Old-Password-2026';
const newPassword = 'Brand-New-Password-7';

const resetToken = (t: ReturnType<typeof testApp>, email: string) => t.latestLinkToken(email);

const errorOf = async (response: Response) => ErrorBody.parse(await response.json()).error;

for (const backend of backends) {
  describe(`forgotten and changed passwords on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('resets a forgotten password by a single-use link, ending every session', async () => {
      const t = testApp(store, { settings: { publicUrl: 'https://portal.example.com/login' } });
      await t.createUser('forgot@example.se', oldPassword);
      const { cookie } = await t.signIn('forgot@example.se', oldPassword);

      const requested = await t.request('POST', '/api/auth/forgot-password', { email: 'Forgot@Example.se' });
      assert.equal(requested.status, 202);
      assert.deepEqual(CheckEmailStep.parse(await requested.json()), { step: 'check_email', email: 'forgot@example.se' });
      const token = await resetToken(t, 'forgot@example.se');
      const mail = await t.latestMail('forgot@example.se');
      assert.match(mail!.text, /https:\/\/portal\.example\.com\/login#portico-link=/);

      const inspected = SetPasswordStep.parse(await (await t.request('POST', '/api/auth/link', { token })).json());
      assert.deepEqual(inspected, { step: 'set_password', purpose: 'password_reset', email: 'forgot@example.se', token });

      // A weak password is refused without using up the link.
      const weak = await t.request('POST', '/api/auth/set-password', { token, password: 'password' });
      assert.equal(weak.status, 400);
      assert.deepEqual((await errorOf(weak)).rules, ['uppercase', 'digit', 'special', 'notCommon']);
      const same = await t.request('POST', '/api/auth/set-password', { token, password: oldPassword });
      assert.deepEqual((await errorOf(same)).rules, ['notCurrent']);

      const set = await t.request('POST', '/api/auth/set-password', { token, password: newPassword });
      assert.equal(set.status, 200);
      assert.deepEqual(SignInStep.parse(await set.json()), { step: 'sign_in', notice: 'password_set', identifier: 'forgot@example.se' });
      assert.equal((await t.request('GET', '/api/session', undefined, { cookie })).status, 401, 'old sessions end');
      assert.equal((await t.signIn('forgot@example.se', oldPassword)).response.status, 401);
      assert.equal((await t.signIn('forgot@example.se', newPassword)).response.status, 200);

      const again = await t.request('POST', '/api/auth/set-password', { token, password: 'Another-Password-9' });
      assert.equal((await errorOf(again)).code, 'invalid_link');
      await t.services.delivery.settled();
      assert.match((await t.latestMail('forgot@example.se'))!.subject ?? '', /password/i, 'a change notice was mailed');
    });

    it('refuses a common Swedish word with a year, digits or a symbol added, and says so', async () => {
      const t = testApp(store, { settings: { publicUrl: 'https://portal.example.com/login' } });
      await t.createUser('svensk@example.se', oldPassword);
      await t.request('POST', '/api/auth/forgot-password', { email: 'svensk@example.se' });
      const token = await resetToken(t, 'svensk@example.se');
      for (const password of ['Sommar2020!', 'Lösenord1!', 'Hösten2023#', 'Qwerty123!', 'Djurgården-1891', 'Losenord2024!']) {
        const weak = await t.request('POST', '/api/auth/set-password', { token, password });
        assert.equal(weak.status, 400, password);
        assert.deepEqual((await errorOf(weak)).rules, ['notCommonWord'], password);
      }
      // A passphrase of its own passes, Swedish letters and all.
      const set = await t.request('POST', '/api/auth/set-password', { token, password: 'Blå-hästar-dansar-på-taket-7' });
      assert.equal(set.status, 200);
    });

    it('answers an unknown address exactly as a known one, and mails it nothing', async () => {
      const t = testApp(store);
      await t.createUser('exists@example.se', oldPassword);
      const known = await t.request('POST', '/api/auth/forgot-password', { email: 'exists@example.se' }, { ip: '10.3.0.1' });
      const unknown = await t.request('POST', '/api/auth/forgot-password', { email: 'ghost@example.se' }, { ip: '10.3.0.2' });
      assert.equal(unknown.status, known.status);
      const [k, u] = [await known.json(), await unknown.json()];
      assert.deepEqual({ ...u, email: 'x' }, { ...k, email: 'x' });
      // The limits answer alike too: a second request within the cooldown.
      const knownAgain = await t.request('POST', '/api/auth/forgot-password', { email: 'exists@example.se' }, { ip: '10.3.0.1' });
      const unknownAgain = await t.request('POST', '/api/auth/forgot-password', { email: 'ghost@example.se' }, { ip: '10.3.0.2' });
      assert.equal(knownAgain.status, 429);
      assert.deepEqual(await unknownAgain.json(), await knownAgain.json());
      await t.services.delivery.settled();
      assert.equal(await t.latestMail('ghost@example.se'), null);
      assert.ok(await t.latestMail('exists@example.se'));
    });

    it('refuses an expired link, and a link that is for something else', async () => {
      const t = testApp(store);
      await t.createUser('expired@example.se', oldPassword);
      await t.request('POST', '/api/auth/forgot-password', { email: 'expired@example.se' });
      const token = await resetToken(t, 'expired@example.se');
      t.clock.advance(3600);
      const late = await t.request('POST', '/api/auth/set-password', { token, password: newPassword });
      assert.equal((await errorOf(late)).code, 'link_expired');
      // The stored purpose decides what a token does: a sign-up link for an address with an account creates nothing
      // and changes no password.
      const signUp = await t.services.verifications.issueLink('sign_up', 'expired@example.se');
      const viaSignUp = await t.request('POST', '/api/auth/set-password', { token: signUp.secret, password: newPassword });
      assert.equal(viaSignUp.status, 409);
      assert.equal((await t.signIn('expired@example.se', oldPassword)).response.status, 200);
      const malformed = await t.request('POST', '/api/auth/link', { token: 'not a token!' });
      assert.equal((await errorOf(malformed)).code, 'invalid_request');
    });

    it('changes the password when signed in: current password first, other sessions end, this one renews', async () => {
      const t = testApp(store);
      await t.createUser('change@example.se', oldPassword);
      const here = await t.signIn('change@example.se', oldPassword);
      const elsewhere = await t.signIn('change@example.se', oldPassword, { ip: '10.4.0.9' });

      const unauthenticated = await t.request('POST', '/api/account/password', { currentPassword: oldPassword, newPassword });
      assert.equal(unauthenticated.status, 401);
      const wrongCurrent = await t.request('POST', '/api/account/password', { currentPassword: 'not it', newPassword }, { cookie: here.cookie });
      assert.equal((await errorOf(wrongCurrent)).code, 'invalid_credentials');
      const sameAgain = await t.request('POST', '/api/account/password', { currentPassword: oldPassword, newPassword: oldPassword }, { cookie: here.cookie });
      assert.deepEqual((await errorOf(sameAgain)).rules, ['notCurrent']);

      const changed = await t.request('POST', '/api/account/password', { currentPassword: oldPassword, newPassword }, { cookie: here.cookie });
      assert.equal(changed.status, 200);
      assert.deepEqual(ChangePasswordResponse.parse(await changed.json()), { changed: true, otherSessionsEnded: 1 });
      const renewed = changed.headers.get('set-cookie')?.split(';')[0];
      assert.ok(renewed && renewed !== here.cookie, 'a fresh session token');
      assert.equal((await t.request('GET', '/api/session', undefined, { cookie: renewed })).status, 200);
      assert.equal((await t.request('GET', '/api/session', undefined, { cookie: here.cookie })).status, 401);
      assert.equal((await t.request('GET', '/api/session', undefined, { cookie: elsewhere.cookie })).status, 401);
      assert.equal((await t.signIn('change@example.se', newPassword)).response.status, 200);
    });

    it('counts wrong current passwords as failed sign-ins', async () => {
      const t = testApp(store);
      await t.createUser('guessing@example.se', oldPassword);
      const { cookie } = await t.signIn('guessing@example.se', oldPassword);
      for (let i = 0; i < 10; i++) {
        const r = await t.request('POST', '/api/account/password', { currentPassword: `guess ${i}`, newPassword }, { cookie });
        assert.equal(r.status, 401);
      }
      const limited = await t.request('POST', '/api/account/password', { currentPassword: oldPassword, newPassword }, { cookie });
      assert.equal((await errorOf(limited)).code, 'rate_limited');
    });
  });
}

describe('public configuration', () => {
  it('tells the UI the password rules and sign-up mode of the policy', async () => {
    const { PublicConfig, presets } = await import('@portico/contract');
    const { openTestPglite } = await import('./support/pglite.ts');
    const store = await openTestPglite();
    try {
      const t = testApp(store, { policy: presets.licensing, settings: { preset: 'licensing' } });
      const config = PublicConfig.parse(await (await t.request('GET', '/api/config')).json());
      assert.equal(config.preset, 'licensing');
      assert.equal(config.signUp.mode, 'code');
      assert.deepEqual(config.passwords, presets.licensing.passwords);
    } finally {
      await store.close();
    }
  });
});
