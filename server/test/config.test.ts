import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { defaultPolicy, presets } from '@portico/contract';
import { ConfigError, loadConfig } from '../src/config.ts';

/** Production refuses to keep mail and texts in the outbox: it needs somewhere to deliver them. */
const delivery = { SMTP_URL: 'smtp://mail.example.com:587', SMS_URL: 'https://AC123:secret@api.twilio.com', PORTICO_SMS_FROM: '+46700000000' };

describe('configuration from the environment', () => {
  it('has defaults that run with nothing set', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8787);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, resolve('.portico-data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.mode, 'development');
    assert.deepEqual(config.policy, defaultPolicy);
    const production = loadConfig({ NODE_ENV: 'production', PORTICO_PUBLIC_URL: 'https://www.example.com/login', ...delivery });
    assert.equal(production.mode, 'production');
    assert.equal(production.publicUrl, 'https://www.example.com/login');
    assert.equal(loadConfig({}).publicUrl, null);
  });

  it('reads every switch', () => {
    const config = loadConfig({
      PORT: '9000',
      PORTICO_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      PORTICO_TRUSTED_PROXIES: '10.0.0.1,10.0.0.2',
      PORTICO_SESSION_IDLE_MINUTES: '5',
      PORTICO_SESSION_MAX_HOURS: '1',
      PORTICO_SESSION_CACHE_SECONDS: '0',
      PORTICO_SIGNIN_MAX_FAILURES: '3',
      PORTICO_SIGNIN_WINDOW_MINUTES: '2',
      PORTICO_SIGNIN_MAX_FAILURES_PER_ADDRESS: '40',
      PORTICO_SIGNIN_MAX_CONSECUTIVE_FAILURES: '60',
      PORTICO_SECURE_COOKIES: 'always',
    });
    assert.equal(config.port, 9000);
    assert.deepEqual(config.allowedOrigins, ['https://a.example', 'https://b.example']);
    assert.deepEqual(config.trustedProxies, ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(config.policy.session, { idleTimeoutSeconds: 300, absoluteTimeoutSeconds: 3600, cacheSeconds: 0 });
    assert.deepEqual(config.policy.signInLimits, { maxFailures: 3, windowSeconds: 120, maxFailuresPerAddress: 40, maxConsecutiveFailures: 60 });
    // NIST SP 800-63B allows at most 100 consecutive failures.
    assert.throws(() => loadConfig({ PORTICO_SIGNIN_MAX_CONSECUTIVE_FAILURES: '101' }), /PORTICO_SIGNIN_MAX_CONSECUTIVE_FAILURES/);
    assert.equal(config.secureCookies, 'always');
  });

  it('starts from the preset, and every policy switch overrides it on its own', () => {
    assert.equal(loadConfig({}).preset, 'hosting');
    assert.deepEqual(loadConfig({ PORTICO_PRESET: 'leasing' }).policy, presets.leasing);
    assert.deepEqual(loadConfig({ PORTICO_PRESET: 'licensing' }).policy, presets.licensing);
    const config = loadConfig({
      PORTICO_PRESET: 'leasing',
      PORTICO_PASSWORD_MIN_LENGTH: '12',
      PORTICO_PASSWORD_MAX_LENGTH: '128',
      PORTICO_PASSWORD_CLASSES: 'upper, digit',
      PORTICO_PASSWORD_REJECT_COMMON: 'false',
      PORTICO_SIGNUP_MODE: 'code',
      PORTICO_SIGNUP_ALLOWED_DOMAINS: '@Example.se, corp.example',
      PORTICO_SIGNUP_ASK_NAME: 'yes',
      PORTICO_CODE_TTL_MINUTES: '5',
      PORTICO_LINK_TTL_MINUTES: '30',
      PORTICO_CODE_MAX_ATTEMPTS: '3',
      PORTICO_RESEND_COOLDOWN_SECONDS: '0',
      PORTICO_SENDS_PER_ADDRESS_PER_HOUR: '2',
      PORTICO_SENDS_PER_IP_PER_HOUR: '9',
    });
    assert.deepEqual(config.policy.passwords, {
      minLength: 12,
      maxLength: 128,
      requireLowercase: false,
      requireUppercase: true,
      requireDigit: true,
      requireSpecial: false,
      rejectCommon: false,
    });
    assert.deepEqual(config.policy.signUp, { mode: 'code', allowedEmailDomains: ['example.se', 'corp.example'], askName: true });
    assert.equal(loadConfig({ PORTICO_PRESET: 'licensing', PORTICO_SIGNUP_ASK_NAME: 'false' }).policy.signUp.askName, false);
    assert.deepEqual(config.policy.verification, {
      codeTtlSeconds: 300,
      linkTtlSeconds: 1800,
      invitationTtlSeconds: 7 * 86400,
      maxCodeAttempts: 3,
      resendCooldownSeconds: 0,
      sendsPerAddress: { max: 2, windowSeconds: 3600 },
      sendsPerIp: { max: 9, windowSeconds: 3600 },
    });
    assert.deepEqual(loadConfig({ PORTICO_PRESET: 'hosting', PORTICO_PASSWORD_CLASSES: 'none' }).policy.passwords.requireSpecial, false);
    assert.throws(() => loadConfig({ PORTICO_PRESET: 'banking' }), ConfigError);
    assert.throws(() => loadConfig({ PORTICO_PASSWORD_MIN_LENGTH: '6' }), ConfigError);
    assert.throws(() => loadConfig({ PORTICO_PASSWORD_CLASSES: 'lower,emoji' }), ConfigError);
  });

  it('refuses to run in production without a public URL for mailed links', () => {
    assert.throws(() => loadConfig({ PORTICO_MODE: 'production' }), /PORTICO_PUBLIC_URL is required in production/);
    assert.throws(() => loadConfig({ PORTICO_PUBLIC_URL: 'javascript:alert(1)' }), ConfigError);
  });

  it('names every bad variable in one clear error', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', PORTICO_ADMIN_TOKEN: 'short', PORTICO_SECURE_COOKIES: 'sometimes' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /PORT/.test(error.message) &&
        /PORTICO_ADMIN_TOKEN must be at least 32 characters/.test(error.message) &&
        /PORTICO_SECURE_COOKIES/.test(error.message),
    );
  });
});

