import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import {
  chooseNewPassword,
  clickButton,
  dashboardEmail,
  freshEmail,
  mailedLink,
  openPage,
  signIn,
  typeInto,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { runCli } from '../support/server-process.mjs';

/**
 * Two tabs of one browser on the demo portal agree about the session: a sign-in or sign-out in one shows in the
 * other within seconds, and a session ended from another browser (a password reset, "sign out other sessions")
 * sends the tab back to the sign-in form when it is looked at again or on its next request, with the reason; signed
 * in again, My details holds nothing of the ended session. Real server, real PGlite, real Chromium.
 */

// Looked at as the user does, by bringing the tab to the front: a background tab renders no frames to wait on.
async function showsSignIn(page: Page): Promise<void> {
  await page.bringToFront();
  await page.waitForSelector('portico-login-form input[autocomplete="username"]', { visible: true, timeout: 5000 });
}
async function showsDashboard(page: Page): Promise<void> {
  await page.bringToFront();
  await page.waitForSelector('#dashboard:not([hidden])', { visible: true, timeout: 5000 });
}

describe('tabs of one browser (hosting)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });

  it('sign-in, sign-out and a session ended by a reset in another browser show in every tab', async () => {
    const email = freshEmail('two-tabs');
    const password = 'Two-Tabs-Portal-2026!';
    const created = await runCli(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
    assert.equal(created.code, 0, created.stderr);
    const browser = await demo.newContext();
    const first = await openPage(browser, demo.server.url, demo.pageErrors);
    const second = await openPage(browser, demo.server.url, demo.pageErrors);
    await showsSignIn(second);

    // Signed in in the first tab: the second shows the portal too.
    await first.bringToFront();
    await signIn(first, email, password);
    await showsDashboard(second);
    assert.equal(await second.$eval('#dashboard-email', (el) => el.textContent), email);

    // Signed out in the second: the first returns to the sign-in form.
    await second.bringToFront();
    await second.click('#sign-out');
    await showsSignIn(first);

    // Signed in again; then the password is reset in another browser, which ends every session of the account.
    await signIn(first, email, password);
    await showsDashboard(second);
    const otherBrowser = await demo.newContext();
    const other = await openPage(otherBrowser, demo.server.url, demo.pageErrors);
    await clickButton(other, 'Forgot password?');
    await typeInto(other, 'portico-forgot-password input[autocomplete="username"]', email);
    await other.keyboard.press('Enter');
    await waitForText(other, email);
    const reset = await waitForMail(other, email, 'Reset your Portico password');
    const resetPage = await openPage(otherBrowser, mailedLink(reset, demo.server.url), demo.pageErrors);
    await chooseNewPassword(resetPage, 'portico-set-password', 'Reset-Elsewhere-2026!');
    await waitForText(resetPage, 'Your password has been set');

    // Back in the first tab: the sign-in form, saying why, not a portal that can no longer load.
    await first.bringToFront();
    await showsSignIn(first);
    await waitForHeading(first, 'Sign in');
    await waitForText(first, 'Your session has ended. Sign in again.');
    // The second tab heard of it from the first.
    await showsSignIn(second);
    await first.bringToFront();
    await signIn(first, email, 'Reset-Elsewhere-2026!');
    assert.equal(await dashboardEmail(first), email);
  });
  it('a session ended from another browser: the next request of a tab in front returns it to sign-in, and My details starts afresh', async () => {
    const email = freshEmail('next-request');
    const password = 'Next-Request-Portal-2026!';
    const created = await runCli(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
    assert.equal(created.code, 0, created.stderr);
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await signIn(page, email, password);

    // Signed in on another computer, which signs out every other session.
    const other = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await signIn(other, email, password);
    const ended = await other.evaluate(async () => {
      const response = await fetch('/api/account/sessions/end-others', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return (await response.json()) as { ended: number };
    });
    assert.deepEqual(ended, { ended: 1 });

    // Nothing in this browser knows yet; the next request finds out.
    await page.bringToFront();
    assert.equal(await page.$eval('#dashboard', (el) => (el as HTMLElement).hidden), false);
    await typeInto(page, 'portico-profile input[autocomplete="name"]', 'Never Saved');
    await clickButton(page, 'Save name', 'portico-profile');
    await showsSignIn(page);
    await waitForText(page, 'Your session has ended. Sign in again.');

    // Signed in again: My details shows nothing of the ended session.
    await signIn(page, email, password);
    await page.waitForSelector('portico-profile input[autocomplete="name"]', { visible: true });
    assert.equal(await page.$eval('portico-profile input[autocomplete="name"]', (el) => (el as HTMLInputElement).value), '');
    const alerts = await page.$$eval('portico-profile [role="alert"]', (found) => found.map((el) => el.textContent?.trim()).filter(Boolean));
    assert.deepEqual(alerts, []);
  });
});
