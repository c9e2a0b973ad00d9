import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { clickButton, inputValue, launchBrowser, openPage, signIn, typeInto, waitForText } from '../support/demo-page.ts';
import { type RunningServer, startServer, migratedFolder, temporaryFolder } from '../support/server-process.mjs';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * The leasing portal's forgotten password in the demo portal, in Chromium: "har ni glömt lösenord" (ask for a reset, read the mail in the demo's
 * Inbox, open its link as a mail program would, choose a new password, sign in with it) and "byta lösenord" under My
 * details. Real server, real PGlite, real Chromium.
 */
describe('passwords in the demo portal', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let server: RunningServer;
  let browser: Browser;
  let demoEmail: string;
  const pageErrors: string[] = [];

  before(async () => {
    folder = await migratedFolder();
    server = await startServer({ PORTICO_DATA_DIR: folder.path, PORTICO_PASSKEY_PROMPT: 'never' });
    const match = /demo user: (\S+)/.exec(server.output());
    assert.ok(match, server.output());
    demoEmail = match[1]!;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await folder?.remove();
  });

  const open = (url: string): Promise<Page> => openPage(browser, url, pageErrors);

  it('resets the password from the mailed link and signs in with the new one', async () => {
    const portal = await open(server.url);
    await portal.waitForSelector('portico-auth input[autocomplete~="username"]', { visible: true });
    await clickButton(portal, 'Forgot password?');
    const email = await portal.waitForSelector('portico-forgot-password input[autocomplete~="username"]', { visible: true });
    await email!.type(demoEmail);
    await portal.keyboard.press('Enter');
    await waitForText(portal, 'Check your e-mail');

    // The demo's Inbox shows the reset mail; its link is what the user would click in a mail program.
    await portal.waitForSelector('#inbox:not([hidden])', { visible: true });
    const link = await portal.waitForFunction(
      () => [...document.querySelectorAll<HTMLAnchorElement>('#inbox-list a')].find((a) => a.href.includes('#portico-link='))?.href,
      { timeout: 15_000 },
    );
    const resetUrl = String(await link.jsonValue());
    assert.ok(resetUrl.startsWith(server.url), resetUrl);

    const resetPage = await open(resetUrl);
    const newPassword = 'Fresh-Start-2026!';
    const inputs = await resetPage.waitForSelector('portico-set-password input[autocomplete="new-password"]', { visible: true });
    assert.ok(inputs);
    assert.doesNotMatch(resetPage.url(), /portico-link/, 'the token leaves the address bar');
    const fields = await resetPage.$$('portico-set-password input[autocomplete="new-password"]');
    assert.equal(fields.length, 2, 'password and confirmation');
    await fields[0]!.type(newPassword);
    await fields[1]!.type(newPassword);
    await resetPage.keyboard.press('Enter');

    // Back on the sign-in form, with the e-mail filled in and a notice.
    const password = await resetPage.waitForSelector('portico-login-form input[autocomplete="current-password"]', { visible: true });
    assert.equal(await resetPage.$eval('portico-login-form input[autocomplete~="username"]', (el) => el.value), demoEmail);
    await password!.type(newPassword);
    await resetPage.keyboard.press('Enter');
    await resetPage.waitForSelector('#dashboard:not([hidden])', { visible: true });
    assert.equal(await resetPage.$eval('#dashboard-email', (el) => el.textContent), demoEmail);

    // The link worked once.
    const again = await open(resetUrl);
    await waitForText(again, 'This link cannot be used');
    assert.equal(await again.$('portico-set-password'), null);
    // Pasted into a tab already open (here the signed-in dashboard), only the fragment changes: acted on at once.
    await resetPage.bringToFront();
    await resetPage.evaluate((hash) => (location.hash = hash), new URL(resetUrl).hash);
    await waitForText(resetPage, 'This link cannot be used');
    assert.doesNotMatch(resetPage.url(), /portico-link/, 'the token leaves the address bar');
    assert.deepEqual(pageErrors, []);
  });

  it('changes the name and the password under My details, signs other sessions out, and signs in with the new one', async () => {
    const email = 'changer@example.se';
    const oldPassword = 'Old-Password-2026!';
    const newPassword = 'New-Password-2027!';
    const created = await runCliInProcess(['user', 'create', '--email', email, '--password', oldPassword], { PORTICO_DATA_DIR: folder.path });
    assert.equal(created.code, 0, created.stderr);

    const elsewhere = await browser.createBrowserContext();
    const otherPage = await elsewhere.newPage();
    await otherPage.goto(server.url, { waitUntil: 'networkidle0' });
    await signIn(otherPage, email, oldPassword);

    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.on('pageerror', (error: unknown) => pageErrors.push(String(error)));
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    await signIn(page, email, oldPassword);

    // My details: the e-mail is shown; a name, once saved, is what the portal's top bar calls the user.
    await page.waitForSelector('portico-profile input[autocomplete="name"]', { visible: true });
    assert.equal(await page.$eval('portico-profile dd', (el) => el.textContent?.trim()), email);
    assert.equal(await page.$eval('#who', (el) => el.textContent), email);
    await typeInto(page, 'portico-profile input[autocomplete="name"]', 'Carl Changer');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#who')?.textContent === 'Carl Changer');
    await waitForText(page, 'Your name has been saved.', 10_000, 'portico-profile');

    const current = await page.waitForSelector('portico-change-password input[autocomplete="current-password"]', { visible: true });
    await current!.type(oldPassword);
    const fields = await page.$$('portico-change-password input[autocomplete="new-password"]');
    assert.equal(fields.length, 2);
    await fields[0]!.type(newPassword);
    await fields[1]!.type(newPassword);
    const changed = page.evaluate(
      () =>
        new Promise<number>((resolve) => document.addEventListener('portico-password-changed', (e) => resolve(e.detail.otherSessionsEnded), { once: true })),
    );
    await page.keyboard.press('Enter');
    assert.equal(await changed, 1, 'the other browser was signed out');
    assert.equal(await otherPage.evaluate(async () => (await fetch('/api/session')).status), 401);

    await page.click('#sign-out');
    await page.waitForSelector('portico-login-form input[autocomplete~="username"]', { visible: true });
    await signIn(page, email, newPassword);
    assert.equal(await page.$eval('#dashboard-email', (el) => el.textContent), email);
    assert.equal(await inputValue(page, 'portico-profile input[autocomplete="name"]'), 'Carl Changer', 'the name was stored');
    assert.equal(await page.$eval('#who', (el) => el.textContent), 'Carl Changer');
    await elsewhere.close();
    await context.close();
    assert.deepEqual(pageErrors, []);
  });
});
