import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

const production = {
  PORTICO_MODE: 'production',
  PORTICO_PUBLIC_URL: 'https://www.example.com/login',
  SMTP_URL: 'smtp://mail.example.com:587',
  PORTICO_MFA_METHODS: 'totp',
};
const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const other = `whsec_${Buffer.alloc(24, 4).toString('base64')}`;

/** A refusal whose message matches and never shows a secret. */
const refusal = (pattern: RegExp) => (error: unknown) =>
  error instanceof ConfigError && pattern.test(error.message) && !error.message.includes(secret.slice(6)) && !error.message.includes(other.slice(6));

describe('PORTICO_WEBHOOKS', () => {
  it('lists endpoints with their secrets, separated by commas, URL and secret by any whitespace', () => {
    const webhooks = loadConfig({ PORTICO_WEBHOOKS: ` https://portal.example.com/hooks ${secret} ,http://127.0.0.1:9000/in\t${other}` }).webhooks;
    assert.deepEqual(webhooks, [
      { url: 'https://portal.example.com/hooks', secret },
      { url: 'http://127.0.0.1:9000/in', secret: other },
    ]);
    assert.deepEqual(loadConfig({}).webhooks, [], 'none by default');
  });

  it('refuses a malformed entry, a URL that is not http(s), a bad secret and a URL listed twice, naming the entry', () => {
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: 'https://portal.example.com/hooks' }), refusal(/PORTICO_WEBHOOKS entry 1 must be "<url> <secret>"/));
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: `https://a.example.com ${secret} extra` }), refusal(/entry 1 must be "<url> <secret>"/));
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: `https://a.example.com ${secret},` }), refusal(/entry 2 must be/));
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: `ftp://files.example.com/in ${secret}` }), refusal(/entry 1 \(ftp:.*must be an http or https URL/));
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: `portal.example.com ${secret}` }), refusal(/entry 1 .*is not a URL/));
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: 'https://a.example.com whsec_c2hvcnQ=' }), refusal(/needs a secret of the form whsec_/));
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: `https://a.example.com ${secret.slice(6)}` }), refusal(/needs a secret/));
    assert.throws(() => loadConfig({ PORTICO_WEBHOOKS: `https://user:pw@a.example.com ${secret}` }), refusal(/must not carry credentials/));
    assert.throws(
      () => loadConfig({ PORTICO_WEBHOOKS: `https://a.example.com/x ${secret}, https://a.example.com/x ${other}` }),
      refusal(/entry 2 .*listed twice/),
    );
  });

  it('in production takes https only, this machine excepted', () => {
    assert.throws(
      () => loadConfig({ ...production, PORTICO_WEBHOOKS: `http://crm.example.com/in ${secret}` }),
      refusal(/PORTICO_WEBHOOKS must be https in production.*crm\.example\.com/),
    );
    const allowed = loadConfig({ ...production, PORTICO_WEBHOOKS: `https://crm.example.com/in ${secret}, http://localhost:8080/in ${other}` });
    assert.equal(allowed.webhooks.length, 2);
    // Development may try a plain-http receiver elsewhere.
    assert.equal(loadConfig({ PORTICO_WEBHOOKS: `http://crm.example.com/in ${secret}` }).webhooks.length, 1);
  });
});
