import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromeArgs, findChrome } from '../support/find-chrome.mjs';
import { waitForAlert } from '../support/demo-page.ts';
import { repoRoot, type RunningServer, startServer, migratedFolder, temporaryFolder } from '../support/server-process.mjs';

/**
 * The "same site, another origin" deployment of README's Deployments: the host page on www.example.test, the API on
 * auth.example.test (Chromium resolves both to this machine), each with its own server. The page loads the
 * script-tag bundle from its own origin and points `<portico-auth api>` at the API; the API allows exactly the www
 * origin. Real server, real
 * Chromium, real CORS and cookies.
 */
const elementsDist = join(repoRoot, 'packages/elements/dist');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('an API on another origin of the same site, in Chromium', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let server: RunningServer;
  let browser: Browser;
  let port: number;
  let demo: { email: string; password: string };
  const pageErrors: string[] = [];
  /**
   * The host site's own web server: `/` embeds `<portico-auth>` for the API on auth.example.test; `/portico.js` and
   * its chunks are the built bundle, loaded from the page's own origin.
   */
  const hostSite = { port: 0, server: http.createServer() };
  hostSite.server.on('request', (request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><html lang="en"><body>
        <portico-auth api="http://auth.example.test:${port}"></portico-auth>
        <p id="who"></p>
        <script type="module" src="/portico.js"></script>
        <script type="module">
          document.addEventListener('portico-signed-in', (event) => {
            document.getElementById('who').textContent = event.detail.user.email;
          });
        </script>
      </body></html>`);
      return;
    }
    const file = join(elementsDist, path);
    if (file.startsWith(elementsDist) && path.endsWith('.js') && existsSync(file)) {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(readFileSync(file));
      return;
    }
    response.writeHead(404).end();
  });

  before(async () => {
    assert.ok(existsSync(join(elementsDist, 'portico.js')), 'build the elements first: npm run build:elements');
    folder = await migratedFolder();
    port = await freePort();
    await new Promise<void>((resolve) => hostSite.server.listen(0, '127.0.0.1', resolve));
    const address = hostSite.server.address();
    hostSite.port = typeof address === 'object' && address ? address.port : 0;
    server = await startServer({
      PORT: String(port),
      PORTICO_DATA_DIR: folder.path,
      // Another port is another origin, but the same site: sites ignore ports (and schemes are equal here).
      PORTICO_ALLOWED_ORIGINS: `http://www.example.test:${hostSite.port}`,
      // Not this test's subject: the passkey offer would stand between the sign-in and the host page's dashboard.
      PORTICO_PASSKEY_PROMPT: 'never',
    });
    const match = /demo user: (\S+)\s+password: (\S+)/.exec(server.output());
    assert.ok(match, `no demo user printed:\n${server.output()}`);
    demo = { email: match[1]!, password: match[2]! };
    browser = await puppeteer.launch({
      executablePath: findChrome(),
      headless: true,
      args: [...chromeArgs, '--host-resolver-rules=MAP *.example.test 127.0.0.1'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await folder?.remove();
    await new Promise((resolve) => hostSite.server.close(resolve));
  });

  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'errors in the page'));

  /** A new browser profile on the host page of `host` (e.g. `www.example.test`), served by the host site's server. */
  async function openHostPage(host: string): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.on('pageerror', (error: unknown) => pageErrors.push(String(error)));
    await page.goto(`http://${host}:${hostSite.port}/`, { waitUntil: 'networkidle0' });
    return page;
  }

  async function signIn(page: Page): Promise<void> {
    await page.waitForSelector('portico-login-form input[autocomplete~="username"]');
    await page.type('portico-login-form input[autocomplete~="username"]', demo.email);
    await page.type('portico-login-form input[autocomplete="current-password"]', demo.password);
    await page.keyboard.press('Enter');
  }

  it('signs in from the allowed origin; the session cookie goes with later calls to the API', async () => {
    const page = await openHostPage('www.example.test');
    await signIn(page);
    await page
      .waitForFunction((email) => document.getElementById('who')?.textContent === email, { timeout: 15_000 }, demo.email)
      .catch(async (error: unknown) => {
        const text = await page.evaluate(() => {
          const auth = document.querySelector('portico-auth');
          return (auth?.shadowRoot?.textContent ?? '') + ' | ' + (auth?.textContent ?? '');
        });
        throw new Error(`${String(error)}; the page shows: ${text.replace(/\s+/g, ' ')}`);
      });

    // The page itself never sees the token: HttpOnly, and host-only on the API's host.
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /portico_session/);
    const session = await page.evaluate(async (api) => {
      const response = await fetch(`${api}/api/session`, { credentials: 'include' });
      return { status: response.status, body: (await response.json()) as { user?: { email: string } } };
    }, `http://auth.example.test:${port}`);
    assert.equal(session.status, 200);
    assert.equal(session.body.user?.email, demo.email);
  });

  it('does not work from an origin of the same site that is not on the allow-list', async () => {
    const page = await openHostPage('intruder.example.test');
    await signIn(page);
    // The browser withholds the API's answer (no CORS headers for this origin): the form says it cannot reach it.
    const alert = await waitForAlert(page, 15_000);
    assert.match(alert, /could not be reached|connection/i);
    assert.equal(await page.evaluate(() => document.getElementById('who')?.textContent), '');
  });
});
