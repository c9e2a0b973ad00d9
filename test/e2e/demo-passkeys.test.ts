import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import {
  buttonTexts,
  clickButton,
  dashboardEmail,
  freshEmail,
  openPage,
  submitPassword,
  typeInto,
  waitAndClick,
  waitForAlert,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { axeViolations } from '../support/axe.ts';
import { type DemoPortal, useDemoPortal } from '../support/demo-portal.ts';

import { VirtualAuthenticator } from '../support/virtual-authenticator.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * Passkeys in the demo portal, in Chromium with its virtual authenticator (a platform authenticator holding passkeys
 * and verifying the user): added in My details or from the offer after a password sign-in, then signing in with the
 * button, from the e-mail field's autofill, and as the second step; removed, and then refused. Real server, real
 * PGlite. Browsers refuse passkeys on an IP address, so the page is opened as `localhost`.
 */

const password = 'Passkey-Portal-2026!';

/** The demo's address with `localhost` for the loopback address the server prints. */
const onLocalhost = (url: string) => url.replace('//127.0.0.1:', '//localhost:');

async function createUser(demo: DemoPortal, name: string): Promise<string> {
  const email = freshEmail(name);
  const created = await runCliInProcess(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
  assert.equal(created.code, 0, created.stderr);
  return email;
}

/** A page of its own browser profile, with a virtual authenticator plugged in before the page loads. */
async function pageWithAuthenticator(demo: DemoPortal): Promise<{ page: Page; authenticator: VirtualAuthenticator }> {
  const context = await demo.newContext();
  const page = await context.newPage();
  await VirtualAuthenticator.attach(page);
  await page.close();
  const opened = await openPage(context, onLocalhost(demo.server.url), demo.pageErrors);
  return { page: opened, authenticator: await VirtualAuthenticator.attach(opened) };
}

/** How many passkey sign-ins the page has sent. */
function countPasskeySignIns(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/auth/passkey') count += 1;
  });
  return () => count;
}

/** Signs in with the password and steps past the passkey offer with "Not now" (`skip`), to the dashboard. */
async function signInSkippingOffer(page: Page, email: string, texts: { offer: string; skip: string }): Promise<void> {
  await submitPassword(page, email, password);
  await waitForHeading(page, texts.offer);
  await clickButton(page, texts.skip);
  assert.equal(await dashboardEmail(page), email);
}

/** Adds a passkey under My details (no password asked: the sign-in was a moment ago) and waits for the notice. */
async function addPasskeyInMyDetails(page: Page, notice: string, add = 'Add a passkey'): Promise<void> {
  await waitAndClick(page, add, 'portico-security');
  await waitForText(page, notice, 10_000, 'portico-security');
}

