import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseAccount,
  chooseNewPassword,
  clickButton,
  dashboardAccount,
  dashboardEmail,
  focused,
  freshEmail,
  inputValue,
  mailedLink,
  openPage,
  submitPassword,
  typeInto,
  usernameField,
  waitForAlert,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * The customer-ID migration, "Registering your email as your user login for the first time", all ten steps in the demo portal in
 * Chromium, keyboard only where a user types: a password reset by customer ID that goes to the account's main
 * contact, a new customer-ID password, signing in with the customer ID, registering a user e-mail, the verification
 * link, the credentials, the confirmation, and signing in with the e-mail. Then a second customer ID is linked to
 * the same e-mail login (its mailed link and the existing password, no second password), one sign-in offers both
 * accounts in the picker, and the dashboard switches between them. Real server (hosting preset), real PGlite.
 */

describe('old customer-ID logins in the demo portal (customer-ID migration)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });

  it('walks the ten steps for one customer ID, links a second, then picks and switches accounts', async () => {
    const email = freshEmail('anna', 'berg.example');
    const customerIdPassword = 'Customer-Id-2026!';
    const emailPassword = 'Email-Login-2026!';
    const cli = (args: string[]) => runCliInProcess(args, { PORTICO_DATA_DIR: demo.dataDir });
    for (const result of [
      await cli(['account', 'create', '--id', 'NL123421341', '--name', 'Berg Hosting BV', '--contact', 'billing@berg.example']),
      await cli(['account', 'create', '--id', 'SG234124123', '--name', 'Alpha Pte Ltd', '--contact', 'ops@alpha.example', '--password', 'Alpha-Legacy-2019!']),
    ]) {
      assert.equal(result.code, 0, result.stderr);
    }
    const context = await demo.newContext();
    const page = await openPage(context, demo.server.url, demo.pageErrors);
    await page.waitForSelector(usernameField, { visible: true });

    // 1. "Forgot password?" with the customer ID instead of an e-mail address.
    await clickButton(page, 'Forgot password?');
    await waitForHeading(page, 'Reset your password');
    await page.waitForSelector('portico-forgot-password input[autocomplete~="username"]', { visible: true });
    assert.equal(await focused(page), 'username');
    await page.keyboard.type('NL123421341');
    await page.keyboard.press('Enter');
    await waitForText(page, "we have sent a reset link to the account's main contact e-mail address");
    assert.ok(!(await page.$eval('portico-auth', (el) => el.textContent ?? '')).includes('billing@berg.example'), 'the main contact is never shown');

    // 2. The reset link reaches the main contact.
    const reset = await waitForMail(page, 'billing@berg.example', 'Reset the Portico password of customer ID NL123421341');

    // 3. A new password with the seed's rules, for the customer ID.
    const resetPage = await openPage(context, mailedLink(reset, demo.server.url), demo.pageErrors);
    await waitForText(resetPage, 'New password for customer ID NL123421341');
    await chooseNewPassword(resetPage, 'portico-auth', customerIdPassword);
    await waitForText(resetPage, 'Your password has been set');

    // 4. Sign in with the customer ID (filled in) and that password.
    assert.equal(await inputValue(resetPage, usernameField), 'NL123421341');
    await resetPage.type('portico-login-form input[autocomplete="current-password"]', customerIdPassword);
    await resetPage.keyboard.press('Enter');

    // 5. Register a user e-mail address.
    await waitForHeading(resetPage, 'Register your e-mail login');
    await resetPage.waitForSelector('portico-register-email input[autocomplete~="username"]', { visible: true });
    assert.equal(await focused(resetPage), 'username');
    await resetPage.keyboard.type(email);
    await resetPage.keyboard.press('Enter');

    // 6. The verification message.
    await waitForHeading(resetPage, 'Check your e-mail');
    await waitForText(resetPage, `We have sent a verification link to ${email}.`);

    // 7. The verification link, "Confirm".
    const confirm = await waitForMail(resetPage, email, 'Confirm your e-mail address for Portico');
    const confirmPage = await openPage(context, mailedLink(confirm, demo.server.url), demo.pageErrors);

    // 8. "Set credentials": the step-3 password is refused, another one is taken.
    await waitForHeading(confirmPage, 'Set credentials');
    await chooseNewPassword(confirmPage, 'portico-set-credentials', customerIdPassword);
    assert.match(await waitForAlert(confirmPage), /different/i);
    for (const field of await confirmPage.$$('portico-set-credentials input[autocomplete="new-password"]')) {
      await field.click({ count: 3 });
      await field.type(emailPassword);
    }
    await confirmPage.keyboard.press('Enter');

    // 9. The registration confirmation.
    await waitForText(confirmPage, 'Your e-mail login has been registered for customer ID NL123421341.');

    // 10. Sign in with the e-mail (filled in) and the new password: the account is there.
    assert.equal(await inputValue(confirmPage, usernameField), email);
    await confirmPage.type('portico-login-form input[autocomplete="current-password"]', emailPassword);
    await confirmPage.keyboard.press('Enter');
    assert.equal(await dashboardEmail(confirmPage), email);
    assert.match(await dashboardAccount(confirmPage), /Berg Hosting BV.*NL123421341/);
    await confirmPage.click('#sign-out');

    // From then on the customer ID by itself is refused, saying what to do instead.
    await submitPassword(confirmPage, 'NL123421341', customerIdPassword);
    assert.equal(await waitForAlert(confirmPage), 'This customer ID now signs in with the e-mail login registered for it. Sign in with that e-mail address.');

    // A second customer ID, registered with the same e-mail: linked by the mailed link and the existing password.
    await typeInto(confirmPage, usernameField, 'SG234124123');
    // The refused password is still in its field (selected), as after any failed sign-in: typing replaces it.
    await typeInto(confirmPage, 'portico-login-form input[autocomplete="current-password"]', 'Alpha-Legacy-2019!');
    await confirmPage.keyboard.press('Enter');
    await waitForHeading(confirmPage, 'Register your e-mail login');
    await typeInto(confirmPage, 'portico-register-email input[autocomplete~="username"]', email);
    await confirmPage.keyboard.press('Enter');
    await waitForHeading(confirmPage, 'Check your e-mail');
    const linkMail = await waitForMail(confirmPage, email, 'Link customer ID SG234124123 to your Portico login');
    const linkPage = await openPage(context, mailedLink(linkMail, demo.server.url), demo.pageErrors);
    await waitForHeading(linkPage, 'Confirm with your password');
    assert.equal(await linkPage.$$eval('portico-set-credentials input[autocomplete="new-password"]', (fields) => fields.length), 0, 'no second password');
    await linkPage.waitForSelector('portico-set-credentials input[autocomplete="current-password"]', { visible: true });
    await linkPage.type('portico-set-credentials input[autocomplete="current-password"]', emailPassword);
    await linkPage.keyboard.press('Enter');
    await waitForText(linkPage, 'Customer ID SG234124123 is now linked to your login.');

    // One sign-in, then the picker with both accounts.
    assert.equal(await inputValue(linkPage, usernameField), email);
    await linkPage.type('portico-login-form input[autocomplete="current-password"]', emailPassword);
    await linkPage.keyboard.press('Enter');
    await waitForHeading(linkPage, 'Choose an account');
    await chooseAccount(linkPage, 'portico-auth', 'Alpha Pte Ltd');
    assert.equal(await dashboardEmail(linkPage), email);
    assert.match(await dashboardAccount(linkPage), /Alpha Pte Ltd.*SG234124123/);

    // My details lists both; the dashboard switches without a new sign-in.
    await waitForText(linkPage, 'Berg Hosting BV', 10_000, 'portico-profile');
    await waitForText(linkPage, 'Alpha Pte Ltd', 10_000, 'portico-profile');
    await linkPage.click('#switch-account');
    await chooseAccount(linkPage, '#account-switcher', 'Berg Hosting BV');
    await linkPage.waitForFunction(() => document.querySelector('#dashboard-account')?.textContent?.includes('NL123421341'));
    const session = await linkPage.evaluate(async () => (await fetch('/api/session')).json());
    assert.equal(session.activeAccount.customerId, 'NL123421341', 'the server agrees');
    assert.deepEqual(
      session.accounts.map((account: { customerId: string }) => account.customerId),
      ['SG234124123', 'NL123421341'],
    );
  });

  it('links a customer account from My details by its customer-ID login', async () => {
    const email = freshEmail('dana', 'canada.example');
    const password = 'Dana-Login-2026!';
    for (const result of [
      await runCliInProcess(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir }),
      await runCliInProcess(
        ['account', 'create', '--id', 'CDN1010101010', '--name', 'Canada Inc', '--contact', 'ops@canada.example', '--password', 'Canada-Legacy-2019!'],
        { PORTICO_DATA_DIR: demo.dataDir },
      ),
    ]) {
      assert.equal(result.code, 0, result.stderr);
    }
    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await submitPassword(page, email, password);
    assert.equal(await dashboardEmail(page), email);

    await typeInto(page, 'portico-customer-accounts input[name="customer-id"]', 'CDN1010101010');
    await page.type('portico-customer-accounts input[name="customer-id-password"]', 'Canada-Legacy-2019!');
    await page.keyboard.press('Enter');
    await waitForText(page, 'Canada Inc (CDN1010101010) is now linked to your login.', 10_000, 'portico-profile');
    // The session had no account: it works in the new one, and the dashboard follows.
    await page.waitForFunction(() => document.querySelector('#dashboard-account')?.textContent?.includes('CDN1010101010'));
    assert.match(await dashboardAccount(page), /Canada Inc/);
  });
});
