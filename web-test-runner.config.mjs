import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { register } from 'tsx/esm/api';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromeArgs, findChrome } from './test/support/find-chrome.mjs';
import { migratedFolder, startServer, temporaryFolder } from './test/support/server-process.mjs';

/*
 * Component tests (`npm run test:elements`) run in Chromium against REAL Portico servers: this config starts two,
 * each on a fresh data folder, and proxies to them from the test page's own origin, so the session cookie and the
 * server's CSRF (Origin) check behave as in production:
 *
 * - `/api/*` → the default server (preset `hosting`: sign-up by link; BankID sign-in on too);
 * - `/bankid-test/*` → the default server's local BankID test server, whose "test phone" API lets tests open,
 *   approve, cancel or expire a BankID order (`GET /bankid-test/test-phone/orders`, `POST …/act`);
 * - `/licensing/api/*` → a second server with preset `licensing` (sign-up by 6-digit code), sign-up limited to
 *   company addresses at `example.test`, and a resend cooldown of 5 seconds instead of 60, so a test can wait for
 *   it. Components reach it with `api="/licensing"`.
 *
 * A fresh server takes seconds to start (mostly creating its database), and two starting at once on a small machine
 * take about as long as one after the other. So the run waits for the default server only; the second one starts
 * after it, while the first test files run, and the proxy holds requests for it until it is up. A test file that
 * uses it waits for it in a `before` hook (`licensingServerReady()` in the elements' test helpers).
 *
 * `POST /__test__/users {email, password}` and `POST /__test__/invitations {email}` seed users through the default
 * server's admin API (`/licensing/__test__/…` through the second one's); `POST /__test__/accounts {customerId, name,
 * mainContactEmail, legacyPassword?}` (with `legacyPassword`, an old customer-ID login, customer-ID migration) and
 * `POST /__test__/accounts/link {customerId, email, role?}` seed customer accounts and link users to them. Data lives for
 * the whole run: give every test its own e-mail and customer IDs.
 *
 * Failed sign-ins are limited per account AND per client IP (10 in 15 minutes), and every browser request comes
 * from this machine. So the proxy acts as what it is, a trusted reverse proxy (PORTICO_TRUSTED_PROXIES), and tells
 * the servers a client address of its own per test file (X-Forwarded-For, keyed by the `wtr-session-id` in the
 * page's Referer): each file is a separate client with its own budget, whatever order the files run in.
 *
 * Both servers name their session cookie alike, and the page has one origin. So that a session of one never reaches
 * (or is overwritten or cleared by) the other, the proxy keeps the second server's cookies apart, as a reverse proxy
 * mounting an app under a path would: their Path is moved under `/licensing`, and their name gets a `licensing.`
 * prefix, which the proxy takes off again on the way in, passing that server only its own cookies. (The Path alone
 * would not do: the browser sends a root-path cookie to `/licensing/…` too, under the same name.) Tests therefore
 * need not sign out to leave the other server's tests alone.
 */

/** @typedef {import('./test/support/server-process.mjs').RunningServer} RunningServer */
/**
 * @typedef {object} Backend One Portico server of this run.
 * @property {string} prefix Path it is mounted under on the page's origin ('' for the root).
 * @property {Record<string, string>} env Its settings besides the ones every server gets.
 * @property {Promise<RunningServer> | null} starting Settles once the server is up (or could not start).
 * @property {RunningServer | null} server Set once it is up.
 */

const adminToken = randomBytes(32).toString('base64url');

/** The Portico servers, started by the plugin below; the root one first. */
const portico = {
  /** @type {Backend[]} */
  backends: [
    // BankID on (leasing portal), with the development server's local BankID test server at `/bankid-test`.
    // Session tokens also as a cookie, kept fresh by the elements. Passkeys on (the preset's), but not offered after
    // every password sign-in: the offer would stand between each test's sign-in and `portico-signed-in` (the
    // end-to-end tests walk the offer).
    {
      prefix: '',
      env: { PORTICO_BANKID: 'true', PORTICO_TOKEN_COOKIE: 'true', PORTICO_PASSKEY_PROMPT: 'never' },
      starting: null,
      server: null,
    },
    {
      prefix: '/licensing',
      env: { PORTICO_PRESET: 'licensing', PORTICO_SIGNUP_ALLOWED_DOMAINS: 'example.test', PORTICO_RESEND_COOLDOWN_SECONDS: '5' },
      starting: null,
      server: null,
    },
  ],
  /** @type {Array<() => Promise<void>>} */
  cleanups: [],
  /** @type {Map<string, string>} */
  clientBySession: new Map(),
};

/**
 * Starts `backend`'s server on fresh folders; `backend.starting` settles once it is up.
 * @param {Backend} backend
 */