describe('mail configuration from the environment', () => {
  it('defaults to the dev outbox, a localhost sender and the Portico name', () => {
    const config = loadConfig({});
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.mailFrom, 'Portico <no-reply@localhost>');
    assert.equal(config.productName, 'Portico');
  });

  it('reads SMTP_URL, PORTICO_MAIL_FROM and PORTICO_PRODUCT_NAME', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      PORTICO_MAIL_FROM: 'Leasify <no-reply@leasify.example>',
      PORTICO_PRODUCT_NAME: ' Leasify ',
    });
    assert.equal(config.smtpUrl, 'smtps://user:pass@mail.example.com:465');
    assert.equal(config.mailFrom, 'Leasify <no-reply@leasify.example>');
    assert.equal(config.productName, 'Leasify');
  });

  it('refuses an SMTP_URL that is not smtp(s), and names with line breaks, without echoing the URL', () => {
    for (const env of [
      { SMTP_URL: 'http://user:hunter2@mail.example.com' },
      { SMTP_URL: 'mail.example.com:25' },
      { PORTICO_PRODUCT_NAME: 'Acme\r\nBcc: x@example.com' },
      { PORTICO_MAIL_FROM: 'a@example.com\nBcc: x@example.com' },
    ]) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.message.includes(Object.keys(env)[0]!) && !error.message.includes('hunter2'),
      );
    }
  });
});

describe('two-factor and SMS configuration from the environment', () => {
  it("takes the preset's second factors, and every switch on its own", () => {
    assert.deepEqual(loadConfig({}).policy.mfa, presets.hosting.mfa);
    assert.deepEqual(loadConfig({ PORTICO_PRESET: 'licensing' }).policy.mfa.methods, ['email']);
    const config = loadConfig({
      PORTICO_MFA_METHODS: 'totp, email',
      PORTICO_MFA_REQUIRED: 'true',
      PORTICO_TRUST_DEVICE_DAYS: '0',
      PORTICO_MFA_CHALLENGE_MINUTES: '5',
      PORTICO_REAUTH_MINUTES: '15',
    });
    assert.deepEqual(config.policy.mfa, { methods: ['totp', 'email'], required: true, trustDeviceDays: 0, challengeTtlSeconds: 300, reauthSeconds: 900 });
    assert.deepEqual(loadConfig({ PORTICO_MFA_METHODS: 'none' }).policy.mfa.methods, []);
    assert.throws(() => loadConfig({ PORTICO_MFA_METHODS: 'carrier-pigeon' }), ConfigError);
  });

  it('reads the phone country and the SMS gateway, and refuses what cannot work', () => {
    assert.equal(loadConfig({}).phoneCountry, undefined);
    assert.equal(loadConfig({ PORTICO_PHONE_COUNTRY: 'se' }).phoneCountry, 'SE');
    assert.throws(() => loadConfig({ PORTICO_PHONE_COUNTRY: 'XX' }), /PORTICO_PHONE_COUNTRY/);
    const sms = loadConfig({ SMS_URL: 'https://AC123:secret@api.twilio.com', PORTICO_SMS_FROM: '+46700000000' });
    assert.equal(sms.smsUrl, 'https://AC123:secret@api.twilio.com');
    assert.throws(() => loadConfig({ SMS_URL: 'https://AC123:secret@api.twilio.com' }), /PORTICO_SMS_FROM/);
  });

  it('reads a 32-byte secret key in base64, and refuses any other length without echoing it', () => {
    assert.equal(loadConfig({}).secretKey, undefined);
    const key = Buffer.alloc(32, 7);
    assert.deepEqual(loadConfig({ PORTICO_SECRET_KEY: key.toString('base64') }).secretKey, new Uint8Array(key));
    assert.deepEqual(loadConfig({ PORTICO_SECRET_KEY: key.toString('base64url') }).secretKey, new Uint8Array(key));
    const short = Buffer.alloc(16, 7).toString('base64');
    assert.throws(
      () => loadConfig({ PORTICO_SECRET_KEY: short }),
      (error: unknown) => error instanceof ConfigError && /PORTICO_SECRET_KEY/.test(error.message) && !error.message.includes(short),
    );
    assert.throws(() => loadConfig({ PORTICO_SECRET_KEY: 'not base64 at all!' }), ConfigError);
  });
});
