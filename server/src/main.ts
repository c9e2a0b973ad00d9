import { isIP } from 'node:net';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { localBankIdServer } from './adapters/bankid/local-bankid-server.ts';
import { DataFolderBusyError } from './adapters/data-folder-lock.ts';
import { dataFolderSecretKey } from './adapters/data-folder-secret-key.ts';
import { openStore } from './adapters/open-store.ts';
import { webCryptoRandom } from './adapters/web-crypto-random.ts';
import { type AppEnv, createPortico, sweep } from './app.ts';
import { checkListenAddress, type Config, ConfigError, loadConfig } from './config.ts';
import { ensureDemoCustomerId, ensureDemoUser } from './demo-user.ts';
import { describeBankId, describeMailer, describeSmsSender, localBankIdPath, nodeBankId, nodePorts } from './node-ports.ts';
import { BankIdError, type Ports } from './ports/index.ts';
import { noPageSources, type PageSources } from './routes/middleware/security-headers.ts';
import { generateToken } from './services/tokens.ts';
import { serveBuilt } from './static-files.ts';

const demoDist = fileURLToPath(new URL('../../demo/dist', import.meta.url));
const elementsDist = fileURLToPath(new URL('../../packages/elements/dist', import.meta.url));

/** The element bundles a host page embeds with a script tag, and the chunks they load. */
const embeddedBundles = ['portico.js', 'sign-in.js'];

/** Files that make a folder the demo build: the in-browser mock backend, which answers the API in the page. */
const demoMarkers = ['mockServiceWorker.js', 'portico-mock.js'];

/** What is served beside the API, and how to tell the operator about it. */
interface StaticFiles {
  mount(app: Hono<AppEnv>): void;
  /** The inline scripts and styles of the served pages, which their Content-Security-Policy allows by hash. */
  pageSources: PageSources;
  /** A banner line when something expected is missing. */
  missing: string | null;
}

/**
 * Development serves the demo (or PORTICO_STATIC_DIR) beside the API. Production serves no demo, playground, test
 * phone or mock backend: without PORTICO_STATIC_DIR only the element bundles a host embeds; with it, that folder, as
 * the operator's own pages, unless it is the demo build.
 */
async function staticFiles(config: Config): Promise<StaticFiles> {
  if (config.mode === 'production' && config.staticDir === undefined) {
    return {
      mount(app) {
        for (const name of embeddedBundles) app.get(`/${name}`, serveBuilt({ path: join(elementsDist, name) }));
        app.get('/chunks/*', serveBuilt({ root: elementsDist }));
      },
      pageSources: noPageSources,
      missing: existsSync(join(elementsDist, 'portico.js'))
        ? null
        : `element bundles not built (${elementsDist} has no portico.js): run npm run build:elements`,
    };
  }
  const root = config.staticDir ?? demoDist;
  if (config.mode === 'production') {
    const markers = demoMarkers.filter((name) => existsSync(join(root, name)));
    if (markers.length > 0) {
      throw new ConfigError(
        `PORTICO_STATIC_DIR (${root}) holds the demo build (${markers.join(', ')}: the in-browser mock backend), which ` +
          'production does not serve. Point it at a folder of your own pages, or leave it unset to serve only the element ' +
          'bundles (portico.js, sign-in.js, chunks/).',
      );
    }
  }
  if (!existsSync(root)) {
    const missing = config.staticDir === undefined ? `demo not built (${root} missing): run npm run build:demo` : `PORTICO_STATIC_DIR (${root}) is missing`;
    return { mount: () => undefined, pageSources: noPageSources, missing };
  }
  const inline = await inlineHashes(root);
  return {
    mount: (app) => app.use('/*', serveBuilt({ root })),
    // The demo's hosts run the mock backend in the page (development only), which hashes passwords in WebAssembly.
    pageSources: { ...inline, webAssembly: config.mode === 'development' },
    missing: null,
  };
}

/**
 * CSP hash sources of every inline `<script>` and `<style>` in the folder's HTML files, read once at start: those
 * (and only those) run under the pages' Content-Security-Policy, so markup injected later cannot run script.
 */
async function inlineHashes(root: string): Promise<Pick<PageSources, 'scriptHashes' | 'styleHashes'>> {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const html = await readFile(join(entry.parentPath, entry.name), 'utf8');
    for (const [, attributes = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
      if (!/\bsrc\s*=/i.test(attributes)) scripts.add(hash(body));
    }
    for (const [, body = ''] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) styles.add(hash(body));
  }
  return { scriptHashes: [...scripts], styleHashes: [...styles] };
}

