import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { totpCodeAt } from '../../server/src/services/mfa/totp.ts';
import {
  clickButton,
  dashboardEmail,
  freshEmail,
  type InboxMail,
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
 * Two-step verification and the licensing portal's e-mail code, in the demo portal in Chromium: real server, real
 * PGlite, real Chromium. The test plays the phone: it computes the authenticator app's codes from the key the page
 * shows, and reads texted and mailed codes in the demo's Inbox.
 */

const password = 'Two-Factor-Portal-2026!';

async function createUser(demo: DemoPortal, name: string, domain?: string): Promise<string> {
  const email = freshEmail(name, domain);
  const created = await runCliInProcess(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
  assert.equal(created.code, 0, created.stderr);
  return email;
}

/** A signed-in page on the demo, in a browser profile of its own. */
async function signedInPage(demo: DemoPortal, email: string): Promise<Page> {
  const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
  await signIn(page, email, password);
  await page.waitForSelector('portico-security button', { visible: true });
  return page;
}

/** The code the app shows `offsetSteps` 30-second steps from now (one step ahead is within the allowed drift). */
const appCode = (secret: string, offsetSteps = 0) => totpCodeAt(secret, new Date(Date.now() + offsetSteps * 30_000));

/** The one 6-digit code in a mail or SMS. */
function codeIn(message: InboxMail): string {
  const codes = message.text.match(/\b\d{6}\b/g) ?? [];
  assert.equal(codes.length, 1, `one code in:\n${message.text}`);
  return codes[0];
}

/** Types `code` into the code field under `scope` (as the user does, after looking at the phone) and submits. */
async function enterCode(page: Page, scope: string, code: string): Promise<void> {
  await typeInto(page, `${scope} input[autocomplete="one-time-code"]`, code);
  await page.keyboard.press('Enter');
}

describe('two-factor authentication in the demo portal (hosting)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });

  it('app method: enable from the QR key, sign in with a code, trust the device, use a recovery code, disable', async () => {
    const email = await createUser(demo, 'app-user');
    const page = await signedInPage(demo, email);
    await waitForText(page, '2-step verification is off.', 10_000, 'portico-security');

    // Enable: the app is advised; the page draws the QR code and shows the key for typing.
    await clickButton(page, 'Enable 2-step verification', 'portico-security');
    await waitAndClick(page, 'Authenticator app (advised)', 'portico-security');
    await page.waitForSelector('portico-mfa-setup img[alt="QR code for your authenticator app"]', { visible: true });
    const shownKey = await page.$eval('portico-mfa-setup code', (el) => el.textContent ?? '');
    assert.match(shownKey, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'the key in groups of four');
    const secret = shownKey.replace(/\s/g, '');
    const qr = await page.$eval('portico-mfa-setup img', (img) => img.naturalWidth);
    assert.ok(qr > 0, 'the QR code is drawn');
    // A wrong code does not enable it.
    await enterCode(page, 'portico-mfa-setup', appCode(secret) === '000000' ? '111111' : '000000');
    await waitForText(page, 'This code is not correct', 10_000, 'portico-security');
    await enterCode(page, 'portico-mfa-setup', appCode(secret));
    await waitForText(page, '2-step verification is on.', 10_000, 'portico-security');
    await waitForText(page, 'Authenticator app, since', 10_000, 'portico-security');
    await waitForMail(page, email, '2-step verification turned on for your Portico account');

    // Recovery codes: generated, shown behind "Show codes", ten of them.
    await waitAndClick(page, 'Generate codes', 'portico-security');
    await waitAndClick(page, 'Show codes', 'portico-security');
    await page.waitForSelector('portico-recovery-codes ol li code', { visible: true });
    const recoveryCodes = await page.$$eval('portico-recovery-codes ol li code', (codes) => codes.map((c) => c.textContent ?? ''));
    assert.equal(recoveryCodes.length, 10);
    await clickButton(page, 'Done', 'portico-security');
    await waitForText(page, 'Recovery codes left: 10.', 10_000, 'portico-security');

    // Sign out; signing in now needs the app's code. Ticking "trust this device" skips it next time.
    await page.click('#sign-out');
    await submitPassword(page, email, password);
    await waitForHeading(page, '2-step verification');
    await waitForText(page, 'Enter the 6-digit code from your authenticator app.');
    await page.click('portico-mfa input[name="trust-device"]');
    // The code used to enable is spent (no replay): the app's next code, one step ahead, is within the drift.
    await enterCode(page, 'portico-mfa', appCode(secret, 1));
    assert.equal(await dashboardEmail(page), email);
    await page.waitForSelector('portico-security button', { visible: true });
    await waitForText(page, '(this browser)', 10_000, 'portico-security');

    await page.click('#sign-out');
    await signIn(page, email, password);
    assert.equal(await dashboardEmail(page), email, 'a trusted browser signs in without a code');

    // Another browser, no phone at hand: a recovery code signs in once, and the count drops.
    const elsewhere = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await submitPassword(elsewhere, email, password);
    await waitForHeading(elsewhere, '2-step verification');
    await clickButton(elsewhere, 'Use a recovery code');
    await typeInto(elsewhere, 'portico-mfa input[name="recovery-code"]', recoveryCodes[3]!.toLowerCase());
    await elsewhere.keyboard.press('Enter');
    assert.equal(await dashboardEmail(elsewhere), email);
    await waitForText(elsewhere, 'Recovery codes left: 9.', 10_000, 'portico-security');
    await waitForMail(elsewhere, email, 'A recovery code was used to sign in to Portico');

    // Disable, after a confirmation that asks for the password.
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('portico-security button', { visible: true });
    await clickButton(page, 'Disable', 'portico-security');
    await waitForText(page, 'Disabling 2-step verification makes your account less secure.', 10_000, 'portico-security');
    await typeInto(page, 'portico-security input[autocomplete="current-password"]', password);
    await page.keyboard.press('Enter');
    await waitForText(page, '2-step verification is off.', 10_000, 'portico-security');

    await page.click('#sign-out');
    const fresh = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await signIn(fresh, email, password);
    assert.equal(await dashboardEmail(fresh), email, 'no code asked once disabled');
  });

  it('SMS method and a recovery phone, codes read in the Inbox; the recovery phone signs in', async () => {
    const email = await createUser(demo, 'sms-user');
    const mainPhone = '+46701234567';
    const recoveryPhone = '+46707654321';
    const page = await signedInPage(demo, email);

    await clickButton(page, 'Enable 2-step verification', 'portico-security');
    await waitAndClick(page, 'Text message (SMS)', 'portico-security');
    await waitForText(page, 'SMS is less secure than an app', 10_000, 'portico-security');
    await typeInto(page, 'portico-mfa-setup input[autocomplete="tel"]', '+46 70 123 45 67');
    await page.keyboard.press('Enter');
    await waitForText(page, `We have sent a 6-digit code to ${mainPhone}.`, 10_000, 'portico-security');
    const enableText = await waitForMail(page, mainPhone, '(SMS)');
    await enterCode(page, 'portico-mfa-setup', codeIn(enableText));
    await waitForText(page, 'Text messages to', 10_000, 'portico-security');

    await waitAndClick(page, 'Add recovery phone number', 'portico-security');
    await typeInto(page, 'portico-mfa-setup input[autocomplete="tel"]', '+46 70 765 43 21');
    await page.keyboard.press('Enter');
    const recoveryText = await waitForMail(page, recoveryPhone, '(SMS)');
    await enterCode(page, 'portico-mfa-setup', codeIn(recoveryText));
    await waitForText(page, 'Your recovery phone number has been added.', 10_000, 'portico-security');

    // Sign in again: a code is texted to the main phone; the user switches to the recovery phone instead.
    await page.click('#sign-out');
    await submitPassword(page, email, password);
    await waitForHeading(page, '2-step verification');
    await waitForText(page, 'We have sent a 6-digit code by text message to +46');
    await waitForMail(page, mainPhone, '(SMS)', { newerThan: enableText });
    await clickButton(page, 'Use another method');
    await waitAndClick(page, 'Recovery phone +46 •••••••21', 'portico-auth');
    await waitForText(page, 'your recovery phone +46 •••••••21');
    const signInText = await waitForMail(page, recoveryPhone, '(SMS)', { newerThan: recoveryText });
    await enterCode(page, 'portico-mfa', codeIn(signInText));
    assert.equal(await dashboardEmail(page), email);
  });
});

describe('e-mail code at every sign-in (licensing)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'licensing' });

  it('asks for the mailed code every time, offers no "trust this device", and nothing to set up', async () => {
    const email = await createUser(demo, 'licensee');
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    let previous: InboxMail | undefined;
    for (const round of [1, 2]) {
      await submitPassword(page, email, password);
      await waitForHeading(page, '2-step verification');
      await waitForText(page, 'We have sent a 6-digit code to');
      assert.equal(await page.$('portico-mfa input[name="trust-device"]'), null, `round ${round}: no trusted devices`);
      const mail = await waitForMail(page, email, 'Your Portico sign-in code', previous ? { newerThan: previous } : {});
      await enterCode(page, 'portico-mfa', codeIn(mail));
      assert.equal(await dashboardEmail(page), email);
      previous = mail;
      await page.waitForSelector('portico-security', { visible: true });
      await waitForText(page, 'A code is e-mailed to you at every sign-in.', 10_000, 'portico-security');
      await page.click('#sign-out');
    }
  });
});

