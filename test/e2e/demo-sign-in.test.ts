import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { watchPage } from '../support/demo-page.ts';
import { chromeArgs, findChrome } from '../support/find-chrome.mjs';
import { repoRoot, type RunningServer, startServer, migratedFolder, temporaryFolder } from '../support/server-process.mjs';

/**
 * A newcomer's first minute: `npm start` on an empty data folder, open the printed URL, sign in as the printed demo
 * user, see the dashboard, reload, sign out. Real server, real PGlite, real Chromium.
 */
describe('demo portal in Chromium', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let server: RunningServer;
  let browser: Browser;
  let demo: { email: string; password: string };
  /** Uncaught errors in any page: a test fails if the demo throws, even when the UI looks right. */
  const pageErrors: string[] = [];
  const watch = (page: Page) => watchPage(page, pageErrors);

  before(async () => {
    assert.ok(existsSync(join(repoRoot, 'demo/dist/index.html')), 'build the demo first: npm run build:demo');
    folder = await migratedFolder();
    server = await startServer({ PORTICO_DATA_DIR: folder.path, PORTICO_PASSKEY_PROMPT: 'never' });
    const match = /demo user: (\S+)\s+password: (\S+)/.exec(server.output());
    assert.ok(match, `no demo user printed:\n${server.output()}`);
    demo = { email: match[1]!, password: match[2]! };
    browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: chromeArgs });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await folder?.remove();
  });

  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'errors in the page'));

  async function openPortal(): Promise<Page> {
    const page = await browser.newPage();
    await watch(page);
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    return page;
  }

  const visible = (page: Page, selector: string) => page.$eval(selector, (el) => !(el as HTMLElement).hidden && (el as HTMLElement).offsetParent !== null);

  it('signs in the demo user by keyboard alone, shows the dashboard, survives a reload and signs out', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await watch(page);
    await page.goto(server.url, { waitUntil: 'networkidle0' });

    // The credential inputs are real light-DOM form fields a password manager can see.
    const username = await page.waitForSelector('portico-auth form input[autocomplete~="username"]', { visible: true });
    assert.ok(username);
    assert.ok(await page.$('portico-auth form input[type="password"][autocomplete="current-password"]'));

    // Keyboard only: Tab into the e-mail field, type, Tab to the password, Enter submits.
    await page.focus('body');
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')?.startsWith('username'))) break;
    }
    // On an IP address (the printed URL) there are no passkeys: browsers refuse them there. (On a host name the field
    // reads `username webauthn`: see demo-passkeys.)
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'username');
    await page.keyboard.type(demo.email);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'current-password');
    await page.keyboard.type(demo.password);
    await page.keyboard.press('Enter');

    await page.waitForSelector('#dashboard:not([hidden])', { visible: true });
    assert.equal(await page.$eval('#dashboard-email', (el) => el.textContent), demo.email);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dashboard-heading');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'portico_session');
    assert.ok(session, 'session cookie set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(await page.evaluate(() => document.cookie), '', 'the session cookie is not readable by scripts');

    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#dashboard:not([hidden])', { visible: true });
    assert.equal(await visible(page, '#signed-out'), false);
    assert.equal(await page.$eval('#dashboard-email', (el) => el.textContent), demo.email);

    // A page of the same site (127.0.0.1 on another port: the SameSite=Lax cookie goes along) cannot frame the
    // signed-in dashboard: frame-ancestors 'none' (clickjacking).
    const framer = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><iframe src="${server.url}/" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    try {
      const framing = await context.newPage();
      await framing.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`, { waitUntil: 'networkidle0' });
      const frame = framing.frames().find((candidate) => candidate !== framing.mainFrame());
      assert.ok(frame, 'the iframe exists');
      // Chromium replaces a refused frame with its error page: the portal never loads in it.
      assert.doesNotMatch(frame.url(), new RegExp(`^${server.url}`));
      assert.doesNotMatch(String(await frame.evaluate('document.body ? document.body.innerText : ""').catch(() => '')), /Signed in/);
      await framing.close();
    } finally {
      framer.close();
    }

    await page.click('#sign-out');
    await page.waitForSelector('portico-auth form input[autocomplete~="username"]', { visible: true });
    assert.equal(await visible(page, '#dashboard'), false);
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#signed-out:not([hidden])', { visible: true });
    const status = await page.evaluate(async () => (await fetch('/api/session')).status);
    assert.equal(status, 401);
    await context.close();
  });

  it('tells the user about a wrong password and keeps what they typed', async () => {
    const page = await openPortal();
    await page.waitForSelector('portico-auth form input[autocomplete~="username"]', { visible: true });
    await page.type('portico-auth input[autocomplete~="username"]', demo.email);
    await page.type('portico-auth input[autocomplete="current-password"]', 'not the password');
    await page.keyboard.press('Enter');
    const alert = await page.waitForFunction(() => {
      const auth = document.querySelector('portico-auth');
      const roots: (Document | ShadowRoot)[] = [document];
      for (const el of [auth, ...Array.from(auth?.querySelectorAll('*') ?? [])]) if (el?.shadowRoot) roots.push(el.shadowRoot);
      for (const root of roots) {
        const found = root.querySelector('[role="alert"]');
        if (found?.textContent?.trim()) return found.textContent.trim();
      }
      return false;
    });
    assert.match(String(await alert.jsonValue()), /incorrect/i);
    assert.equal(await page.$eval('portico-auth input[autocomplete~="username"]', (el) => el.value), demo.email);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'current-password');
    assert.equal(await visible(page, '#dashboard'), false);
    await page.close();
  });
});
