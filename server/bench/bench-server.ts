/**
 * One storage set-up of `npm run bench` (see throughput.ts), in a process of its own: a bare Hono JSON route, a route
 * that only verifies an argon2id hash, the Portico API and the floor (see `floorRoutes`), each on a port of its own on
 * loopback. Prints the ports, a signed-in session's cookie and the bench user's credentials as
 * one JSON line, then serves until stopped.
 */
import type { AddressInfo } from 'node:net';
import { defaultPolicy, type Policy } from '@portico/contract';
import { serve } from '@hono/node-server';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { Hono } from 'hono';
import pg from 'pg';
import { createArgon2PasswordHasher } from '../src/adapters/argon2-password-hasher.ts';
import { createAsyncLocalRequestContext } from '../src/adapters/async-local-request-context.ts';
import { createDevOutboxMailer } from '../src/adapters/mail/dev-outbox-mailer.ts';
import { createDevOutboxSmsSender } from '../src/adapters/sms/dev-outbox-sms-sender.ts';
import { openPgliteStore } from '../src/adapters/sql/pglite-store.ts';
import { migrationsFolder } from '../src/adapters/sql/migrations-folder.ts';
import { openPostgresStore } from '../src/adapters/sql/postgres-store.ts';
import { schema } from '../src/adapters/sql/schema.ts';
import { rateLimitLockSeed } from '../src/adapters/sql/sql-store.ts';
import { systemClock } from '../src/adapters/system-clock.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { zxcvbnCommonPasswords } from '../src/adapters/zxcvbn-common-passwords.ts';
import { createPortico } from '../src/app.ts';
import { hashToken } from '../src/services/tokens.ts';
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

async function openStore(): Promise<{ store: Store; url: string | null; drop: () => Promise<void> }> {
  if (process.env.BENCH_STORE !== 'postgres') return { store: await openPgliteStore(), url: null, drop: async () => undefined };
  await postgres(`create database ${database}`);
  const url = new URL(base);
  url.pathname = `/${database}`;
  return { store: await openPostgresStore(url.toString()), url: url.toString(), drop: () => postgres(`drop database if exists ${database} with (force)`) };
}

const { store, url: databaseUrl, drop } = await openStore();
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
  // As the Node server runs it: each request's scope (for the activity log) kept across its awaits.
  requestContext: createAsyncLocalRequestContext(),
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

/** One prepared statement, run: named on PostgreSQL (parsed once per connection), as it is on PGlite, which has none. */
type FloorQuery = <Row extends Record<string, unknown>>(statement: { name: string; text: string; values: unknown[] }) => Promise<{ rows: Row[] }>;

/**
 * The floor: the least a sign-in and a session check can do against this database, as hand-written, prepared SQL on
 * a bare Hono route, with none of Portico's middleware, services or query builder. A sign-in reads the user, reserves
 * a try in three failure budgets with Portico's own function (migration 0012, as the security baseline requires:
 * a burst of guesses is refused as a whole, across nodes), verifies the hash, releases the try and writes a session;
 * a check reads a session with its user by its token's hash. What Portico reaches is measured against this, to tell
 * its own cost from the database's.
 */
function floorRoutes(query: FloorQuery): Hono {
  return new Hono()
    .post('/sign-in', async (c) => {
      const { identifier: email, password: typed } = await c.req.json<{ identifier: string; password: string }>();
      const now = new Date();
      const [user] = (
        await query<{ id: string; password_hash: string }>({
          name: 'floor_user',
          text: 'select id, password_hash from users where lower(email) = $1 limit 1',
          values: [email.toLowerCase()],
        })
      ).rows;
      const keys = [`fail-account:${email}`, `fail-account-ip:${email}|127.0.0.0`, 'fail-ip:127.0.0.0'];
      const since = new Date(now.getTime() - 60_000);
      const reserved = await query<{ reservation: { ids: number[] } }>({
        name: 'floor_reserve',
        text: 'select portico_reserve_events($1::bigint, $2::text[], $3::timestamptz, $2::text[], $4::timestamptz[], $5::int[]) as reservation',
        values: [rateLimitLockSeed, keys, now, keys.map(() => since), keys.map(() => 1_000_000)],
      });
      if (!user || !(await hasher.verify(user.password_hash, typed))) return c.json({ ok: false }, 401);
      await query({
        name: 'floor_release',
        text: 'delete from rate_limit_events where id = any($1::bigint[])',
        values: [reserved.rows[0]?.reservation.ids ?? []],
      });
      await query({
        name: 'floor_session',
        text: `insert into sessions (id, user_id, created_at, last_seen_at, expires_at, reauthenticated_at, credential_version, auth_methods)
          values ($1, $2, $3, $3, $4, $3, 1, '{pwd}')`,
        values: [await hashToken(crypto.randomUUID()), user.id, now, new Date(now.getTime() + 3_600_000)],
      });
      return c.json({ ok: true });
    })
    .get('/session', async (c) => {
      const token = (c.req.header('cookie') ?? '').split('=')[1] ?? '';
      const { rows } = await query<{ id: string; user_id: string; expires_at: Date; last_seen_at: Date; email: string; name: string | null }>({
        name: 'floor_check',
        text: `select s.id, s.user_id, s.expires_at, s.last_seen_at, u.email, u.name from sessions s join users u on u.id = s.user_id
          where s.id = $1 limit 1`,
        values: [await hashToken(token)],
      });
      return rows[0] ? c.json({ user: rows[0] }) : c.json({ error: 'unauthenticated' }, 401);
    });
}

/**
 * The floor's database: on PostgreSQL the bench's own, through a pool of its own; on PGlite an embedded database of
 * its own in this process (PGlite is one client), migrated alike and holding the same user.
 */
async function openFloor(): Promise<{ query: FloorQuery; close(): Promise<void> }> {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    // Dropping the database at the end cuts any connection left: not worth a crash report on the way out.
    pool.on('error', () => undefined);
    return { query: <Row extends Record<string, unknown>>(statement: Parameters<FloorQuery>[0]) => pool.query<Row>(statement), close: () => pool.end() };
  }
  const client = new PGlite();
  await migrate(drizzle({ client, schema }), { migrationsFolder });
  await client.query('insert into users (id, email, password_hash, created_at) values ($1, $2, $3, now())', [crypto.randomUUID(), identifier, hash]);
  return {
    query: <Row extends Record<string, unknown>>({ text, values }: Parameters<FloorQuery>[0]) => client.query<Row>(text, values),
    close: () => client.close(),
  };
}

const floorDatabase = await openFloor();
const floor = floorRoutes(floorDatabase.query);
const servers = [
  await listen((r) => bare.fetch(r)),
  await listen((r) => hashOnly.fetch(r)),
  await listen((r, env) => app.fetch(r, env)),
  await listen((r) => floor.fetch(r)),
];
console.log(
  JSON.stringify({ bare: servers[0]!.port, hash: servers[1]!.port, portico: servers[2]!.port, floor: servers[3]!.port, cookie, identifier, password }),
);

process.once('SIGTERM', () => {
  for (const server of servers) server.close();
  void (async () => {
    // Requests of the last round still under way finish first.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await watching.close();
    await floorDatabase.close();
    await store.close();
    await drop();
    process.exit(0);
  })();
});
