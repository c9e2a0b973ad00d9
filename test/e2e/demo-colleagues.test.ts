import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import {
  clickButton,
  dashboardAccount,
  dashboardEmail,
  freshEmail,
  inputValue,
  mailedLink,
  openPage,
  signIn,
  submitPassword,
  usernameField,
  waitForHeading,
  waitForMail,
  waitForText,
} from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * A business account as its people meet it, in the demo portal in Chromium: the portal onboards an order (order onboarding,
 * "First time logging in": one Confirm mail, "Set credentials", the confirmation, sign in, and the account is there),
 * the new owner invites a colleague from My details, the colleague accepts (setting credentials) and sees the
 * account, and a role the owner changes shows in the colleague's My details after a reload. Real server (hosting
 * preset), real PGlite, the admin side through the CLI.
 */

const members = 'portico-account-members';

/** Follows a Confirm link and sets credentials: the name, then the password twice. */
async function setCredentials(page: Page, name: string, password: string): Promise<void> {
  await waitForHeading(page, 'Set credentials');
  await page.waitForSelector('portico-set-credentials input[autocomplete="name"]', { visible: true });
  await page.type('portico-set-credentials input[autocomplete="name"]', name);
  const fields = await page.$$('portico-set-credentials input[autocomplete="new-password"]');
  assert.equal(fields.length, 2, 'password and confirmation');
  for (const field of fields) await field.type(password);
  await page.keyboard.press('Enter');
}

async function signInWithFilledEmail(page: Page, email: string, password: string): Promise<void> {
  assert.equal(await inputValue(page, usernameField), email);
  await page.type('portico-login-form input[autocomplete="current-password"]', password);
  await page.keyboard.press('Enter');
  assert.equal(await dashboardEmail(page), email);
}

describe('a business account and its people in the demo portal', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });

  it('onboards an order, invites a colleague who accepts, and shows a changed role after a reload', async () => {
    const owner = freshEmail('olga', 'order.example');
    const colleague = freshEmail('cecilia', 'order.example');
    const cli = (args: string[]) => runCliInProcess(args, { PORTICO_DATA_DIR: demo.dataDir });
    const created = await cli(['account', 'create', '--id', 'NL555000111', '--name', 'Order Hosting BV', '--contact', 'billing@order.example']);
    assert.equal(created.code, 0, created.stderr);
    const onboarded = await cli(['account', 'onboard', '--id', 'NL555000111', '--email', owner]);
    assert.equal(onboarded.code, 0, onboarded.stderr);

    // 1–4: the Confirm link, Set credentials, the confirmation, sign in; the account is there.
    const context = await demo.newContext();
    const inbox = await openPage(context, demo.server.url, demo.pageErrors);
    const confirm = await waitForMail(inbox, owner, 'Confirm your e-mail address for Portico');
    assert.match(confirm.text, /Order Hosting BV \(customer ID NL555000111\)/);
    const page = await openPage(context, mailedLink(confirm, demo.server.url), demo.pageErrors);
    await setCredentials(page, 'Olga Owner', 'Order-Owner-2026!');
    await waitForText(page, 'Your e-mail login has been registered for customer ID NL555000111.');
    await signInWithFilledEmail(page, owner, 'Order-Owner-2026!');
    assert.match(await dashboardAccount(page), /Order Hosting BV.*NL555000111/);

    // The owner invites a colleague from My details.
    await waitForText(page, 'People in Order Hosting BV', 10_000, members);
    await page.type(`${members} input[name="invite-email"]`, colleague);
    await page.select(`${members} select[name="invite-role"]`, 'member');
    await clickButton(page, 'Send invitation', members);
    await waitForText(page, `We have sent an invitation to ${colleague}.`, 10_000, members);

    // The colleague accepts in a browser of their own: Set credentials, sign in, the account is there.
    const theirs = await demo.newContext();
    const theirInbox = await openPage(theirs, demo.server.url, demo.pageErrors);
    const invitation = await waitForMail(theirInbox, colleague, 'Olga Owner invited you to Order Hosting BV on Portico');
    const accept = await openPage(theirs, mailedLink(invitation, demo.server.url), demo.pageErrors);
    await setCredentials(accept, 'Cecilia Colleague', 'Colleague-Pass-2026!');
    await waitForText(accept, 'Your e-mail login has been registered for customer ID NL555000111.');
    await signInWithFilledEmail(accept, colleague, 'Colleague-Pass-2026!');
    assert.match(await dashboardAccount(accept), /Order Hosting BV.*NL555000111/);
    await waitForText(accept, 'The owners and admins of Order Hosting BV manage who works in it', 10_000, members);

    // The owner sees them and makes them admin; after a reload the colleague manages people too.
    await page.reload();
    await waitForText(page, 'Cecilia Colleague', 10_000, members);
    const select = await page.waitForSelector(`${members} select[aria-label="Role of Cecilia Colleague"]`, { visible: true });
    await select!.select('admin');
    await waitForText(page, 'Cecilia Colleague is now admin.', 10_000, members);
    await accept.reload();
    await waitForText(accept, 'People in Order Hosting BV', 10_000, members);
    await waitForText(accept, 'Olga Owner', 10_000, members);
    const session = await accept.evaluate(async () => (await fetch('/api/session')).json());
    assert.equal(session.activeAccount.role, 'admin', 'the server agrees');

    // The owner, signed in on a second browser too, signs that one out from My details; it finds itself signed out.
    const laptop = await demo.newContext();
    const other = await openPage(laptop, demo.server.url, demo.pageErrors);
    await signIn(other, owner, 'Order-Owner-2026!');
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('portico-sessions li[data-session-id]').length === 2);
    await page.click('portico-sessions li[aria-current="false"] button');
    await waitForText(page, 'has been signed out.', 10_000, 'portico-sessions');
    await other.reload();
    await other.waitForSelector(usernameField, { visible: true });
    assert.equal(await other.$eval('#dashboard', (el) => (el as HTMLElement).hidden), true, 'no dashboard for the ended session');

    // The owner reads the account's log: who joined, signed in and got another role.
    const accountLog = 'portico-activity[scope="account"]';
    await waitForText(page, 'Activity in the account', 10_000, accountLog);
    await waitForText(page, 'Cecilia Colleague: Role in NL555000111 changed to admin', 10_000, accountLog);
    await waitForText(page, 'Cecilia Colleague: Linked to Order Hosting BV', 10_000, accountLog);
    assert.equal(await accept.$(accountLog + ' [role="heading"]'), null, 'an admin sees no account log');

    // Support disables the colleague's login: their browser is signed out, and the right password is refused.
    const disabled = await cli(['user', 'disable', '--email', colleague]);
    assert.equal(disabled.code, 0, disabled.stderr);
    await accept.reload();
    await accept.waitForSelector(usernameField, { visible: true });
    await submitPassword(accept, colleague, 'Colleague-Pass-2026!');
    await waitForText(accept, 'The e-mail address or password is incorrect.');
  });
});
