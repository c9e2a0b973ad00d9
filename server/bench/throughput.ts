/**
 * `npm run bench`: the speed figures of the README, measured over real HTTP on loopback.
 *
 * Each storage set-up runs in a server process of its own (PostgreSQL with the session cache on and off, PGlite with it
 * on), which serves, on separate ports, a bare Hono JSON route, a route that only verifies an argon2id hash, the
 * Portico API and the floor. This process is the load generator (autocannon). Every figure is a ratio of two rates measured in the
 * same round, one right after the other, over several rounds; the median is printed, so a machine busier in one round
 * than the next moves both sides alike. Not a test: timings vary from machine to machine and run to run.
 *
 * The sign-in figures, and the check's without the cache, also have their floor: the same ratio for hand-written,
 * prepared SQL doing the least the check or the sign-in must (bench-server.ts, `floorRoutes`), which tells what is
 * Portico's own cost and what the database's on the same cores.
 *
 * PostgreSQL is DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a database of its own is created and
 * dropped. Without one, the PostgreSQL rows are skipped.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** Rounds per figure; each round measures both sides of the ratio. */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** Seconds each side of a round is loaded. */
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
/** Session checks: many browsers at once. */
const checkConnections = 50;
/** Sign-ins: enough to keep every hashing thread busy. */
const signInConnections = 8;

interface Ports {
  bare: number;
  hash: number;
  portico: number;
  /** The floor's routes (see bench-server.ts, `floorRoutes`). */
  floor: number;
  cookie: string;
  identifier: string;
  password: string;
}

interface Load {
  perSecond: number;
  p99: number;
  failures: number;
}

async function load(url: string, connections: number, options: Partial<autocannon.Options> = {}): Promise<Load> {
  const result = await autocannon({ url, connections, duration: seconds, ...options });
  return { perSecond: result.requests.average, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

/** The floor's ratio beside Portico's, where there is one, with the floor's own failed requests if any. */
function floorNote(ratios: readonly number[], failures: number): string {
  return ratios.length > 0 ? ` (floor ${median(ratios).toFixed(2)}${failures ? `, ${failures} failed` : ''})` : '';
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Starts a bench server process for one set-up; resolves with its ports once it listens. */
async function startServer(setup: Setup): Promise<{ ports: Ports; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./bench-server.ts', import.meta.url))], {
    env: { ...process.env, BENCH_STORE: setup.store, BENCH_CACHE_SECONDS: String(setup.cacheSeconds) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const ports = await new Promise<Ports>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line) as Ports));
    child.once('exit', (code) => reject(new Error(`the bench server for ${setup.name} stopped (${code})`)));
  });
  return {
    ports,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Setup {
  name: string;
  store: 'postgres' | 'pglite';
  cacheSeconds: number;
  signIns: boolean;
}

const setups: Setup[] = [
  { name: 'PostgreSQL, cache 5 s', store: 'postgres', cacheSeconds: 5, signIns: true },
  { name: 'PostgreSQL, cache 0 (strict revocation)', store: 'postgres', cacheSeconds: 0, signIns: false },
  { name: 'PGlite (the default), cache 5 s', store: 'pglite', cacheSeconds: 5, signIns: true },
];

const rows: string[] = [];
console.log(`Portico bench: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${rounds} rounds of ${seconds} s a side\n`);
for (const setup of setups) {
  let server;
  try {
    server = await startServer(setup);
  } catch (error) {
    console.log(`${setup.name}: skipped (${(error as Error).message})`);
    continue;
  }
  const { ports } = server;
  const checks: number[] = [];
  const floorChecks: number[] = [];
  const p99s: number[] = [];
  let failures = 0;
  let floorFailures = 0;
  const withCookie = { headers: { cookie: ports.cookie } };
  for (let round = 0; round < rounds; round++) {
    const bare = await load(`http://127.0.0.1:${ports.bare}/bare`, checkConnections);
    const check = await load(`http://127.0.0.1:${ports.portico}/api/session`, checkConnections, withCookie);
    // With the cache on, a check reads nothing from the database: the floor (one read per check) would not compare.
    const floor = setup.cacheSeconds > 0 ? null : await load(`http://127.0.0.1:${ports.floor}/session`, checkConnections, withCookie);
    checks.push(check.perSecond / bare.perSecond);
    if (floor) floorChecks.push(floor.perSecond / bare.perSecond);
    p99s.push(check.p99);
    failures += check.failures;
    floorFailures += floor?.failures ?? 0;
    console.log(
      `  ${setup.name}, round ${round + 1}: bare ${bare.perSecond.toFixed(0)}/s, session check ${check.perSecond.toFixed(0)}/s (p99 ${check.p99} ms)` +
        (floor ? `, floor ${floor.perSecond.toFixed(0)}/s` : ''),
    );
  }
  rows.push(
    `GET /api/session, ${checkConnections} connections, ${setup.name}`.padEnd(72) +
      `${median(checks).toFixed(2)} × bare, p99 ${median(p99s).toFixed(0)} ms${floorNote(floorChecks, floorFailures)}${failures ? `, ${failures} failed` : ''}`,
  );
  if (setup.signIns) {
    const ratios: number[] = [];
    const floorRatios: number[] = [];
    let signInFailures = 0;
    let floorSignInFailures = 0;
    const body = JSON.stringify({ identifier: ports.identifier, password: ports.password });
    const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
    for (let round = 0; round < rounds; round++) {
      const hash = await load(`http://127.0.0.1:${ports.hash}/hash`, signInConnections, post);
      const signIn = await load(`http://127.0.0.1:${ports.portico}/api/auth/sign-in`, signInConnections, post);
      const floor = await load(`http://127.0.0.1:${ports.floor}/sign-in`, signInConnections, post);
      ratios.push(signIn.perSecond / hash.perSecond);
      floorRatios.push(floor.perSecond / hash.perSecond);
      signInFailures += signIn.failures;
      floorSignInFailures += floor.failures;
      console.log(
        `  ${setup.name}, round ${round + 1}: argon2id ${hash.perSecond.toFixed(1)}/s, sign-ins ${signIn.perSecond.toFixed(1)}/s` +
          `, floor ${floor.perSecond.toFixed(1)}/s`,
      );
    }
    rows.push(
      `successful sign-ins/s ÷ argon2id verifications/s, ${setup.store === 'postgres' ? 'PostgreSQL' : 'PGlite'}`.padEnd(72) +
        `${median(ratios).toFixed(2)}${floorNote(floorRatios, floorSignInFailures)}${signInFailures ? `, ${signInFailures} failed` : ''}`,
    );
  }
  await server.stop();
}

console.log(`\n${rows.join('\n')}`);
console.log(
  `\nload average afterwards: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
