import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buttonTexts,
  chooseNewPassword,
  dashboardEmail,
  focused,
  freshEmail,
  heading,
  inputValue,
  mailedLink,
  openPage,
  typeInto,
  waitForAlert,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * Order onboarding and the welcome-mail invitation in the demo portal, in Chromium: the portal creates the account (`user invite`, here while the
 * server runs), the welcome mail's link asks for the e-mail address, a second mail confirms it, its link leads to
 * choosing the password, and the user signs in. Real server (leasing preset: no self sign-up), real PGlite, real
 * Chromium, the mails read in the demo's Inbox.
 */
describe('invitation with two mails (leasing)', () => {
  // Leasing speaks Swedish by default (its mails too); this walk reads the English texts.
  const demo = useDemoPortal({ PORTICO_PRESET: 'leasing', PORTICO_LOCALE: 'en' });

  it('welcome mail, the address, a confirmation mail, a password, then signed in; the welcome link works once', async () => {
    const email = freshEmail('karin.berg', 'leasify.example');
    const password = 'Leasing-Contract-2026';
    const context = await demo.newContext();

    // The portal has no "Create an account": accounts come from the portal's side.
    const portal = await openPage(context, demo.server.url, demo.pageErrors);
    await portal.waitForSelector('portico-login-form input[autocomplete~="username"]', { visible: true });
    const buttons = await buttonTexts(portal);
    assert.ok(buttons.includes('Forgot password?'), buttons.join(' | '));
    assert.ok(!buttons.includes('Create an account'), `no self sign-up in leasing: ${buttons.join(' | ')}`);

    const invited = await runCliInProcess(['user', 'invite', '--email', email, '--name', 'Karin Berg'], { PORTICO_DATA_DIR: demo.dataDir });
    assert.equal(invited.code, 0, invited.stderr);
    assert.ok(invited.stdout.includes(email), invited.stdout);

    // First mail: the welcome link.
    const welcome = await waitForMail(portal, email, 'Welcome to Portico');
    assert.match(welcome.text, /Follow the link and enter your e-mail address\. We will send you a second mail/);
    const welcomeLink = mailedLink(welcome, demo.server.url);

    const confirming = await openPage(context, welcomeLink, demo.pageErrors);
    await waitForHeading(confirming, 'Confirm your e-mail address');
    await waitForText(confirming, 'Enter the e-mail address your invitation was sent to.');
    assert.doesNotMatch(confirming.url(), /portico-link/, 'the token leaves the address bar');
    const emailInput = 'portico-signup input[autocomplete~="username"]:not([hidden])';

    // Another address is refused, clearly, and the link still works for the right one.
    const other = freshEmail('someone-else', 'leasify.example');
    await typeInto(confirming, emailInput, other);
    await confirming.keyboard.press('Enter');
    assert.equal(await waitForAlert(confirming), 'This is not the address the invitation was sent to.');
    assert.equal(await heading(confirming), 'Confirm your e-mail address');
    assert.equal(await inputValue(confirming, emailInput), other, 'what the user typed stays, to correct');
    assert.equal(await focused(confirming), 'username', 'focus returns to the e-mail');

    await typeInto(confirming, emailInput, email);
    await confirming.keyboard.press('Enter');
    await waitForHeading(confirming, 'Check your e-mail');
    await waitForText(confirming, `We have sent a link to ${email}. Open it to choose your password.`);

    // Second mail: the confirmation link, which leads to choosing the password.
    const confirmation = await waitForMail(portal, email, 'Confirm your e-mail address for Portico');
    assert.match(confirmation.text, /Follow the link to confirm this is your e-mail address/);
    const confirmationLink = mailedLink(confirmation, demo.server.url);
    assert.notEqual(confirmationLink, welcomeLink);

    const choosing = await openPage(context, confirmationLink, demo.pageErrors);
    await waitForHeading(choosing, 'Choose your password');
    await waitForText(choosing, `Account: ${email}`);
    await chooseNewPassword(choosing, 'portico-set-password', password);

    // The confirmation, then signing in with the new password.
    await waitForHeading(choosing, 'Sign in');
    await waitForText(choosing, 'Your password has been set. Sign in with your new password.');
    assert.equal(await inputValue(choosing, 'portico-login-form input[autocomplete~="username"]'), email);
    await choosing.type('portico-login-form input[autocomplete="current-password"]', password);
    await choosing.keyboard.press('Enter');
    assert.equal(await dashboardEmail(choosing), email);
    assert.equal(await choosing.evaluate(() => document.activeElement?.id), 'dashboard-heading');

    // The welcome link was used up when the address was confirmed.
    const again = await openPage(context, welcomeLink, demo.pageErrors);
    await waitForHeading(again, 'This link cannot be used');
    await waitForText(again, 'This link is not valid. It may have been used already. Request a new one.');
    assert.equal(await again.$('portico-signup'), null, 'no address form');
  });
});