describe('passkeys in the demo portal (hosting)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting', PORTICO_PASSKEY_PROMPT: 'after-sign-in' });

  it('keeps the sign-in form a password manager can fill, by keyboard, with `username webauthn`, and axe passes', async () => {
    const { page } = await pageWithAuthenticator(demo);
    await page.waitForSelector('portico-login-form input[autocomplete="username webauthn"]', { visible: true });
    // A real form in the document (not a shadow root), so password managers and the passkey autofill both see it.
    const fields = await page.evaluate(() => {
      const form = document.querySelector('portico-login-form form');
      return [...(form?.querySelectorAll('input') ?? [])].map((input) => `${input.name} ${input.type} ${input.autocomplete}`);
    });
    assert.deepEqual(fields, ['username text username webauthn', 'password password current-password']);
    await page.focus('body');
    for (let i = 0; i < 15 && !(await page.evaluate(() => document.activeElement?.getAttribute('name') === 'username')); i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'username webauthn');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'current-password');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Sign in with a passkey', 'the passkey button by keyboard');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('adds a passkey from the offer after a password sign-in, then signs in from the autofill without typing', async () => {
    const email = await createUser(demo, 'offer');
    const { page } = await pageWithAuthenticator(demo);
    await submitPassword(page, email, password);
    await waitForHeading(page, 'Sign in faster next time');
    await clickButton(page, 'Add a passkey');
    assert.equal(await dashboardEmail(page), email);
    const notice = await waitForMail(page, email, 'Passkey added for your Portico account');
    assert.match(notice.text, /passkey/i);

    // Signed out, the sign-in form's e-mail field offers the passkey; the virtual authenticator picks it at once.
    const signIns = countPasskeySignIns(page);
    await page.click('#sign-out');
    await page.waitForSelector('#dashboard', { hidden: true });
    assert.equal(await dashboardEmail(page), email);
    assert.equal(signIns(), 1, 'one passkey sign-in, from the autofill');
  });

  it('adds a passkey in My details, signs in with the button, removes it, and is then refused', async () => {
    const email = await createUser(demo, 'button');
    const { page, authenticator } = await pageWithAuthenticator(demo);
    await signInSkippingOffer(page, email, { offer: 'Sign in faster next time', skip: 'Not now' });
    await addPasskeyInMyDetails(page, 'Your passkey has been added.');
    await waitForText(page, 'not used yet', 10_000, 'portico-security');

    // The authenticator is away while the sign-in form comes up, so its autofill request finds nothing to offer;
    // back again, the passkey answers the button's dialog.
    const passkeys = await authenticator.credentials();
    assert.equal(passkeys.length, 1);
    await authenticator.detach();
    const signIns = countPasskeySignIns(page);
    await page.click('#sign-out');
    await page.waitForSelector('portico-login-form input[autocomplete="username webauthn"]', { visible: true });
    await authenticator.reattach(passkeys);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(signIns(), 0, 'nothing signed in before the button');
    await clickButton(page, 'Sign in with a passkey');
    assert.equal(await dashboardEmail(page), email);
    assert.equal(signIns(), 1);
    await waitForText(page, 'last used', 10_000, 'portico-security');

    // Removed (the password confirms it), the passkey no longer signs in, though the authenticator still has it.
    await waitAndClick(page, 'Remove', 'portico-security');
    await typeInto(page, 'portico-security input[autocomplete="current-password"]', password);
    await page.keyboard.press('Enter');
    await waitForText(page, 'The passkey has been removed.', 10_000, 'portico-security');
    await waitForMail(page, email, 'Passkey removed for your Portico account');
    await page.click('#sign-out');
    const refusal = await waitForAlert(page);
    assert.equal(refusal, 'This passkey is not registered here, or it was removed. Sign in another way.');
    assert.equal(await page.$eval('#dashboard', (el) => (el as HTMLElement).hidden), true, 'still signed out');
  });
});

describe('passkeys in the demo portal (leasing, Swedish)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'leasing', PORTICO_PASSKEY_PROMPT: 'after-sign-in' });

  it('offers a passkey after the password and signs in with it from the autofill, in Swedish', async () => {
    const email = await createUser(demo, 'svensk');
    const { page } = await pageWithAuthenticator(demo);
    await page.waitForFunction(() => [...document.querySelectorAll('portico-auth button')].some((b) => b.textContent?.trim() === 'Logga in med passkey'));
    await submitPassword(page, email, password);
    await waitForHeading(page, 'Logga in snabbare nästa gång');
    await clickButton(page, 'Lägg till en passkey');
    assert.equal(await dashboardEmail(page), email);
    const signIns = countPasskeySignIns(page);
    await page.click('#sign-out');
    await page.waitForSelector('#dashboard', { hidden: true });
    assert.equal(await dashboardEmail(page), email);
    assert.equal(signIns(), 1);
  });
});

describe('a passkey as the second step (passkey sign-in off, webauthn among the second factors)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting', PORTICO_PASSKEYS: 'false', PORTICO_MFA_METHODS: 'totp,sms,webauthn' });

  it('asks for the passkey after the password, and signs in with it', async () => {
    const email = await createUser(demo, 'second-step');
    const { page } = await pageWithAuthenticator(demo);
    // No passkey sign-in here: no button, and the e-mail field is a plain username field.
    await page.waitForSelector('portico-login-form input[autocomplete="username"]', { visible: true });
    assert.equal((await buttonTexts(page)).includes('Sign in with a passkey'), false);
    await submitPassword(page, email, password);
    assert.equal(await dashboardEmail(page), email);
    await addPasskeyInMyDetails(page, 'Your passkey has been added.');
    await waitForText(page, '2-step verification is on.', 10_000, 'portico-security');

    await page.click('#sign-out');
    await submitPassword(page, email, password);
    await waitForHeading(page, '2-step verification');
    await waitForText(page, 'Use your passkey or security key to confirm it is you.');
    await clickButton(page, 'Use passkey or security key');
    assert.equal(await dashboardEmail(page), email);
  });
});
