import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromeArgs, findChrome } from './test/support/find-chrome.mjs';
import { startServer, temporaryFolder } from './test/support/server-process.mjs';

/*
 * Component tests (`npm run test:elements`) run in Chromium against the REAL Portico server: this config starts one
 * on a fresh data folder and proxies `/api/*` to it from the test page's own origin, so the session cookie and the
 * server's CSRF (Origin) check behave as in production. `POST /__test__/users {email, password}` and
 * `POST /__test__/invitations {email}` seed users through the admin API. Data lives for the whole run: give every test its own e-mail.
 *
 * Failed sign-ins are limited per account AND per client IP (10 in 15 minutes), and every browser request comes
 * from this machine. So the proxy acts as what it is, a trusted reverse proxy (PORTICO_TRUSTED_PROXIES), and tells
 * the server a client address of its own per test file (X-Forwarded-For, keyed by the `wtr-session-id` in the
 * page's Referer): each file is a separate client with its own budget, whatever order the files run in.
 */

/** @typedef {import('./test/support/server-process.mjs').RunningServer} RunningServer */

const adminToken = randomBytes(32).toString('base64url');

/** The Portico server for this run, started by the plugin below. */
const portico = {
  /** @type {RunningServer | null} */
  server: null,
  /** @type {Array<() => Promise<void>>} */
  cleanups: [],
  /** @type {Map<string, string>} */
  clientBySession: new Map(),
};

function porticoServerPlugin() {
  return {
    name: 'portico-test-server',
    async serverStart() {
      const data = await temporaryFolder('portico-wtr-data-');
      const assets = await temporaryFolder('portico-wtr-static-');
      portico.cleanups.push(data.remove, assets.remove);
      portico.server = await startServer({
        PORTICO_DATA_DIR: data.path,
        PORTICO_STATIC_DIR: assets.path,
        PORTICO_ADMIN_TOKEN: adminToken,
        PORTICO_TRUSTED_PROXIES: '127.0.0.1',
        PORTICO_MODE: 'development',
        HOST: '127.0.0.1',
      });
    },
    async serverStop() {
      await portico.server?.stop();
      portico.server = null;
      for (const cleanup of portico.cleanups.splice(0)) await cleanup();
    },
  };
}

// Last resort when the runner dies without stopping its plugins (crash, second Ctrl-C).
process.once('exit', () => portico.server?.child.kill('SIGTERM'));

/**
 * The client address the proxy reports for the test file that made `request` (see the top comment).
 * @param {import('node:http').IncomingMessage} request
 */
function clientAddressFor(request) {
  let session = 'no-session';
  try {
    session = new URL(request.headers.referer ?? '').searchParams.get('wtr-session-id') ?? session;
  } catch {
    // No or odd Referer: such requests share one address.
  }
  let address = portico.clientBySession.get(session);
  if (!address) {
    const n = portico.clientBySession.size + 1;
    address = `198.18.${n >> 8}.${n & 255}`; // 198.18.0.0/15: reserved for benchmarking, never a real client
    portico.clientBySession.set(session, address);
  }
  return address;
}

const hopByHopHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/**
 * Sends one request to the Portico server and copies its answer (status, headers incl. set-cookie, body) to ctx.
 * @param {import('koa').Context} ctx
 * @param {{ method: string, path: string, headers: http.OutgoingHttpHeaders, body: Buffer | null }} request
 * @returns {Promise<void>}
 */
function forward(ctx, request) {
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: portico.server?.port, method: request.method, path: request.path, headers: request.headers },
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
          resolve();
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

/**
 * `/api/*` → the Portico server, same origin for the browser; Host and Origin pass unchanged for the CSRF check.
 * @param {import('koa').Context} ctx
 * @param {import('koa').Next} next
 */
async function proxyApi(ctx, next) {
  if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
  /** @type {http.OutgoingHttpHeaders} */
  const headers = { ...ctx.req.headers, 'x-forwarded-for': clientAddressFor(ctx.req) };
  for (const name of hopByHopHeaders) delete headers[name];
  const body = ['GET', 'HEAD'].includes(ctx.method) ? null : await readBody(ctx.req);
  if (body) headers['content-length'] = String(body.length);
  await forward(ctx, { method: ctx.method, path: ctx.url, headers, body });
}

/** Test-only seeding endpoints and the admin API route each forwards to, with the run's admin token. */
const seedRoutes = new Map([
  ['/__test__/users', '/api/admin/users'], // {email, password}: a user who can sign in
  ['/__test__/invitations', '/api/admin/invitations'], // {email, name?}: an invited user; the welcome mail goes out
]);

/**
 * Test-only: `POST /__test__/users` and `POST /__test__/invitations` go to the admin API; they answer as it does.
 * @param {import('koa').Context} ctx
 * @param {import('koa').Next} next
 */
async function seed(ctx, next) {
  const target = seedRoutes.get(ctx.path);
  if (!target || ctx.method !== 'POST') return next();
  const body = await readBody(ctx.req);
  await forward(ctx, {
    method: 'POST',
    path: target,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'content-length': String(body.length) },
    body,
  });
}

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  files: 'packages/*/src/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  browsers: [chromeLauncher({ launchOptions: { executablePath: findChrome(), headless: true, args: chromeArgs } })],
  middleware: [seed, proxyApi],
  plugins: [
    porticoServerPlugin(),
    // Lowers Lit's standard decorators (`@property() accessor`), which Chromium cannot parse yet.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  testFramework: { config: { timeout: 10_000 } },
  // Lit's dev build is useful in tests (it warns about update mistakes), but its banner on every file is noise.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
};
