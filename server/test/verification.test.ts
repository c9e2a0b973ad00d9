import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultPolicy, type Policy } from '@portico/contract';
import { createArgon2PasswordHasher } from '../src/adapters/argon2-password-hasher.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { zxcvbnCommonPasswords } from '../src/adapters/zxcvbn-common-passwords.ts';
import { createServices } from '../src/app.ts';
import type { Store } from '../src/ports/store.ts';
import { hashToken } from '../src/services/tokens.ts';
import { backends } from './support/backends.ts';
import { TestClock } from './support/test-clock.ts';

function services(store: Store, policy: Policy = defaultPolicy) {
  const clock = new TestClock();
  // Nothing here mails or texts: the service mints and checks secrets; sending is the flows' business.
  const mailer = { send: async () => undefined };
  const ports = {
    store,
    clock,
    random: webCryptoRandom,
    passwordHasher: createArgon2PasswordHasher(),
    mailer,
    sms: mailer,
    commonPasswords: zxcvbnCommonPasswords,
  };
  return { clock, ...createServices(ports, policy) };
}

for (const backend of backends) {
  describe(`one-time codes and links on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('mints 6-digit codes that work once, stored only as a hash', async () => {
      const { verifications } = services(store);
      const issued = await verifications.issueCode('sign_up', 'once@example.se');
      assert.match(issued.secret, /^\d{6}$/);
      assert.notEqual(issued.record.secretHash, issued.secret);
      assert.equal(issued.record.secretHash, await hashToken(`${issued.record.id}:${issued.secret}`));
      assert.equal((await verifications.useCode('sign_up', 'once@example.se', issued.secret)).ok, true);
      assert.deepEqual(await verifications.useCode('sign_up', 'once@example.se', issued.secret), { ok: false, reason: 'invalid' });
    });

    it('expires codes after 10 minutes and links after an hour', async () => {
      const { verifications, clock } = services(store);
      const code = await verifications.issueCode('sign_up', 'late@example.se');
      const link = await verifications.issueLink('password_reset', 'late@example.se');
      clock.advance(10 * 60);
      assert.deepEqual(await verifications.useCode('sign_up', 'late@example.se', code.secret), { ok: false, reason: 'expired' });
      assert.equal((await verifications.inspectLink(['password_reset'], link.secret)).ok, true);
      clock.advance(50 * 60);
      assert.deepEqual(await verifications.useLink(['password_reset'], link.secret), { ok: false, reason: 'expired' });
    });

    it('stops a code after 5 wrong tries, even for the right code', async () => {
      const { verifications } = services(store);
      const issued = await verifications.issueCode('sign_up', 'guess@example.se');
      const wrong = issued.secret === '000000' ? '000001' : '000000';
      const reasons = [];
      for (let i = 0; i < 5; i++) {
        const result = await verifications.useCode('sign_up', 'guess@example.se', wrong);
        reasons.push(result.ok ? 'ok' : result.reason);
      }
      assert.deepEqual(reasons, ['invalid', 'invalid', 'invalid', 'invalid', 'too_many_attempts']);
      assert.deepEqual(await verifications.useCode('sign_up', 'guess@example.se', issued.secret), { ok: false, reason: 'too_many_attempts' });
    });

    it('counts concurrent wrong guesses, each of them', async () => {
      const { verifications } = services(store);
      const issued = await verifications.issueCode('sign_up', 'burst@example.se');
      const wrong = issued.secret === '111111' ? '222222' : '111111';
      await Promise.all(Array.from({ length: 8 }, () => verifications.useCode('sign_up', 'burst@example.se', wrong)));
      assert.deepEqual(await verifications.useCode('sign_up', 'burst@example.se', issued.secret), { ok: false, reason: 'too_many_attempts' });
    });

    it('lets a code or a link succeed once when used many times at the same moment', async () => {
      const { verifications } = services(store);
      const code = await verifications.issueCode('sign_up', 'race@example.se');
      const link = await verifications.issueLink('password_reset', 'race@example.se');
      const codeUses = await Promise.all(Array.from({ length: 6 }, () => verifications.useCode('sign_up', 'race@example.se', code.secret)));
      const linkUses = await Promise.all(Array.from({ length: 6 }, () => verifications.useLink(['password_reset'], link.secret)));
      assert.equal(codeUses.filter((r) => r.ok).length, 1);
      assert.equal(linkUses.filter((r) => r.ok).length, 1);
    });

    it('retires the previous secret when a new one is sent, and keeps purposes apart', async () => {
      const { verifications } = services(store);
      const first = await verifications.issueLink('password_reset', 'twice@example.se');
      const second = await verifications.issueLink('password_reset', 'twice@example.se');
      assert.equal((await verifications.inspectLink(['password_reset'], first.secret)).ok, false);
      assert.equal((await verifications.inspectLink(['invitation'], second.secret)).ok, false);
      assert.equal((await verifications.useLink(['password_reset'], second.secret)).ok, true);
    });

    it('limits sends per purpose and address, per client network and by cooldown, counting requests rather than stored secrets', async () => {
      const { verifications, clock } = services(store);
      const from = (address: string) => ({ address });
      // A cooldown of 60 s: the second request for one address answers with the seconds left…
      assert.equal(await verifications.admitSend('password_reset', 'known@example.se', from('10.2.0.1')), null);
      assert.deepEqual(await verifications.admitSend('password_reset', 'known@example.se', from('10.2.0.1')), { retryAfterSeconds: 60 });
      // …exactly as for an address nobody has: no secret was stored for either.
      assert.equal(await verifications.admitSend('password_reset', 'nobody@example.se', from('10.2.0.2')), null);
      assert.deepEqual(await verifications.admitSend('password_reset', 'nobody@example.se', from('10.2.0.2')), { retryAfterSeconds: 60 });

      // Five mails an hour per purpose and address…
      for (let i = 0; i < 4; i++) {
        clock.advance(61);
        assert.equal(await verifications.admitSend('password_reset', 'known@example.se', from(`10.2.1.${i}`)), null);
      }
      clock.advance(61);
      const limited = await verifications.admitSend('password_reset', 'known@example.se', from('10.2.2.1'));
      assert.ok(limited && limited.retryAfterSeconds > 60 * 50, JSON.stringify(limited));
      // …and another purpose's budget is untouched: resets someone else asks for never stop the owner's sign-in codes.
      assert.equal(await verifications.admitSend('mfa_sign_in', 'known@example.se', { userId: crypto.randomUUID() }), null);

      // Fifty an hour per client network, whatever the addresses; an IPv6 /64 is one network.
      for (let i = 0; i < 50; i++)
        assert.equal(await verifications.admitSend('sign_up', `spray${i}@example.se`, from(`2001:db8:5:5::${i.toString(16)}`)), null);
      assert.ok(await verifications.admitSend('sign_up', 'one-more@example.se', from('2001:db8:5:5:ffff::1')));
      assert.equal(await verifications.admitSend('sign_up', 'one-more@example.se', from('2001:db8:5:6::1')), null);
    });
  });
}

describe('password policy', () => {
  let store: Store;
  before(async () => {
    store = await backends[0]!.open();
  });
  after(() => store?.close());

  it('names every rule a new password fails, including the common list and the current password', async () => {
    const { passwords } = services(store);
    assert.deepEqual(await passwords.failedRules('short'), ['minLength', 'uppercase', 'digit', 'special', 'notCommon']);
    assert.deepEqual(await passwords.failedRules('qzxvkw'), ['minLength', 'uppercase', 'digit', 'special']);
    assert.deepEqual(await passwords.failedRules('P@ssw0rd'), ['notCommon']); // on the list, whatever its case
    assert.deepEqual(await passwords.failedRules('correct horse battery'), ['uppercase', 'digit']);
    assert.deepEqual(await passwords.failedRules('x'.repeat(257)), ['maxLength', 'uppercase', 'digit', 'special']);
    const current = await createArgon2PasswordHasher().hash('Tr0ub4dor&3x');
    assert.deepEqual(await passwords.failedRules('Tr0ub4dor&3x', current), ['notCurrent']);
    assert.deepEqual(await passwords.failedRules('Tr0ub4dor&3y', current), []);
  });

  it('follows the preset: leasing asks for no character classes, but still refuses common passwords', async () => {
    const { presets } = await import('@portico/contract');
    const { passwords } = services(store, presets.leasing);
    assert.deepEqual(await passwords.failedRules('correct horse battery'), []);
    assert.deepEqual(await passwords.failedRules('iloveyou'), ['notCommon']);
    assert.deepEqual(await passwords.failedRules('sommar'), ['minLength', 'notCommon']);
    assert.deepEqual(await passwords.failedRules('qzxvkw'), ['minLength']);
    // Swedish words are on the list too, and adding digits or symbols to one does not make it a password.
    assert.deepEqual(await passwords.failedRules('lösenord'), ['notCommon']);
    assert.deepEqual(await passwords.failedRules('Sommar2020'), ['notCommonWord']);
    assert.deepEqual(await passwords.failedRules('Lösenord1!'), ['notCommonWord']);
    assert.deepEqual(await passwords.failedRules('Hösten2023'), ['notCommonWord']);
    assert.deepEqual(await passwords.failedRules('hemligt!!'), ['notCommonWord']);
    assert.deepEqual(await passwords.failedRules('qwerty123'), ['notCommon']); // listed as it is
    assert.deepEqual(await passwords.failedRules('Lo\u0308senord99'), ['notCommonWord']); // ö as o + diaeresis
    assert.deepEqual(await passwords.failedRules('höstlöven blåser bort 2023'), []);
    assert.deepEqual(await passwords.failedRules('ab12345678'), []); // too short a stem to be a word
  });
});
