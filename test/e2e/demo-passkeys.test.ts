import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import {
  clickButton,
  dashboardEmail,
  freshEmail,
  openPage,
  submitPassword,
  waitAndClick,
  waitForAlert,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { type DemoPortal, useDemoPortal } from '../support/demo-portal.ts';
import { runCli } from '../support/server-process.mjs';
import { VirtualAuthenticator } from '../support/virtual-authenticator.ts';

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
  const created = await runCli(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
  assert.equal(created.code, 0, created.stderr);
  return email;
}

/** A page of its own browser profile, with a virtual authenticator plugged in before the page loads. */
async function pageWithAuthenticator(demo: DemoPortal): Promise<{ page: Page; authenticator: VirtualAuthenticator }> {
  const context = await demo.newContext();
  const page = await context.newPage();
  const authenticator = await VirtualAuthenticator.attach(page);
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

describe('passkeys in the demo portal (hosting)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting', PORTICO_PASSKEY_PROMPT: 'after-sign-in' });

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
});
