import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { maskEmailAddress, maskPhoneNumber, parseSmsNumber } from '../src/services/mfa/phone-numbers.ts';
import { generateRecoveryCodes, normalizeRecoveryCode } from '../src/services/mfa/recovery-codes.ts';
import { generateTotpSecret, matchTotp, totpCodeAt, totpUri } from '../src/services/mfa/totp.ts';

// RFC 6238 Appendix B: the SHA-1 key is the ASCII "12345678901234567890". Its 8-digit values end in our 6 digits
// (the code is the truncated value modulo 10^digits).
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const rfcVectors: Array<[seconds: number, eightDigits: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('authenticator app codes (RFC 6238)', () => {
  it('computes the RFC 6238 Appendix B values (SHA-1)', () => {
    for (const [seconds, value] of rfcVectors) {
      const at = new Date(seconds * 1000);
      assert.equal(totpCodeAt(rfcSecret, at), value.slice(-6), `T = ${seconds}`);
      assert.equal(matchTotp(rfcSecret, value.slice(-6), at), Math.floor(seconds / 30), `step of T = ${seconds}`);
    }
  });

  it('accepts one step of clock drift either way, not two, and names the step the code belongs to', () => {
    const now = new Date(1_700_000_000_000);
    const step = Math.floor(now.getTime() / 30_000);
    const at = (steps: number) => new Date(now.getTime() + steps * 30_000);
    assert.equal(matchTotp(rfcSecret, totpCodeAt(rfcSecret, at(-1)), now), step - 1);
    assert.equal(matchTotp(rfcSecret, totpCodeAt(rfcSecret, at(1)), now), step + 1);
    assert.equal(matchTotp(rfcSecret, totpCodeAt(rfcSecret, at(-2)), now), null);
    assert.equal(matchTotp(rfcSecret, totpCodeAt(rfcSecret, at(2)), now), null);
  });

  it('mints 160-bit secrets and an otpauth URI with issuer and account', () => {
    const secret = generateTotpSecret(webCryptoRandom);
    assert.match(secret, /^[A-Z2-7]{32}$/, '20 bytes in base32');
    assert.notEqual(generateTotpSecret(webCryptoRandom), secret);
    const uri = new URL(totpUri(secret, 'Acme Portal', 'anna@example.se'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Acme Portal:anna@example.se');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('issuer'), 'Acme Portal');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes of 80 bits in four readable groups', () => {
    const codes = generateRecoveryCodes(webCryptoRandom);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('reads a code however it is typed: case, spaces, dashes and the letters mistaken for digits', () => {
    assert.equal(normalizeRecoveryCode('7k3m qx9p-4tnv h2wd'), '7K3MQX9P4TNVH2WD');
    assert.equal(normalizeRecoveryCode('O1IL-0000-1111-AAAA'), '011100001111AAAA');
  });
});

describe('phone numbers for SMS', () => {
  it('parses mobile numbers to E.164 in any common notation', () => {
    assert.equal(parseSmsNumber('+46 70 123 45 67'), '+46701234567');
    assert.equal(parseSmsNumber('070-123 45 67', 'SE'), '+46701234567');
    assert.equal(parseSmsNumber('+31 6 12345678'), '+31612345678');
  });

  it('refuses what cannot receive a text: no country, not a number, a landline', () => {
    assert.equal(parseSmsNumber('070-123 45 67'), null, 'national form needs a default country');
    assert.equal(parseSmsNumber('not a number'), null);
    assert.equal(parseSmsNumber('+46 8 123 456 78'), null, 'a Stockholm landline');
  });

  it('masks numbers and addresses for the sign-in screen', () => {
    assert.equal(maskPhoneNumber('+46701234567'), '+46 •••••••67');
    assert.equal(maskEmailAddress('karin@example.se'), 'k•••@example.se');
  });
});
