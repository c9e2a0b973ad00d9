/**
 * Measures the product's speed bars in-process (no network), on PGlite in memory:
 * - sign-in throughput against argon2id verification alone (the floor any sign-in pays);
 * - GET /api/session against a bare Hono route.
 * Run: npm run bench
 */
import { defaultPolicy } from '@portico/contract';
import { Hono } from 'hono';
import { createArgon2PasswordHasher } from '../src/adapters/argon2-password-hasher.ts';
import { createDevOutboxMailer } from '../src/adapters/mail/dev-outbox-mailer.ts';
import { createDevOutboxSmsSender } from '../src/adapters/sms/dev-outbox-sms-sender.ts';
import { zxcvbnCommonPasswords } from '../src/adapters/zxcvbn-common-passwords.ts';
import { openPgliteStore } from '../src/adapters/sql/pglite-store.ts';
import { systemClock } from '../src/adapters/system-clock.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { createPortico } from '../src/app.ts';

const concurrency = 4;

async function rate(label: string, seconds: number, task: (i: number) => unknown): Promise<number> {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < end) await task(worker * 1_000_000 + done++);
    }),
  );
  const perSecond = done / seconds;
  console.log(`${label.padEnd(40)} ${perSecond.toFixed(0).padStart(8)} /s`);
  return perSecond;
}

const store = await openPgliteStore();
const hasher = createArgon2PasswordHasher();
const policy = {
  ...defaultPolicy,
  signInLimits: { maxFailures: 1_000_000, windowSeconds: 60, maxFailuresPerAddress: 1_000_000, maxConsecutiveFailures: 1_000_000 },
};
const mailer = createDevOutboxMailer(store, systemClock);
const ports = {
  store,
  passwordHasher: hasher,
  clock: systemClock,
  random: webCryptoRandom,
  mailer,
  sms: createDevOutboxSmsSender(store, systemClock),
  commonPasswords: zxcvbnCommonPasswords,
};
const { app, services } = createPortico(ports, policy);
const password = 'benchmark password';
await services.users.create('bench@example.se', password);
const hash = await hasher.hash(password);

const post = (path: string, body: unknown, cookie?: string) =>
  app.request(
    path,
    { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) },
    { remoteAddress: '127.0.0.1' },
  );

const hashOnly = await rate('argon2id verify alone', 5, () => hasher.verify(hash, password));
const signIns = await rate('POST /api/auth/sign-in (success)', 5, () => post('/api/auth/sign-in', { identifier: 'bench@example.se', password }));
console.log(`  sign-in throughput = ${((signIns / hashOnly) * 100).toFixed(0)}% of the hash alone\n`);

const signedIn = await post('/api/auth/sign-in', { identifier: 'bench@example.se', password });
const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
const bare = new Hono().get('/bare', (c) => c.json({ ok: true }));
const bareRate = await rate('bare Hono JSON route', 3, () => bare.request('/bare'));
const sessionRate = await rate('GET /api/session (valid cookie)', 3, () => app.request('/api/session', { headers: { cookie } }));
console.log(
  `  session check = ${((sessionRate / bareRate) * 100).toFixed(0)}% of a bare route (a busy session is answered from memory; a miss costs one joined lookup)`,
);
await store.close();