/** Node entry: `npm start`. Reads the environment (see README), opens storage, serves API and demo on one port. */
async function main(): Promise<void> {
  const config = loadConfig();
  checkListenAddress(config);
  const served = await staticFiles(config);
  const opened = await openStore(config, (error) => {
    console.error(`[portico] lost the lock on ${config.dataDir} (${error.message}); stopping to protect the data.`);
    process.exit(1);
  });
  // Without BANKID_URL (development only: production requires it), BankID is the local test server mounted below,
  // reached over HTTP like BankID itself at this server's own address, known once it listens.
  let ownOrigin: string | null = null;
  const localBankId = config.policy.bankid && config.bankid.url === null;
  const bankid = config.policy.bankid
    ? nodeBankId(config.bankid, () => {
        if (ownOrigin === null) throw new BankIdError('unreachable', null, 'the local BankID test server is not listening yet');
        return `${ownOrigin}${localBankIdPath}/rp/v6.0/`;
      })
    : undefined;
  const ports: Ports = { ...nodePorts(opened.store, config), ...(bankid ? { bankid } : {}) };
  // Production without SMTP_URL, or on PostgreSQL without PORTICO_SECRET_KEY, stopped in loadConfig already.
  const secretKey = config.secretKey ?? (opened.kind === 'postgres' ? null : await dataFolderSecretKey(config.dataDir, webCryptoRandom));
  if (config.policy.bankid && !secretKey) {
    // A personnummer is only ever stored sealed: without a key, nobody can add one, so BankID signs nobody in.
    console.warn('[portico] WARNING: BankID is on but PORTICO_SECRET_KEY is not set: personnummer cannot be stored, so BankID sign-in is unavailable.');
  }
  // The CLI reaches a running server through the admin API with this token, read from the locked data folder.
  const localAdminToken = generateToken(webCryptoRandom);
  const adminTokens = [localAdminToken, ...(config.adminToken ? [config.adminToken] : [])];
  // Development: the demo portal's own back end, a host of Portico's like any other, with an API key for the instant
  // validation and a webhook endpoint of its own (added once the server's address is known).
  const demoBackEnd =
    config.mode === 'development'
      ? { apiKey: generateToken(webCryptoRandom), webhookSecret: `whsec_${Buffer.from(webCryptoRandom.bytes(32)).toString('base64')}` }
      : null;
  const webhooks = [...config.webhooks];
  const tokens = {
    ...config.tokens,
    // Development has no public URL: tokens name the address the server listens on (known once it listens),
    // whichever name a page used.
    get issuer() {
      return config.publicUrl === null ? ownOrigin : null;
    },
  };
  const { app, services } = createPortico(ports, config.policy, {
    adminTokens,
    secureCookies: config.secureCookies,
    cookieDomain: config.cookieDomain,
    allowedOrigins: config.allowedOrigins,
    trustedProxies: config.trustedProxies,
    frameAncestors: config.frameAncestors,
    pageSources: served.pageSources,
    // The outbox holds live codes and links for every address: never served in production.
    devOutbox: config.mode === 'development',
    devOutboxHostCheck: true,
    productName: config.productName,
    publicUrl: config.publicUrl,
    preset: config.preset,
    phoneCountry: config.phoneCountry ?? null,
    secretKey,
    tokens,
    apiKeys: demoBackEnd ? [...config.apiKeys, demoBackEnd.apiKey] : config.apiKeys,
    webhooks,
    webauthn: config.webauthn,
    activityRetentionDays: config.activityRetentionDays,
  });

  // The local BankID test server and its test phone: development only (loadConfig requires BANKID_URL in production).
  if (localBankId && config.mode === 'development') app.route(localBankIdPath, localBankIdServer({ clock: ports.clock }));

  if (demoBackEnd) {
    // Loaded only here: production never runs the demo's code.
    const { portalApi } = await import('../../demo/backend/portal-api.ts');
    app.route('/', portalApi({ ...demoBackEnd, issuer: () => config.publicUrl ?? ownOrigin ?? 'http://127.0.0.1' }));
  }

  served.mount(app);

  const firstStart = !(await services.users.any());
  const demo = config.mode === 'development' ? await ensureDemoUser(services.users, ports.random, config.dataDir) : null;
  const demoCustomer =
    config.mode === 'development' && config.policy.customerIdLogin ? await ensureDemoCustomerId(services.customerAccounts, firstStart) : null;
  const sweeping = setInterval(() => {
    sweep(services).catch((error: unknown) => console.error('[portico] clean-up of expired records failed:', error));
  }, 10 * 60_000);
  sweeping.unref();
  // Orders left without a word (a tab closed mid-scan) are cancelled at BankID within seconds, not at the next clean-up.
  const abandonedOrders = setInterval(() => {
    services.bankidSignIn.cancelAbandoned().catch((error: unknown) => console.error('[portico] cancelling abandoned BankID orders failed:', error));
  }, 5_000);
  abandonedOrders.unref();

  // Other nodes' sign-outs and renewals empty this node's session memory at once (PostgreSQL LISTEN/NOTIFY).
  const watching = await services.sessions.watch();
  // PGlite is this process's alone: claims on messages died with the process before (a crash), so deliver them now.
  if (opened.kind === 'pglite') {
    await ports.store.releaseMessageClaims();
    await ports.store.releaseWebhookClaims();
  }
  // Queued mails and texts: delivered as they are queued, and looked for now and then (retries, other nodes' leftovers).
  services.delivery.start(5_000);
  void services.delivery.settled();
  // Webhooks alike: what was queued before a stop or crash goes out now, retries as they fall due.
  services.webhookDelivery.start(5_000);
  void services.webhookDelivery.settled();

  const server = serve(
    {
      fetch: (request, env) => app.fetch(request, { remoteAddress: env.incoming.socket.remoteAddress }),
      port: config.port,
      hostname: config.host,
    },
    (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `http://${host}:${info.port}`;
      const loopback = info.address === '0.0.0.0' ? '127.0.0.1' : info.address === '::' ? '[::1]' : host;
      ownOrigin = `http://${loopback}:${info.port}`;
      // Unless the operator chose endpoints, the demo's back end hears of changes (events before now had no endpoint).
      if (demoBackEnd && config.webhooks.length === 0) webhooks.push({ url: `${ownOrigin}/portal/api/webhooks`, secret: demoBackEnd.webhookSecret });
      // The note by which CLI commands find this server is written before the URL is printed, so that whoever waits
      // for the URL (a script, a test) can send commands at once; the banner follows either way.
      const announced = opened.lock?.announceServer({ pid: process.pid, url, adminToken: localAdminToken }) ?? Promise.resolve();
      const storage = opened.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
      // One write, so whoever watches for the URL line also has the rest of the banner.
      const lines = [
        `Portico (${config.mode}) listening on ${url}`,
        `  storage: ${storage}`,
        `  mail: ${describeMailer(config)}`,
        `  sms: ${describeSmsSender(config)}`,
      ];
      if (!config.smtpUrl && config.mode === 'development') lines.push(`  sent mail: ${url}/api/dev/outbox`);
      if (bankid) lines.push(`  BankID: ${describeBankId(config.bankid, url)}`);
      // Browsers refuse passkeys on a page whose host is an IP address.
      if (config.policy.passkeys.signIn && config.webauthn.rpId === null && isIP(info.address) !== 0)
        lines.push(`  passkeys: open http://localhost:${info.port}`);
      if (served.missing) lines.push(`  ${served.missing}`);
      if (demo) lines.push(`  demo user: ${demo.email}  password: ${demo.password}`);
      if (demoCustomer) lines.push(`  old customer-ID login (customer-ID migration): ${demoCustomer}; choose "Forgot password?" and enter it`);
      void announced
        .catch((error: unknown) => console.error('[portico] could not write the note CLI commands find this server by:', error))
        .then(() => console.log(lines.join('\n')));
    },
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Portico stopping (${signal})…`);
    services.delivery.stop();
    services.webhookDelivery.stop();
    clearInterval(abandonedOrders);
    server.close(() => {
      void watching
        .close()
        .then(() => opened.close())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error('[portico] error while closing storage:', error);
            process.exit(1);
          },
        );
    });
    // Keep-alive connections would hold close() open; end them so shutdown is prompt.
    if ('closeAllConnections' in server) server.closeAllConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof DataFolderBusyError)
    console.error(
      `${error.message}\nAnother Portico server (or a CLI command) is using it. Stop that process, or set ` +
        'PORTICO_DATA_DIR to another folder, or PORT if you meant to run a second server on other data.',
    );
  else console.error('[portico] failed to start:', error);
  process.exit(1);
});
