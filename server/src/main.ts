import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { localBankIdServer } from './adapters/bankid/local-bankid-server.ts';
import { DataFolderBusyError } from './adapters/data-folder-lock.ts';
import { dataFolderSecretKey } from './adapters/data-folder-secret-key.ts';
import { openStore } from './adapters/open-store.ts';
import { webCryptoRandom } from './adapters/web-crypto-random.ts';
import { createPortico, sweep } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { ensureDemoCustomerId, ensureDemoUser } from './demo-user.ts';
import { describeBankId, describeMailer, describeSmsSender, localBankIdPath, nodeBankId, nodePorts } from './node-ports.ts';
import { BankIdError, type Ports } from './ports/index.ts';
import { generateToken } from './services/tokens.ts';

/** Node entry: `npm start`. Reads the environment (see README), opens storage, serves API and demo on one port. */
async function main(): Promise<void> {
  const config = loadConfig();
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
  if (config.mode === 'production' && !config.smtpUrl) {
    // Still stored rather than dropped, so an operator can recover a mail by hand; but nobody receives it.
    console.warn(
      '[portico] WARNING: SMTP_URL is not set. Mail (sign-up codes, links, password resets) is NOT delivered: it is ' +
        'only written to the dev_outbox table. Set SMTP_URL to send mail.',
    );
  }
  const secretKey =
    config.secretKey ?? (opened.kind === 'postgres' ? null : await dataFolderSecretKey(config.dataDir, webCryptoRandom));
  if (config.mode === 'production' && !secretKey) {
    console.warn(
      '[portico] WARNING: PORTICO_SECRET_KEY is not set. Authenticator-app secrets are stored unsealed, so a copy of ' +
        'the database alone would be enough to compute their codes. Set it to 32 random bytes in base64.',
    );
  }
  if (config.policy.bankid && !secretKey) {
    // A personnummer is only ever stored sealed: without a key, nobody can add one, so BankID signs nobody in.
    console.warn('[portico] WARNING: BankID is on but PORTICO_SECRET_KEY is not set: personnummer cannot be stored, so BankID sign-in is unavailable.');
  }
  // The CLI reaches a running server through the admin API with this token, read from the locked data folder.
  const localAdminToken = generateToken(webCryptoRandom);
  const adminTokens = [localAdminToken, ...(config.adminToken ? [config.adminToken] : [])];
  const { app, services } = createPortico(ports, config.policy, {
    adminTokens,
    secureCookies: config.secureCookies,
    cookieDomain: config.cookieDomain,
    allowedOrigins: config.allowedOrigins,
    trustedProxies: config.trustedProxies,
    // The outbox holds live codes and links for every address: never served in production.
    devOutbox: config.mode === 'development',
    productName: config.productName,
    publicUrl: config.publicUrl,
    preset: config.preset,
    phoneCountry: config.phoneCountry ?? null,
    secretKey,
  });

  // The local BankID test server and its test phone: development only (loadConfig requires BANKID_URL in production).
  if (localBankId && config.mode === 'development') app.route(localBankIdPath, localBankIdServer({ clock: ports.clock }));

  const staticDir = config.staticDir ?? fileURLToPath(new URL('../../demo/dist', import.meta.url));
  if (existsSync(staticDir)) app.use('/*', serveStatic({ root: staticDir }));

  const firstStart = (await services.users.list()).length === 0;
  const demo = config.mode === 'development' ? await ensureDemoUser(services.users, ports.random, config.dataDir) : null;
  const demoCustomer =
    config.mode === 'development' && config.policy.customerIdLogin ? await ensureDemoCustomerId(services.customerAccounts, firstStart) : null;
  const sweeping = setInterval(() => {
    sweep(services).catch((error: unknown) => console.error('[portico] clean-up of expired records failed:', error));
  }, 10 * 60_000);
  sweeping.unref();

  // Other nodes' sign-outs and renewals empty this node's session memory at once (PostgreSQL LISTEN/NOTIFY).
  const watching = await services.sessions.watch();
  // PGlite is this process's alone: claims on messages died with the process before (a crash), so deliver them now.
  if (opened.kind === 'pglite') await ports.store.releaseMessageClaims();
  // Queued mails and texts: delivered as they are queued, and looked for now and then (retries, other nodes' leftovers).
  services.delivery.start(5_000);
  void services.delivery.settled();

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
      void opened.lock?.announceServer({ pid: process.pid, url, adminToken: localAdminToken });
      const storage = opened.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
      // One write, so whoever watches for the URL line also has the rest of the banner.
      const lines = [`Portico (${config.mode}) listening on ${url}`, `  storage: ${storage}`, `  mail: ${describeMailer(config)}`, `  sms: ${describeSmsSender(config)}`];
      if (!config.smtpUrl && config.mode === 'development') lines.push(`  sent mail: ${url}/api/dev/outbox`);
      if (bankid) lines.push(`  BankID: ${describeBankId(config.bankid, url)}`);
      if (!existsSync(staticDir)) lines.push(`  demo not built (${staticDir} missing): run npm run build:demo`);
      if (demo) lines.push(`  demo user: ${demo.email}  password: ${demo.password}`);
      if (demoCustomer) lines.push(`  old customer-ID login (seed 001): ${demoCustomer}; choose "Forgot password?" and enter it`);
      console.log(lines.join('\n'));
    },
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Portico stopping (${signal})…`);
    services.delivery.stop();
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