function startBackend(backend) {
  backend.starting = (async () => {
    const data = await migratedFolder('portico-wtr-data-');
    const assets = await temporaryFolder('portico-wtr-static-');
    portico.cleanups.push(data.remove, assets.remove);
    const server = await startServer({
      PORTICO_DATA_DIR: data.path,
      PORTICO_STATIC_DIR: assets.path,
      PORTICO_ADMIN_TOKEN: adminToken,
      PORTICO_TRUSTED_PROXIES: '127.0.0.1',
      PORTICO_MODE: 'development',
      HOST: '127.0.0.1',
      ...backend.env,
    });
    backend.server = server;
    return server;
  })();
  // A failed start is reported to the requests that need the server (and to the run, for the root one).
  backend.starting.catch(() => undefined);
  return backend.starting;
}

function porticoServerPlugin() {
  return {
    name: 'portico-test-server',
    async serverStart() {
      const [root, ...others] = portico.backends;
      if (root) await startBackend(root);
      // The others in the background (see the top comment).
      for (const backend of others) void startBackend(backend);
    },
    async serverStop() {
      // A server still starting is waited for, so that none outlives the run.
      await Promise.all(
        portico.backends.map(async (backend) => {
          await backend.starting?.catch(() => undefined);
          await backend.server?.stop();
          backend.server = null;
        }),
      );
      for (const cleanup of portico.cleanups.splice(0)) await cleanup();
    },
  };
}

/**
 * The QR generator (`qrcode`, loaded lazily by the elements that draw QR codes) is published as CommonJS, which a
 * browser cannot import as is; Vite converts it for the demo and the bundles. Here it is served as one ES module,
 * bundled once from its browser build, with the named exports the elements use.
 */
function qrcodeAsEsModulePlugin() {
  /** @type {Promise<string> | null} */
  let bundled = null;
  return {
    name: 'portico-qrcode-esm',
    /** @param {import('koa').Context} context */
    async serve(context) {
      if (!/\/node_modules\/qrcode\/lib\/(index|browser)\.js$/.test(context.path)) return undefined;
      bundled ??= build({
        stdin: {
          contents: "import * as qrcode from 'qrcode'; export const { create, toCanvas, toDataURL, toString } = qrcode; export default qrcode;",
          resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        },
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
      }).then((result) => result.outputFiles[0]?.text ?? '');
      return { body: await bundled, type: 'js' };
    },
  };
}

/**
 * msw's service worker at the page origin's root, so that a test page can start the browser mock
 * (`@portico/mock/browser`) with scope `/`. Only pages that start it are served by the mock: the worker passes every
 * other page's requests through, so the proxy to the real servers below is untouched.
 */
function mockServiceWorkerPlugin() {
  const workerFile = fileURLToPath(new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url));
  return {
    name: 'portico-mock-service-worker',
    /** @param {import('koa').Context} context */
    async serve(context) {
      if (context.path !== '/mockServiceWorker.js') return undefined;
      return { body: await readFile(workerFile, 'utf8'), type: 'js' };
    },
  };
}

// Last resort when the runner dies without stopping its plugins (crash, second Ctrl-C).
process.once('exit', () => {
  for (const backend of portico.backends) backend.server?.child.kill('SIGTERM');
});

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

/**
 * The backend whose `<prefix><below>` (e.g. `/licensing/api`) `path` lies under; the longest prefix wins.
 * @param {string} path
 * @param {string} below e.g. '/api'
 * @returns {Backend | undefined}
 */
