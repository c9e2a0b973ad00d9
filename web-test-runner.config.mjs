import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromeArgs, findChrome } from './test/support/find-chrome.mjs';

/*
 * Component tests (`npm run test:elements`) run in Chromium against the REAL Portico server: this config starts one
 * on a fresh data folder and proxies `/api/*` to it from the test page's own origin, so the session cookie and the
 * server's CSRF (Origin) check behave as in production. `POST /__test__/users {email, password}` seeds a user
 * through the admin API. Data lives for the whole run: give every test its own e-mail.
 *
 * Failed sign-ins are limited per account AND per client IP (10 in 15 minutes). Every browser request reaches the
 * server from loopback, so one shared address would let the whole suite's wrong passwords add up to a lockout. The
 * proxy therefore connects from a loopback address of its own per test file (127.0.0.2, 127.0.0.3, …; all of
 * 127/8 is loopback on Linux), keyed by the `wtr-session-id` in the page's Referer: each file is a separate
 * client with its own budget. Where extra loopback addresses are unavailable (macOS by default; `sudo ifconfig lo0
 * alias 127.0.0.2` adds one) all files share 127.0.0.1, so the `*.rate-limit.test.ts` files, which spend a whole
 * budget, are left out of the run, and the others must stay under 10 failed sign-ins in total (each file notes its
 * count). A server setting for trusted client-address headers would remove this dance.
 */

const rootDir = fileURLToPath(new URL('.', import.meta.url));
const startupTimeoutMs = 60_000;
const testFiles = 'packages/*/src/**/*.test.ts';
const rateLimitTestFiles = 'packages/*/src/**/*.rate-limit.test.ts';

/** @param {string} address */
function canBind(address) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, address, () => probe.close(() => resolve(true)));
  });
}

const perFileAddresses = await canBind('127.0.0.2');
if (!perFileAddresses) {
  console.log(`Only 127.0.0.1 is available: skipping ${rateLimitTestFiles} (see web-test-runner.config.mjs).`);
}

/** The Portico server for this run, started by the plugin below. */
const portico = {
  /** @type {import('node:child_process').ChildProcess | null} */
  child: null,
  /** @type {{ port: number } | null} */
  upstream: null,
  adminToken: randomBytes(32).toString('base64url'),
  /** @type {string[]} */
  tempDirs: [],
  /** @type {string[]} last output lines, shown only if the server fails */
  output: [],
  /** @type {Map<string, string>} */
  addressBySession: new Map(),
};

function porticoServerPlugin() {
  return {
    name: 'portico-test-server',
    async serverStart() {
      await startPortico();
    },
    async serverStop() {
      await stopPortico();
    },
  };
}

async function startPortico() {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-wtr-data-'));
  const staticDir = mkdtempSync(join(tmpdir(), 'portico-wtr-static-'));
  portico.tempDirs.push(dataDir, staticDir);

  // A developer's own settings (a DATABASE_URL, custom limits) must not leak into the test server.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('PORTICO_') && key !== 'DATABASE_URL'),
  );
  Object.assign(env, {
    PORTICO_DATA_DIR: dataDir,
    PORTICO_STATIC_DIR: staticDir,
    PORTICO_ADMIN_TOKEN: portico.adminToken,
    PORTICO_MODE: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: rootDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  portico.child = child;

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('did not start within 60 s')), startupTimeoutMs);
    /** @param {Error} error */
    function fail(error) {
      clearTimeout(timer);
      reject(new Error(`Portico test server: ${error.message}\n${portico.output.join('\n')}`));
    }
    /** @param {Buffer} chunk */
    function collect(chunk) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        portico.output.push(line);
        if (portico.output.length > 50) portico.output.shift();
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        if (match && !portico.upstream) {
          portico.upstream = { port: Number(match[1]) };
          clearTimeout(timer);
          resolve(undefined);
        }
      }
    }
    // Always drained, so a chatty server never blocks on a full pipe.
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (!portico.upstream) fail(new Error(`exited early (${signal ?? code})`));
    });
  });
}

async function stopPortico() {
  const child = portico.child;
  portico.child = null;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  removeTempDirs();
}

function removeTempDirs() {
  for (const dir of portico.tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Last resort when the runner dies without stopping its plugins (crash, second Ctrl-C).
process.once('exit', () => {
  if (portico.child && portico.child.exitCode === null) portico.child.kill('SIGTERM');
});

/**
 * The loopback address the proxy connects from for the test file that made `request` (see the top comment).
 * @param {import('node:http').IncomingMessage} request
 */
function clientAddressFor(request) {
  if (!perFileAddresses) return undefined;
  let session = 'no-session';
  try {
    session = new URL(request.headers.referer ?? '').searchParams.get('wtr-session-id') ?? session;
  } catch {
    // No or odd Referer: such requests share one address.
  }
  let address = portico.addressBySession.get(session);
  if (!address) {
    const n = portico.addressBySession.size + 2;
    address = `127.0.${n >> 8}.${n & 255}`;
    portico.addressBySession.set(session, address);
  }
  return address;
}

const hopByHopHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/**
 * Sends one request to the Portico server and copies its answer (status, headers incl. set-cookie, body) to ctx.
 * @param {any} ctx Koa context
 * @param {{ method: string, path: string, headers: Record<string, string | string[] | undefined>, body?: Buffer | null, localAddress?: string }} request
 */
function forward(ctx, request) {
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: portico.upstream?.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        localAddress: request.localAddress,
      },
      (response) => {
        /** @type {Buffer[]} */
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          ctx.status = response.statusCode ?? 502;
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined && !hopByHopHeaders.has(name)) ctx.set(name, value);
          }
          ctx.body = Buffer.concat(chunks);
          resolve(undefined);
        });
      },
    );
    upstream.once('error', reject);
    upstream.end(request.body ?? undefined);
  });
}

/** @param {import('node:http').IncomingMessage} request */
async function readBody(request) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** `/api/*` → the Portico server, same origin for the browser; Host and Origin pass unchanged for the CSRF check. */
async function proxyApi(ctx, next) {
  if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
  const headers = { ...ctx.req.headers };
  for (const name of hopByHopHeaders) delete headers[name];
  const body = ['GET', 'HEAD'].includes(ctx.method) ? null : await readBody(ctx.req);
  if (body) headers['content-length'] = String(body.length);
  await forward(ctx, {
    method: ctx.method,
    path: ctx.url,
    headers,
    body,
    localAddress: clientAddressFor(ctx.req),
  });
}

/** Test-only: `POST /__test__/users {email, password}` creates a user through the admin API; answers as it does. */
async function seedUsers(ctx, next) {
  if (ctx.path !== '/__test__/users' || ctx.method !== 'POST') return next();
  const body = await readBody(ctx.req);
  await forward(ctx, {
    method: 'POST',
    path: '/api/admin/users',
    headers: {
      authorization: `Bearer ${portico.adminToken}`,
      'content-type': 'application/json',
      'content-length': String(body.length),
    },
    body,
  });
}

export default {
  rootDir,
  files: perFileAddresses ? testFiles : [testFiles, `!${rateLimitTestFiles}`],
  nodeResolve: true,
  concurrency: 1,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChrome(),
        headless: true,
        args: chromeArgs,
      },
    }),
  ],
  middleware: [seedUsers, proxyApi],
  plugins: [
    porticoServerPlugin(),
    // Lowers Lit's standard decorators (`@property() accessor`), which Chromium cannot parse yet.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  testFramework: { config: { timeout: 10_000 } },
  // Lit's dev build is useful in tests (it warns about update mistakes), but its banner on every file is noise.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
};
