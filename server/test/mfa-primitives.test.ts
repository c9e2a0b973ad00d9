import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { deviceLabel } from '../src/services/mfa/device-label.ts';
import { maskEmailAddress, maskPhoneNumber, parseSmsNumber } from '../src/services/mfa/phone-numbers.ts';
import { generateRecoveryCodes, normalizeRecoveryCode } from '../src/services/mfa/recovery-codes.ts';
import { SecretBox } from '../src/services/mfa/secret-box.ts';
import { generateTotpSecret, matchTotp, totpCodeAt, totpUri } from '../src/services/mfa/totp.ts';
import { renderSms } from '../src/services/sms/sms-service.ts';

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

describe('texts and device names', () => {
  it('texts a code first, naming the product, on one line', () => {
    assert.equal(renderSms('code', 'en', { code: '048213' }, 'Acme Portal'), '048213 is your Acme Portal code.');
    assert.equal(renderSms('code', 'xx', { code: '048213' }, 'Line\nbreak'), '048213 is your Line break code.');
  });

  it('names a browser from its User-Agent for the list of trusted devices', () => {
    const agents: [string, string][] = [
      ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36', 'Chrome on Linux'],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0', 'Edge on Windows'],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:131.0) Gecko/20100101 Firefox/131.0', 'Firefox on macOS'],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
        'Safari on iPhone',
      ],
      ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
      ['curl/8.5.0', 'Browser'],
    ];
    for (const [agent, label] of agents) assert.equal(deviceLabel(agent), label, agent);
    assert.equal(deviceLabel(undefined), 'Browser');
    // In the user's language.
    const chromeOnLinux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    assert.equal(deviceLabel(chromeOnLinux, 'sv'), 'Chrome på Linux');
    assert.equal(deviceLabel(undefined, 'sv-SE'), 'Webbläsare');
    assert.equal(deviceLabel(chromeOnLinux, 'de'), 'Chrome on Linux');
  });
});

describe('sealed secrets', () => {
  it('opens what it sealed, only for the same owner and key; unsealed values open with or without a key', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const box = new SecretBox(key, webCryptoRandom);
    const sealed = await box.seal('JBSWY3DPEHPK3PXP', 'totp:anna');
    assert.doesNotMatch(sealed, /JBSWY3DPEHPK3PXP/);
    assert.equal(await box.open(sealed, 'totp:anna'), 'JBSWY3DPEHPK3PXP');
    await assert.rejects(box.open(sealed, 'totp:bo'), 'bound to its owner');
    await assert.rejects(new SecretBox(crypto.getRandomValues(new Uint8Array(32)), webCryptoRandom).open(sealed, 'totp:anna'));
    await assert.rejects(new SecretBox(null, webCryptoRandom).open(sealed, 'totp:anna'));
    const plain = await new SecretBox(null, webCryptoRandom).seal('JBSWY3DPEHPK3PXP', 'totp:anna');
    assert.equal(await box.open(plain, 'totp:anna'), 'JBSWY3DPEHPK3PXP', 'a key set later still reads older values');
  });
});
