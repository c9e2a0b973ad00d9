import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { defaultPolicy } from '@portico/contract';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('has defaults that run with nothing set', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8787);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, resolve('.portico-data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.mode, 'development');
    assert.deepEqual(config.policy, defaultPolicy);
    assert.equal(loadConfig({ NODE_ENV: 'production' }).mode, 'production');
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
      PORTICO_SECURE_COOKIES: 'always',
    });
    assert.equal(config.port, 9000);
    assert.deepEqual(config.allowedOrigins, ['https://a.example', 'https://b.example']);
    assert.deepEqual(config.trustedProxies, ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(config.policy, {
      session: { idleTimeoutSeconds: 300, absoluteTimeoutSeconds: 3600, cacheSeconds: 0 },
      signInLimits: { maxFailures: 3, windowSeconds: 120 },
    });
    assert.equal(config.secureCookies, 'always');
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