describe('a second factor required by policy (PORTICO_MFA_REQUIRED)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting', PORTICO_MFA_REQUIRED: 'true' });

  it('has a user without one set up the app right after the password, then signs them in', async () => {
    const email = await createUser(demo, 'must-set-up');
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await submitPassword(page, email, password);
    await waitForHeading(page, 'Set up 2-step verification');
    await waitForText(page, 'Your account needs 2-step verification. Set it up to finish signing in.');
    await waitAndClick(page, 'Authenticator app (advised)', 'portico-auth');
    await page.waitForSelector('portico-mfa-setup img[alt="QR code for your authenticator app"]', { visible: true });
    const secret = (await page.$eval('portico-mfa-setup code', (el) => el.textContent ?? '')).replace(/\s/g, '');
    await enterCode(page, 'portico-mfa-setup', appCode(secret));
    assert.equal(await dashboardEmail(page), email);
    await page.waitForSelector('portico-security button', { visible: true });
    await waitForText(page, '2-step verification is required for your account.', 10_000, 'portico-security');

    // From now on the code is asked at every sign-in.
    await page.click('#sign-out');
    await submitPassword(page, email, password);
    await waitForHeading(page, '2-step verification');
    await enterCode(page, 'portico-mfa', appCode(secret, 1));
    assert.equal(await dashboardEmail(page), email);
  });
});
