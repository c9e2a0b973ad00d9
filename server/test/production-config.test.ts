import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from '../src/adapters/memory/memory-store.ts';
import { systemClock } from '../src/adapters/system-clock.ts';
import { checkListenAddress, ConfigError, loadConfig } from '../src/config.ts';
import { nodeSmsSender } from '../src/node-ports.ts';
import { SmsDeliveryError } from '../src/ports/sms-sender.ts';
import { startServer, temporaryFolder } from '../../test/support/server-process.mjs';

const production = { PORTICO_MODE: 'production', PORTICO_PUBLIC_URL: 'https://www.example.com/login' };
const mail = { SMTP_URL: 'smtp://mail.example.com:587' };
const texts = { SMS_URL: 'https://AC123:secret@api.twilio.com', PORTICO_SMS_FROM: '+46700000000' };
const key = { PORTICO_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') };
const postgres = { DATABASE_URL: 'postgres://portico@db.example.com:5432/portico' };

const refusal = (pattern: RegExp) => (error: unknown) => error instanceof ConfigError && pattern.test(error.message);

describe('production keeps no secret it cannot protect', () => {
  it('without SMS_URL (no texted factor), refuses a text rather than keep its code in the database', async () => {
    const store = createMemoryStore();
    const sender = nodeSmsSender({ smsUrl: undefined, smsFrom: undefined, mode: 'production' }, store, systemClock);
    await assert.rejects(sender.send({ to: '+46701234567', text: '123456 is your code.' }), SmsDeliveryError);
    assert.deepEqual(await store.listOutbox({ limit: 10 }), []);
    // Development keeps it in the dev outbox, to read.
    await nodeSmsSender({ smsUrl: undefined, smsFrom: undefined, mode: 'development' }, store, systemClock).send({ to: '+46701234567', text: 'dev' });
    assert.equal((await store.listOutbox({ limit: 10 })).length, 1);
  });

  it('refuses PostgreSQL without PORTICO_SECRET_KEY: authenticator secrets would be stored unsealed', () => {
    assert.throws(
      () => loadConfig({ ...production, ...mail, ...texts, ...postgres }),
      refusal(/PORTICO_SECRET_KEY is required in production with DATABASE_URL/),
    );
    assert.equal(loadConfig({ ...production, ...mail, ...texts, ...postgres, ...key }).databaseUrl, postgres.DATABASE_URL);
    // PGlite seals with its data folder's own key.
    assert.equal(loadConfig({ ...production, ...mail, ...texts }).secretKey, undefined);
    // Development on PostgreSQL may still try things without one.
    assert.equal(loadConfig({ ...postgres }).mode, 'development');
  });

  it('refuses to run without SMTP_URL: codes and links would wait in the dev outbox table instead of being mailed', () => {
    assert.throws(() => loadConfig({ ...production, ...texts }), refusal(/SMTP_URL is required in production/));
  });

  it('refuses sms as a second factor without SMS_URL, from the preset or PORTICO_MFA_METHODS', () => {
    assert.throws(() => loadConfig({ ...production, ...mail }), refusal(/SMS_URL is required in production when sms is a second factor/));
    assert.throws(() => loadConfig({ ...production, ...mail, PORTICO_MFA_METHODS: 'sms' }), refusal(/SMS_URL is required/));
    assert.deepEqual(loadConfig({ ...production, ...mail, PORTICO_MFA_METHODS: 'totp,email' }).policy.mfa.methods, ['totp', 'email']);
    // Licensing's only factor is an e-mail code.
    assert.equal(loadConfig({ ...production, ...mail, PORTICO_PRESET: 'licensing' }).smsUrl, undefined);
  });
});

describe('a development server, which lists every mailed code and link, stays on this machine', () => {
  it('refuses a HOST other machines can reach unless PORTICO_DEV_ALLOW_REMOTE=true', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      assert.doesNotThrow(() => checkListenAddress(loadConfig({ HOST: host })), host);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'portal.example.com']) {
      assert.throws(() => checkListenAddress(loadConfig({ HOST: host })), refusal(/PORTICO_DEV_ALLOW_REMOTE=true/), host);
    }
    assert.doesNotThrow(() => checkListenAddress(loadConfig({ HOST: '0.0.0.0', PORTICO_DEV_ALLOW_REMOTE: 'true' })));
    assert.doesNotThrow(() => checkListenAddress(loadConfig({ HOST: '0.0.0.0', ...production, ...mail, ...texts })));
    assert.throws(() => loadConfig({ PORTICO_DEV_ALLOW_REMOTE: 'yes please' }), ConfigError);
  });

  it('npm start with HOST=0.0.0.0 in development stops with the reason, before opening storage', async () => {
    const folder = await temporaryFolder();
    try {
      const outcome = await startServer({ HOST: '0.0.0.0', PORTICO_DATA_DIR: folder.path, PORTICO_STATIC_DIR: folder.path }).then(
        async (server) => {
          await server.stop();
          return 'listened';
        },
        (error: Error) => error.message,
      );
      assert.match(outcome, /HOST=0\.0\.0\.0 would let other machines reach this development server.*\/api\/dev\/outbox/s);
    } finally {
      await folder.remove();
    }
  });
});
