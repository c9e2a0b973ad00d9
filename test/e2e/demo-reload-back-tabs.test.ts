import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { totpCodeAt } from '../../server/src/services/mfa/totp.ts';
import type { Page } from 'puppeteer-core';
import {
  chooseNewPassword,
  clickButton,
  dashboardEmail,
  freshEmail,
  heading,
  mailedLink,
  openPage,
  signIn,
  submitPassword,
  typeInto,
  waitAndClick,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { type DemoPortal, useDemoPortal } from '../support/demo-portal.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * Every step of the sign-in, sign-up, invitation, customer-ID and 2-step flows survives what people do to a page:
 * at each step the test reloads (the step comes back, with what the server sent for it), presses Back (the step
 * before, inside the sign-in, not the page before) and Forward (the step again), then goes on; each flow ends signed
 * in. And two tabs of one browser agree about the session: a sign-in or sign-out in one shows in the other, and a
 * session ended from another browser (a password reset, "sign out other sessions") sends the tab back to the sign-in
 * form when it is looked at again or on its next request, with the reason; signed in again, My details holds nothing
 * of the ended session. Real server, real PGlite, real Chromium.
 */

/** Reload, then Back and Forward: `<portico-auth>` shows the same step after the reload and after Forward. */
async function reloadBackForward(page: Page, previous: string | null, field?: string): Promise<void> {
  const step = await heading(page);
  await page.reload({ waitUntil: 'networkidle0' });
  await waitForHeading(page, step);
  if (field) await page.waitForSelector(field, { visible: true });
  if (previous === null) return;
  await page.evaluate(() => history.back());
  await waitForHeading(page, previous);
  await page.evaluate(() => history.forward());
  await waitForHeading(page, step);
  if (field) await page.waitForSelector(field, { visible: true });
}

async function cli(demo: DemoPortal, args: string[]): Promise<void> {
  const result = await runCliInProcess(args, { PORTICO_DATA_DIR: demo.dataDir });
  assert.equal(result.code, 0, result.stderr);
}

// Looked at as the user does, by bringing the tab to the front: a background tab renders no frames to wait on.
async function showsSignIn(page: Page): Promise<void> {
  await page.bringToFront();
  await page.waitForSelector('portico-login-form input[autocomplete~="username"]', { visible: true, timeout: 5000 });
}
async function showsDashboard(page: Page): Promise<void> {
  await page.bringToFront();
  await page.waitForSelector('#dashboard:not([hidden])', { visible: true, timeout: 5000 });
}

const username = 'portico-login-form input[autocomplete~="username"]';
const password = 'Reload-And-Back-2026!';

describe('reload, Back and Forward at every step (hosting)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });

  it('sign-in and "Forgot password?"', async () => {
    const email = freshEmail('reload-sign-in');
    await cli(demo, ['user', 'create', '--email', email, '--password', password]);
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await page.waitForSelector(username, { visible: true });
    await reloadBackForward(page, null, username);

    await clickButton(page, 'Forgot password?');
    await waitForHeading(page, 'Reset your password');
    await reloadBackForward(page, 'Sign in', 'portico-forgot-password input[autocomplete~="username"]');
    await typeInto(page, 'portico-forgot-password input[autocomplete~="username"]', email);
    await page.keyboard.press('Enter');
    // The form shows its confirmation a moment before the card's heading follows: reload once both have.
    await waitForHeading(page, 'Check your e-mail');
    await waitForText(page, email);
    await reloadBackForward(page, 'Reset your password');

    // Back twice: the sign-in form, where the sign-in ends.
    await page.evaluate(() => history.go(-2));
    await waitForHeading(page, 'Sign in');
    await submitPassword(page, email, password);
    assert.equal(await dashboardEmail(page), email);
  });

  it('sign-up by a mailed link', async () => {
    const email = freshEmail('reload-sign-up');
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await waitAndClick(page, 'Create an account', 'portico-auth');
    await waitForHeading(page, 'Create an account');
    const address = 'portico-signup input[autocomplete~="username"]:not([hidden])';
    await reloadBackForward(page, 'Sign in', address);
    await typeInto(page, address, email);
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Check your e-mail');
    await reloadBackForward(page, 'Create an account');

    const mail = await waitForMail(page, email, 'Confirm your e-mail address for Portico');
    const linked = await openPage(page.browserContext(), mailedLink(mail, demo.server.url), demo.pageErrors);
    await linked.waitForSelector('portico-set-password input[autocomplete="new-password"]', { visible: true });
    // Opened from a link: the step replaces the page's first entry, so there is no step before it.
    await reloadBackForward(linked, null, 'portico-set-password input[autocomplete="new-password"]');
    await chooseNewPassword(linked, 'portico-set-password', password);
    await waitForText(linked, 'Your account has been created. Sign in with your new password.');
    await reloadBackForward(linked, null, username);
    await linked.type('portico-login-form input[autocomplete="current-password"]', password);
    await linked.keyboard.press('Enter');
    assert.equal(await dashboardEmail(linked), email);
  });

  it('an invitation: the address, the second mail, the password', async () => {
    const email = freshEmail('reload-invited');
    await cli(demo, ['user', 'invite', '--email', email, '--name', 'Ines Reload']);
    const portal = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    const welcome = await waitForMail(portal, email, 'Welcome to Portico');

    const page = await openPage(portal.browserContext(), mailedLink(welcome, demo.server.url), demo.pageErrors);
    await waitForHeading(page, 'Confirm your e-mail address');
    const address = 'portico-signup input[autocomplete~="username"]:not([hidden])';
    await reloadBackForward(page, null, address);
    await typeInto(page, address, email);
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Check your e-mail');
    await reloadBackForward(page, 'Confirm your e-mail address', undefined);

    const confirmation = await waitForMail(portal, email, 'Confirm your e-mail address for Portico');
    const choosing = await openPage(portal.browserContext(), mailedLink(confirmation, demo.server.url), demo.pageErrors);
    await choosing.waitForSelector('portico-set-password input[autocomplete="new-password"]', { visible: true });
    await reloadBackForward(choosing, null, 'portico-set-password input[autocomplete="new-password"]');
    await chooseNewPassword(choosing, 'portico-set-password', password);
    await waitForText(choosing, 'Your password has been set. Sign in with your new password.');
    // The notice stays through a reload; the password step it followed is used up and does not come back.
    await reloadBackForward(choosing, null, username);
    assert.equal(await choosing.$('portico-set-password'), null);
    await choosing.type('portico-login-form input[autocomplete="current-password"]', password);
    await choosing.keyboard.press('Enter');
    assert.equal(await dashboardEmail(choosing), email);
  });

  it('an old customer-ID login: register an e-mail, the link, set credentials', async () => {
    const email = freshEmail('reload-customer');
    const customerId = `SE${String(Date.now()).slice(-9)}`;
    const legacy = 'Customer-Legacy-2019!';
    await cli(demo, ['account', 'create', '--id', customerId, '--name', 'Reload AB', '--contact', 'billing@reload.example', '--password', legacy]);
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await page.waitForSelector(username, { visible: true });
    await submitPassword(page, customerId, legacy);
    await waitForHeading(page, 'Register your e-mail login');
    const address = 'portico-register-email input[autocomplete~="username"]';
    await reloadBackForward(page, 'Sign in', address);
    await typeInto(page, address, email);
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Check your e-mail');
    await reloadBackForward(page, 'Register your e-mail login');

    const mail = await waitForMail(page, email, 'Confirm your e-mail address for Portico');
    const confirm = await openPage(page.browserContext(), mailedLink(mail, demo.server.url), demo.pageErrors);
    await waitForHeading(confirm, 'Set credentials');
    await reloadBackForward(confirm, null, 'portico-set-credentials input[autocomplete="new-password"]');
    await chooseNewPassword(confirm, 'portico-set-credentials', password);
    await waitForText(confirm, `Your e-mail login has been registered for customer ID ${customerId}.`);
    await confirm.type('portico-login-form input[autocomplete="current-password"]', password);
    await confirm.keyboard.press('Enter');
    assert.equal(await dashboardEmail(confirm), email);
  });

  it('sign-in, sign-out and a session ended by a reset in another browser show in every tab', async () => {
    const email = freshEmail('two-tabs');
    const password = 'Two-Tabs-Portal-2026!';
    const created = await runCliInProcess(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
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
    await typeInto(other, 'portico-forgot-password input[autocomplete~="username"]', email);
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
    const created = await runCliInProcess(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
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
    assert.equal(await page.$eval('portico-profile input[autocomplete="name"]', (el) => el.value), '');
    const alerts = await page.$$eval('portico-profile [role="alert"]', (found) => found.map((el) => el.textContent?.trim()).filter(Boolean));
    assert.deepEqual(alerts, []);
  });
});

describe('reload, Back and Forward at every step of 2-step verification (required by policy)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting', PORTICO_MFA_REQUIRED: 'true' });

  it('sets up the app after the password, then asks for its code at the next sign-in', async () => {
    const email = freshEmail('reload-2-step');
    await cli(demo, ['user', 'create', '--email', email, '--password', password]);
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await submitPassword(page, email, password);
    await waitForHeading(page, 'Set up 2-step verification');
    await reloadBackForward(page, 'Sign in');
    await waitAndClick(page, 'Authenticator app (advised)', 'portico-auth');
    await page.waitForSelector('portico-mfa-setup img[alt="QR code for your authenticator app"]', { visible: true });
    const secret = (await page.$eval('portico-mfa-setup code', (el) => el.textContent ?? '')).replace(/\s/g, '');
    await typeInto(page, 'portico-mfa-setup input[autocomplete="one-time-code"]', totpCodeAt(secret, new Date()));
    await page.keyboard.press('Enter');
    assert.equal(await dashboardEmail(page), email);

    await page.click('#sign-out');
    await submitPassword(page, email, password);
    await waitForHeading(page, '2-step verification');
    const code = 'portico-mfa input[autocomplete="one-time-code"]';
    await reloadBackForward(page, 'Sign in', code);
    await typeInto(page, code, totpCodeAt(secret, new Date(Date.now() + 30_000)));
    await page.keyboard.press('Enter');
    assert.equal(await dashboardEmail(page), email);
  });
});
