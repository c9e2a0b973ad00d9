/**
 * One storage set-up of `npm run bench` (see throughput.ts), in a process of its own: a bare Hono JSON route, a route
 * that only verifies an argon2id hash, and the Portico API, each on a port of its own on loopback. Prints the ports,
 * a signed-in session's cookie and the bench user's credentials as one JSON line, then serves until stopped.
 */
import type { AddressInfo } from 'node:net';
import { defaultPolicy, type Policy } from '@portico/contract';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { createArgon2PasswordHasher } from '../src/adapters/argon2-password-hasher.ts';
import { createDevOutboxMailer } from '../src/adapters/mail/dev-outbox-mailer.ts';
import { createDevOutboxSmsSender } from '../src/adapters/sms/dev-outbox-sms-sender.ts';
import { openPgliteStore } from '../src/adapters/sql/pglite-store.ts';
import { openPostgresStore } from '../src/adapters/sql/postgres-store.ts';
import { systemClock } from '../src/adapters/system-clock.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { zxcvbnCommonPasswords } from '../src/adapters/zxcvbn-common-passwords.ts';
import { createPortico } from '../src/app.ts';
import type { Store } from '../src/ports/store.ts';

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = `portico_bench_${process.pid}`;

async function postgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openStore(): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (process.env.BENCH_STORE !== 'postgres') return { store: await openPgliteStore(), drop: async () => undefined };
  await postgres(`create database ${database}`);
  const url = new URL(base);
  url.pathname = `/${database}`;
  return { store: await openPostgresStore(url.toString()), drop: () => postgres(`drop database if exists ${database} with (force)`) };
}

const { store, drop } = await openStore();
const hasher = createArgon2PasswordHasher();
// The load comes from one address: the failure budgets must not stand in for a bench of successes.
const policy: Policy = {
  ...defaultPolicy,
  session: { ...defaultPolicy.session, cacheSeconds: Number(process.env.BENCH_CACHE_SECONDS ?? 5) },
  signInLimits: { maxFailures: 1_000_000, windowSeconds: 60, maxFailuresPerAddress: 1_000_000, maxConsecutiveFailures: 1_000_000 },
};
const ports = {
  store,
  passwordHasher: hasher,
  clock: systemClock,
  random: webCryptoRandom,
  mailer: createDevOutboxMailer(store, systemClock),
  sms: createDevOutboxSmsSender(store, systemClock),
  commonPasswords: zxcvbnCommonPasswords,
};
const { app, services } = createPortico(ports, policy);
const watching = await services.sessions.watch();
const identifier = 'bench@example.se';
const password = 'benchmark password 2026';
await services.users.create(identifier, password);
const hash = await hasher.hash(password);

const signedIn = await app.request(
  '/api/auth/sign-in',
  { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier, password }) },
  { remoteAddress: '127.0.0.1' },
);
const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

const bare = new Hono().get('/bare', (c) => c.json({ ok: true }));
const hashOnly = new Hono().post('/hash', async (c) => {
  await c.req.json();
  return c.json({ ok: await hasher.verify(hash, password) });
});

function listen(fetch: (request: Request, env: { remoteAddress?: string }) => Response | Promise<Response>): Promise<{ port: number; close(): void }> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: (request, env) => fetch(request, { remoteAddress: env.incoming.socket.remoteAddress }), hostname: '127.0.0.1', port: 0 },
      (info: AddressInfo) => resolve({ port: info.port, close: () => server.close() }),
    );
  });
}

const servers = [await listen((r) => bare.fetch(r)), await listen((r) => hashOnly.fetch(r)), await listen((r, env) => app.fetch(r, env))] as const;
console.log(JSON.stringify({ bare: servers[0].port, hash: servers[1].port, portico: servers[2].port, cookie, identifier, password }));

process.once('SIGTERM', () => {
  for (const server of servers) server.close();
  void (async () => {
    // Requests of the last round still under way finish first.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await watching.close();
    await store.close();
    await drop();
    process.exit(0);
  })();
});
