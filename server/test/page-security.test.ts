import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { signIn } from '../../test/support/demo-page.ts';
import { useDemoPortal } from '../../test/support/demo-portal.ts';
import { runCli, startServer, temporaryFolder } from '../../test/support/server-process.mjs';

/** A Content-Security-Policy violation as the page reported it. */
interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Opens `url` with every CSP violation the page reports collected (listening before any of its scripts run). */
async function openWatched(
  portal: ReturnType<typeof useDemoPortal>,
  url: string,
): Promise<{ page: Page; policy: string; violations: () => Promise<Violation[]> }> {
  const page = await (await portal.newContext()).newPage();
  // A string, not a function: the test's TypeScript transform would add helpers the page does not have.
  await page.evaluateOnNewDocument(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile + ':' + event.lineNumber });
    }, true);
  `);
  page.on('pageerror', (error: unknown) => portal.pageErrors.push(String(error)));
  const response = await page.goto(url, { waitUntil: 'networkidle0' });
  const policy = response?.headers()['content-security-policy'] ?? '';
  return { page, policy, violations: () => page.evaluate('window.__violations') as Promise<Violation[]> };
}

/**
 * Zod (in the demo's Inbox code and the mock backend) once probes whether it may compile validators with
 * `new Function`; the policy blocks it and zod validates without compiling. Every other violation fails the test.
 */
const isZodEvalProbe = (violation: Violation) => violation.directive === 'script-src' && violation.blocked === 'eval';

describe("the demo's pages under their Content-Security-Policy, in Chromium", () => {
  const portal = useDemoPortal({});
  let framer: Server | undefined;
  after(() => framer?.close());

  const pages = [
    { path: '/', ready: 'portico-auth input[autocomplete="username"]' },
    { path: '/playground.html', ready: '#token-controls input' },
    { path: '/test-phone.html', ready: '#orders-heading' },
    { path: '/hosts/plain.html', ready: 'portico-auth input[autocomplete="username"]' },
    { path: '/hosts/react.html', ready: 'portico-auth input[autocomplete="username"]' },
    // The mock backend: msw's service worker answers the API inside the page.
    { path: '/hosts/plain.html?backend=mock', ready: '#mock-note:not([hidden])' },
    { path: '/hosts/react.html?backend=mock', ready: 'portico-auth input[autocomplete="username"]' },
  ];
  for (const { path, ready } of pages) {
    it(`${path} works and breaks no rule of its policy`, async () => {
      const { page, policy, violations } = await openWatched(portal, `${portal.server.url}${path}`);
      // Strict: the page's own origin only, no inline script but the page's own (by hash), nobody may frame it.
      assert.match(policy, /default-src 'self'; script-src 'self'[^;]*; .*object-src 'none'; base-uri 'none'; .*frame-ancestors 'none'/);
      assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'/);
      await page.waitForSelector(ready, { timeout: 15_000 });
      assert.deepEqual((await violations()).filter((violation) => !isZodEvalProbe(violation)), []);
    });
  }

  it('signs in, and a page of the same site on another port cannot frame the signed-in dashboard', async () => {
    const email = 'framed@example.com';
    const password = 'Framed-Portal-2026!';
    const created = await runCli(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: portal.dataDir });
    assert.equal(created.code, 0, created.stderr);
    const { page, violations } = await openWatched(portal, portal.server.url);
    await signIn(page, email, password);
    assert.deepEqual((await violations()).filter((violation) => !isZodEvalProbe(violation)), []);

    // 127.0.0.1 on another port: another origin, but the same site, so the SameSite=Lax session cookie goes along.
    framer = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><iframe id="portal" src="${portal.server.url}/" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => framer!.listen(0, '127.0.0.1', resolve));
    const { port } = framer.address() as { port: number };
    const framingPage = await page.browserContext().newPage();
    await framingPage.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle0' });
    const frame = framingPage.frames().find((candidate) => candidate !== framingPage.mainFrame());
    assert.ok(frame, 'the iframe exists');
    // Chromium replaces a refused frame with its error page: the portal never loads in it.
    assert.doesNotMatch(frame.url(), new RegExp(`^${portal.server.url}`));
    const shown = await frame.evaluate('document.body ? document.body.innerText : ""').catch(() => '');
    assert.doesNotMatch(String(shown), /Signed in as/);
  });
});

describe('what production serves beside the API', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  before(async () => {
    folder = await temporaryFolder();
  });
  after(() => folder?.remove());

  const production = (dataDir: string) => ({
    PORTICO_DATA_DIR: dataDir,
    PORTICO_MODE: 'production',
    PORTICO_PUBLIC_URL: 'https://portal.example.com/',
    SMTP_URL: 'smtp://127.0.0.1:9',
    PORTICO_MFA_METHODS: 'totp',
  });

  it('by default, only the element bundles a host embeds: no demo, playground, test phone or mock backend', async () => {
    const server = await startServer(production(join(folder.path, 'data')));
    try {
      for (const path of ['/portico.js', '/sign-in.js']) {
        const response = await fetch(`${server.url}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', /javascript/, path);
      }
      const chunk = /from"\.\/(chunks\/[^"]+\.js)"/.exec(await (await fetch(`${server.url}/portico.js`)).text())?.[1];
      assert.ok(chunk, 'portico.js imports a chunk');
      assert.equal((await fetch(`${server.url}/${chunk}`)).status, 200);
      for (const path of [
        '/',
        '/index.html',
        '/playground.html',
        '/test-phone.html',
        '/hosts/plain.html',
        '/hosts/react.html',
        '/mockServiceWorker.js',
        '/portico-mock.js',
        '/bankid-test/test-phone/orders',
      ]) {
        assert.equal((await fetch(`${server.url}${path}`)).status, 404, path);
      }
    } finally {
      await server.stop();
    }
  });

  it("serves an operator's own PORTICO_STATIC_DIR under the page policy, and refuses the demo build", async () => {
    const own = join(folder.path, 'own-pages');
    await mkdir(own);
    await writeFile(join(own, 'index.html'), '<!doctype html><title>Login</title><script type="module" src="/portico.js"></script>');
    const server = await startServer({ ...production(join(folder.path, 'data')), PORTICO_STATIC_DIR: own });
    try {
      const page = await fetch(`${server.url}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
    } finally {
      await server.stop();
    }
    await writeFile(join(own, 'mockServiceWorker.js'), '// the mock backend');
    const refused = await startServer({ ...production(join(folder.path, 'data')), PORTICO_STATIC_DIR: own }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    assert.match(refused, /holds the demo build \(mockServiceWorker\.js/);
  });
});
