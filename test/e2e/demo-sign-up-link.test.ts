import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import {
  buttonTexts,
  chooseNewPassword,
  clickButton,
  dashboardEmail,
  focused,
  freshEmail,
  inputValue,
  launchBrowser,
  mailedLink,
  openPage,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { repoRoot, type RunningServer, startServer, migratedFolder } from '../support/server-process.mjs';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

/**
 * Order onboarding, "First time logging in", in the demo portal, in Chromium: "Create an account", the e-mail address, "Check
 * your e-mail", the mailed link opened in a new page (as a mail program would), a password and its confirmation, the
 * confirmation, then signing in to the dashboard. Once with the demo's Inbox (the dev outbox), once with the mail
 * delivered through a real SMTP server. Real servers (hosting preset), real PGlite, real Chromium.
 */

const product = 'Acme Customer Portal';
let browser: Browser;
let smtp: SmtpSink;
/** The portal whose mail goes to the dev outbox (the demo's Inbox), and the one whose mail goes out by SMTP. */
let inboxPortal: Portal;
let smtpPortal: Portal;
const pageErrors: string[] = [];
const contexts: BrowserContext[] = [];

interface Portal {
  server: RunningServer;
  stop(): Promise<void>;
}

/** A server on a data folder of its own. */
async function startPortal(env: Record<string, string>): Promise<Portal> {
  const folder = await migratedFolder();
  try {
    const server = await startServer({ PORTICO_DATA_DIR: folder.path, PORTICO_PRESET: 'hosting', PORTICO_PASSKEY_PROMPT: 'never', ...env });
    return {
      server,
      async stop() {
        await server.stop();
        await folder.remove();
      },
    };
  } catch (error) {
    await folder.remove();
    throw error;
  }
}

// Both servers start side by side: most of a start is the embedded database setting itself up.
before(async () => {
  assert.ok(existsSync(join(repoRoot, 'demo/dist/index.html')), 'build the demo first: npm run build:demo');
  smtp = await startSmtpSink();
  await Promise.all([
    launchBrowser().then((started) => (browser = started)),
    startPortal({}).then((started) => (inboxPortal = started)),
    startPortal({ SMTP_URL: smtp.url, PORTICO_MAIL_FROM: `${product} <no-reply@acme.example>`, PORTICO_PRODUCT_NAME: product }).then(
      (started) => (smtpPortal = started),
    ),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([inboxPortal?.stop(), smtpPortal?.stop()]);
  await smtp?.close();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  assert.deepEqual(pageErrors.splice(0), [], 'errors in the page');
});

/**
 * The walk, from the demo's start page at `url` to its dashboard. `readLink` is the user reading the mail: it gets
 * the portal page (where the demo's Inbox is) and the address, and returns the link in the mail.
 */
async function signUpByLink(url: string, email: string, readLink: (portal: Page, email: string) => Promise<string>): Promise<void> {
  const password = 'Hosted-Server-2026!';
  const context = await browser.createBrowserContext();
  contexts.push(context);
  const portal = await openPage(context, url, pageErrors);
  await portal.waitForSelector('portico-login-form input[autocomplete~="username"]', { visible: true });
  await waitForText(portal, 'Create an account');
  await clickButton(portal, 'Create an account');
  await waitForHeading(portal, 'Create an account');
  const emailInput = 'portico-signup input[autocomplete~="username"]:not([hidden])';
  await portal.waitForSelector(emailInput, { visible: true });
  assert.equal(await focused(portal), 'username', 'focus moves to the e-mail field');
  const buttons = await buttonTexts(portal);
  assert.ok(buttons.includes('Continue'), `a link is mailed, not a code: ${buttons.join(' | ')}`);
  await portal.keyboard.type(email);
  await portal.keyboard.press('Enter');

  await waitForHeading(portal, 'Check your e-mail');
  const status = `We have sent a link to ${email}. Open it to choose your password. It works for a limited time.`;
  await waitForText(portal, status);
  assert.equal(
    await portal.evaluate(() => document.activeElement?.getAttribute('role') === 'status' && document.activeElement.textContent?.trim()),
    status,
    'focus moves to the message, so a screen reader reads it',
  );

  const link = await readLink(portal, email);
  const page = await openPage(context, link, pageErrors);
  await waitForHeading(page, 'Choose your password');
  await waitForText(page, `Account: ${email}`);
  assert.doesNotMatch(page.url(), /portico-link/, 'the token leaves the address bar');
  assert.equal(await focused(page), 'new-password', 'focus is on the new password');
  await chooseNewPassword(page, 'portico-set-password', password);

  // The confirmation, on the sign-in form with the new account's address filled in.
  await waitForHeading(page, 'Sign in');
  await waitForText(page, 'Your account has been created. Sign in with your new password.');
  const notice = await page.evaluate(() => {
    const auth = document.querySelector('portico-auth');
    return document.activeElement === auth ? auth?.shadowRoot?.activeElement?.textContent?.trim() : null;
  });
  assert.equal(notice, 'Your account has been created. Sign in with your new password.', 'focus is on the confirmation');
  assert.equal(await inputValue(page, 'portico-login-form input[autocomplete~="username"]'), email);
  await page.type('portico-login-form input[autocomplete="current-password"]', password);
  await page.keyboard.press('Enter');
  assert.equal(await dashboardEmail(page), email);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'dashboard-heading');

  // The link worked once.
  const again = await openPage(context, link, pageErrors);
  await waitForHeading(again, 'This link cannot be used');
  await waitForText(again, 'This link is not valid. It may have been used already. Request a new one.');
  assert.equal(await again.$('portico-set-password'), null);
}

describe('sign-up with a mailed link (hosting), mail read in the demo Inbox', () => {
  it('confirms the address through the link in the Inbox, sets the password, and signs in', async () => {
    const { server } = inboxPortal;
    await signUpByLink(server.url, freshEmail('first-login'), async (portal, email) => {
      const mail = await waitForMail(portal, email, 'Confirm your e-mail address for Portico');
      assert.match(mail.text, /Confirm your e-mail address, then choose your password/);
      return mailedLink(mail, server.url);
    });
  });
});

describe('sign-up with a mailed link (hosting), mail delivered through a real SMTP server', () => {
  it('delivers the link by SMTP as a text and HTML mail naming the product, and the walk ends signed in', async () => {
    const { server } = smtpPortal;
    assert.match(server.output(), /mail: SMTP via smtp:\/\/127\.0\.0\.1:\d+/);
    const subject = `Confirm your e-mail address for ${product}`;
    await signUpByLink(server.url, freshEmail('smtp-user'), async (portal, email) => {
      const { parsed, envelopeFrom, envelopeTo } = await smtp.waitFor(email, subject);
      assert.deepEqual(envelopeTo, [email]);
      assert.equal(envelopeFrom, 'no-reply@acme.example');
      assert.equal(parsed.from?.value[0]?.name, product);
      assert.ok(parsed.text, 'a text part');
      assert.ok(typeof parsed.html === 'string' && parsed.html.length > 0, 'an HTML part');
      assert.ok(parsed.text.includes(`finish creating your ${product} account`), parsed.text);
      assert.ok(parsed.text.includes(`— ${product}`), 'signed with the product name');
      assert.ok(parsed.html.includes(`finish creating your ${product} account`), parsed.html);
      const link = mailedLink({ text: parsed.text }, server.url);
      // The HTML part leads to the same place (its button and its copyable address).
      assert.equal(parsed.html.split(`href="${link}"`).length - 1, 2, 'the HTML button and fallback address carry the link');

      // Delivered, not kept: the demo's Inbox (the dev outbox) has nothing for this address.
      const outbox = await portal.evaluate(
        async (to) => (await (await fetch(`/api/dev/outbox?to=${encodeURIComponent(to)}`)).json()) as { messages: unknown[] },
        email,
      );
      assert.deepEqual(outbox.messages, []);
      return link;
    });
  });
});