function backendFor(path, below) {
  return portico.backends
    .filter(({ prefix }) => path === `${prefix}${below}` || path.startsWith(`${prefix}${below}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

/**
 * The name a cookie of `backend` has in the browser (see the top comment); the root server's keep theirs.
 * @param {Backend} backend
 */
const cookiePrefix = (backend) => (backend.prefix ? `${backend.prefix.slice(1)}.` : '');

/**
 * The browser's `Cookie` header as `backend` should see it: only its own cookies, under their own names.
 * @param {Backend} backend
 * @param {string | undefined} header
 * @returns {string | undefined}
 */
function cookiesFor(backend, header) {
  const prefix = cookiePrefix(backend);
  if (!prefix || header === undefined) return header;
  const own = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(prefix))
    .map((pair) => pair.slice(prefix.length));
  return own.length > 0 ? own.join('; ') : undefined;
}

/**
 * A `Set-Cookie` of `backend` as the browser should keep it: prefixed name, Path under the backend's prefix.
 * @param {Backend} backend
 * @param {string} cookie
 */
function browserCookie(backend, cookie) {
  const prefix = cookiePrefix(backend);
  if (!prefix) return cookie;
  const [pair = '', ...attributes] = cookie.split(';');
  const path =
    attributes
      .find((attribute) => /^\s*path=/i.test(attribute))
      ?.split('=')[1]
      ?.trim() ?? '/';
  const kept = attributes.filter((attribute) => !/^\s*path=/i.test(attribute));
  return [`${prefix}${pair.trim()}`, ...kept.map((attribute) => attribute.trim()), `Path=${backend.prefix}${path === '/' ? '' : path}`].join('; ');
}

const hopByHopHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/**
 * Sends one request to a Portico server and copies its answer (status, headers incl. set-cookie, body) to ctx.
 * @param {import('koa').Context} ctx
 * @param {Backend} backend
 * @param {{ method: string, path: string, headers: http.OutgoingHttpHeaders, body: Buffer | null }} request
 * @returns {Promise<void>}
 */
async function forward(ctx, backend, request) {
  /** @type {RunningServer} */
  let server;
  try {
    // Held until the server is up.
    server = await (backend.starting ?? Promise.reject(new Error('not started')));
  } catch (error) {
    ctx.status = 502;
    ctx.body = `The Portico test server for '${backend.prefix || '/'}' could not start: ${error instanceof Error ? error.message : error}`;
    return;
  }
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: server.port, method: request.method, path: request.path, headers: request.headers },
      (response) => {
        /** @type {Buffer[]} */
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () => {
          ctx.status = response.statusCode ?? 502;
          for (const [name, value] of Object.entries(response.headers)) {
            if (value === undefined || hopByHopHeaders.has(name)) continue;
            ctx.set(name, name === 'set-cookie' && Array.isArray(value) ? value.map((cookie) => browserCookie(backend, cookie)) : value);
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
 * `<prefix>/api/*` → that backend's `/api/*`, same origin for the browser; Host and Origin pass unchanged for the
 * CSRF check, cookies as the top comment says.
 * @param {import('koa').Context} ctx
 * @param {import('koa').Next} next
 */
async function proxyApi(ctx, next) {
  // The local BankID test server exists on the default server only.
  const bankidTest = ctx.path === '/bankid-test' || ctx.path.startsWith('/bankid-test/');
  const backend = backendFor(ctx.path, '/api') ?? (bankidTest ? portico.backends[0] : undefined);
  if (!backend) return next();
  /** @type {http.OutgoingHttpHeaders} */
  const headers = { ...ctx.req.headers, 'x-forwarded-for': clientAddressFor(ctx.req) };
  for (const name of hopByHopHeaders) delete headers[name];
  const cookie = cookiesFor(backend, ctx.req.headers.cookie);
  if (cookie === undefined) delete headers.cookie;
  else headers.cookie = cookie;
  const body = ['GET', 'HEAD'].includes(ctx.method) ? null : await readBody(ctx.req);
  if (body) headers['content-length'] = String(body.length);
  await forward(ctx, backend, { method: ctx.method, path: ctx.url.slice(backend.prefix.length), headers, body });
}

/**
 * Test-only seeding endpoints (below a backend's prefix) and the admin API route each forwards to, with the admin
 * token: the endpoint table's `adminCreateUser`, `adminInvitations`, `adminAccounts` and `adminAccountLinks`, each at
 * its path with `/__test__/` for `/api/admin/`, which is how the typed admin client of test/support/seed-user.ts
 * reaches them. Read from the table itself (a TypeScript module, loaded for the moment it takes), so a path changed
 * there changes here.
 */
const seedRoutes = await (async () => {
  const unregister = register();
  try {
    /** @type {{ serverEndpointRoutes: Record<string, { path: string }> }} */
    const { serverEndpointRoutes } = await import('./packages/contract/src/endpoint-routes.ts');
    const seeders = ['adminCreateUser', 'adminInvitations', 'adminAccounts', 'adminAccountLinks'];
    return new Map(
      seeders.map((name) => {
        const { path } = serverEndpointRoutes[name] ?? { path: '' };
        if (!path.startsWith('/api/admin/')) throw new Error(`${name} is no admin endpoint of the table`);
        return [path.replace(/^\/api\/admin\//, '/__test__/'), path];
      }),
    );
  } finally {
    await unregister();
  }
})();

/**
 * Test-only: `POST [<prefix>]/__test__/users`, `…/invitations`, `…/accounts` and `…/accounts/link` go to that
 * backend's admin API; they answer as it does.
 * @param {import('koa').Context} ctx
 * @param {import('koa').Next} next
 */
async function seed(ctx, next) {
  const backend = backendFor(ctx.path, '/__test__');
  const target = backend && seedRoutes.get(ctx.path.slice(backend.prefix.length));
  if (!backend || !target || ctx.method !== 'POST') return next();
  const body = await readBody(ctx.req);
  await forward(ctx, backend, {
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
  // Three files at once, each in a browser context of its own (below): 85 s instead of 147 s one at a time. The
  // timing tests allow for the load that brings (the BankID tests wait up to 12 s for what a poll shows).
  concurrency: 3,
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChrome(), headless: true, args: chromeArgs },
      // Each test file in a browser context of its own: its own cookies (the session), storage and tabs' channel, as
      // a browser of its own would be, so two files running at once cannot sign each other out.
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  middleware: [seed, proxyApi],
  plugins: [
    porticoServerPlugin(),
    qrcodeAsEsModulePlugin(),
    mockServiceWorkerPlugin(),
    // Lowers Lit's standard decorators (`@property() accessor`), which Chromium cannot parse yet.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  testFramework: { config: { timeout: 10_000 } },
  // Lit's dev build is useful in tests (it warns about update mistakes), but its banner on every file is noise.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
};
