import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';
import { describeBankId, nodeBankId } from '../src/node-ports.ts';

const production = {
  PORTICO_MODE: 'production',
  PORTICO_PUBLIC_URL: 'https://www.example.com/login',
  // Production delivers mail and texts instead of keeping them in the outbox.
  SMTP_URL: 'smtp://mail.example.com:587',
  SMS_URL: 'https://AC123:secret@api.twilio.com',
  PORTICO_SMS_FROM: '+46700000000',
};

describe('BankID configuration', () => {
  it('development without BANKID_URL: the local BankID test server', () => {
    const config = loadConfig({ PORTICO_PRESET: 'leasing' });
    assert.equal(config.policy.bankid, true);
    assert.equal(config.bankid.url, null);
    assert.match(
      describeBankId(config.bankid, 'http://127.0.0.1:8787'),
      /local test server \(test phone: http:\/\/127\.0\.0\.1:8787\/bankid-test\/test-phone\/orders\)/,
    );
  });

  it('production with BankID on requires BANKID_URL, and with https the certificate and the CA', () => {
    assert.throws(
      () => loadConfig({ ...production, PORTICO_PRESET: 'leasing' }),
      (error: unknown) => error instanceof ConfigError && /BANKID_URL is required/.test(error.message),
    );
    assert.throws(() => loadConfig({ ...production, PORTICO_BANKID: 'true' }), ConfigError);
    // BankID off: nothing needed.
    assert.equal(loadConfig({ ...production, PORTICO_PRESET: 'hosting' }).bankid.url, null);
    assert.throws(
      () => loadConfig({ ...production, PORTICO_PRESET: 'leasing', BANKID_URL: 'https://appapi2.bankid.com/rp/v6.0/' }),
      (error: unknown) => error instanceof ConfigError && /BANKID_PFX and BANKID_CA are required/.test(error.message),
    );
    const config = loadConfig({
      ...production,
      PORTICO_PRESET: 'leasing',
      BANKID_URL: 'https://appapi2.test.bankid.com/rp/v6.0',
      BANKID_PFX: 'certs/rp.p12',
      BANKID_PASSPHRASE: 'qwerty123',
      BANKID_CA: 'certs/bankid-test-ca.pem',
    });
    assert.deepEqual(config.bankid, {
      url: 'https://appapi2.test.bankid.com/rp/v6.0/',
      pfxPath: resolve('certs/rp.p12'),
      passphrase: 'qwerty123',
      caPath: resolve('certs/bankid-test-ca.pem'),
    });
    assert.equal(describeBankId(config.bankid, 'http://x').includes('qwerty123'), false);
  });

  it('plain http only to this machine, and never in production', () => {
    assert.equal(loadConfig({ BANKID_URL: 'http://127.0.0.1:9999/rp/v6.0/' }).bankid.url, 'http://127.0.0.1:9999/rp/v6.0/');
    assert.throws(() => loadConfig({ BANKID_URL: 'http://bankid.example.com/rp/v6.0/' }), ConfigError);
    assert.throws(() => loadConfig({ ...production, BANKID_URL: 'http://127.0.0.1:9999/rp/v6.0/' }), ConfigError);
    assert.throws(() => loadConfig({ BANKID_URL: 'ftp://127.0.0.1/' }), ConfigError);
  });

  it('unreadable certificate files are a ConfigError at start-up', () => {
    const config = loadConfig({
      BANKID_URL: 'https://appapi2.test.bankid.com/rp/v6.0/',
      BANKID_PFX: '/nonexistent/rp.p12',
      BANKID_CA: '/nonexistent/ca.pem',
    });
    assert.throws(
      () => nodeBankId(config.bankid, () => ''),
      (error: unknown) => error instanceof ConfigError && /BANKID_PFX: cannot read/.test(error.message),
    );
  });
});
