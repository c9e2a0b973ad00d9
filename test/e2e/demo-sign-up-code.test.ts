import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import {
  chooseNewPassword,
  clickButton,
  dashboardEmail,
  focused,
  freshEmail,
  heading,
  inputValue,
  openPage,
  submitPassword,
  typeInto,
  waitForAlert,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';

/** The company domain this portal lets sign up ("Enter your company email address", licensing portal). */
const companyDomain = 'acme.example';
const codeSubject = 'Your Portico verification code';
const emailInput = 'portico-signup input[autocomplete~="username"]:not([hidden])';
const codeInput = 'portico-signup input[autocomplete="one-time-code"]';

/**
 * Self sign-up with a mailed code in the demo portal, in Chromium: "Create an account", the company e-mail, the 6-digit code from the mail
 * (here the demo's Inbox), a password and its confirmation, and the user is signed in. Real server (licensing
 * preset, company domains only), real PGlite, real Chromium.
 */
describe('sign-up with a mailed code (licensing)', () => {
  const portal = useDemoPortal({ PORTICO_PRESET: 'licensing', PORTICO_SIGNUP_ALLOWED_DOMAINS: companyDomain });

  /** The demo in a browser profile of its own (no session shared with other tests), at "Create an account". */
  async function startSignUp(): Promise<Page> {
    const context = await portal.newContext();
    const page = await openPage(context, portal.server.url, portal.pageErrors);
    await page.waitForSelector('portico-login-form input[autocomplete~="username"]', { visible: true });
    await waitForText(page, 'Create an account');
    await clickButton(page, 'Create an account');
    await waitForHeading(page, 'Create an account');
    await page.waitForSelector(emailInput, { visible: true });
    assert.equal(await focused(page), 'username', 'focus moves to the e-mail field');
    return page;
  }

  /** Types the address, presses "Send verification code", and waits for the code step. */
  async function sendCode(page: Page, email: string): Promise<void> {
    await page.type(emailInput, email);
    await clickButton(page, 'Send verification code');
    await waitForHeading(page, 'Enter your code');
    await page.waitForSelector(codeInput, { visible: true });
    await waitForText(page, `We have sent a 6-digit code to ${email}.`);
  }

  /** The code in the newest verification mail to `email`, as the Inbox shows it. */
  async function mailedCode(page: Page, email: string): Promise<string> {
    const mail = await waitForMail(page, email, codeSubject);
    const codes = mail.text.match(/\b\d{6}\b/g) ?? [];
    assert.equal(codes.length, 1, `one 6-digit code in:\n${mail.text}`);
    assert.deepEqual(mail.links, [], 'a code mail carries no link');
    return codes[0];
  }

  it('creates an account with the mailed code and a new password, and signs the user in', async () => {
    const email = freshEmail('karin', companyDomain);
    const password = 'Licensed-Seat-2026!';
    const page = await startSignUp();
    await sendCode(page, email);
    assert.equal(await focused(page), 'one-time-code', 'focus moves to the code');
    assert.equal(await page.$eval(codeInput, (el) => el.inputMode), 'numeric');

    // The user reads the code in the mail, types it and presses Enter (as in every code field, typing alone sends
    // nothing).
    const code = await mailedCode(page, email);
    // Back from the Inbox (whose Refresh the user may have pressed) to the code field.
    await page.click(codeInput);
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Choose your password');
    await waitForText(page, `Account: ${email}`);
    assert.equal(await focused(page), 'new-password', 'focus moves to the new password');
    assert.equal(await page.$(codeInput), null, 'the code step is gone');

    await chooseNewPassword(page, 'portico-signup', password);
    assert.equal(await dashboardEmail(page), email);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dashboard-heading');
    assert.equal(await page.evaluate(async () => (await fetch('/api/session')).status), 200, 'a real session');

    // The account is real: signed out, the same e-mail and password sign in again, with the e-mail code this
    // preset asks at every sign-in (licensing portal).
    await page.click('#sign-out');
    await submitPassword(page, email, password);
    await waitForHeading(page, '2-step verification');
    const signInCode = await waitForMail(page, email, 'Your Portico sign-in code');
    const [code6] = signInCode.text.match(/\b\d{6}\b/) ?? [];
    assert.ok(code6, signInCode.text);
    await typeInto(page, 'portico-mfa input[autocomplete="one-time-code"]', code6);
    await page.keyboard.press('Enter');
    assert.equal(await dashboardEmail(page), email);
  });

  it('says a wrong code is wrong and lets the user type the right one, keeping the address', async () => {
    const email = freshEmail('typo', companyDomain);
    const page = await startSignUp();
    await sendCode(page, email);
    const code = await mailedCode(page, email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    await page.type(codeInput, wrong);
    await page.keyboard.press('Enter');
    assert.equal(await waitForAlert(page), 'This code is not correct. Check it and try again.');
    assert.equal(await heading(page), 'Enter your code', 'still on the code step');
    await waitForText(page, `We have sent a 6-digit code to ${email}.`);
    assert.equal(await focused(page), 'one-time-code', 'focus returns to the code');
    assert.equal(await page.$eval(codeInput, (el) => el.getAttribute('aria-invalid')), 'true');
    assert.equal(await inputValue(page, codeInput), wrong, 'what the user typed stays, to correct');

    // Select the wrong code and type the right one over it.
    await typeInto(page, codeInput, code);
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Choose your password');
    await waitForText(page, `Account: ${email}`);
  });

  it('refuses an address outside the company domains with a clear message', async () => {
    const email = freshEmail('private', 'gmail.example');
    const page = await startSignUp();
    await page.type(emailInput, email);
    await page.keyboard.press('Enter');
    assert.equal(await waitForAlert(page), 'Use your company e-mail address.');
    assert.equal(await heading(page), 'Create an account');
    assert.equal(await inputValue(page, emailInput), email, 'the address stays, to correct');
    assert.equal(await focused(page), 'username', 'focus returns to the e-mail');
    assert.equal(await page.$eval(emailInput, (el) => el.getAttribute('aria-invalid')), 'true');

    // A company address goes through from the same form.
    const company = freshEmail('private', companyDomain);
    await typeInto(page, emailInput, company);
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Enter your code');
    await waitForText(page, `We have sent a 6-digit code to ${company}.`);
    await mailedCode(page, company);

    // The refused address was sent nothing.
    const outbox = await page.evaluate(
      async (to) => (await (await fetch(`/api/dev/outbox?to=${encodeURIComponent(to)}`)).json()) as { messages: unknown[] },
      email,
    );
    assert.deepEqual(outbox.messages, []);
  });
});
