import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { chooseAccount, dashboardAccount, dashboardEmail, freshEmail, openPage, submitPassword, waitForHeading } from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * The hosting portal's account picker in the demo portal, in Chromium: a person linked to two customer accounts chooses one
 * after signing in, then switches to the other from the dashboard without signing in again. Accounts are created and
 * linked with the CLI while the server runs, as an operator would.
 */

/** The invoices table's caption once it shows `customerId`'s, and its invoice numbers. */
async function invoicesShown(page: Page, customerId: string): Promise<string[]> {
  await page.waitForFunction(
    (id) => document.querySelector('#invoices-caption')?.textContent === `Invoices of ${id}` && !document.querySelector<HTMLElement>('#invoices-table')?.hidden,
    {},
    customerId,
  );
  return page.$$eval('#invoices-rows tr td:first-child', (cells) => cells.map((cell) => cell.textContent ?? ''));
}

describe('customer accounts in the demo portal', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });

  it('picks one of two accounts after signing in, then switches from the dashboard', async () => {
    const email = freshEmail('two-accounts');
    const password = 'Two-Accounts-2026!';
    const cli = (args: string[]) => runCliInProcess(args, { PORTICO_DATA_DIR: demo.dataDir });
    for (const result of [
      await cli(['user', 'create', '--email', email, '--password', password]),
      await cli(['account', 'create', '--id', 'NL123421341', '--name', 'Berg Hosting BV', '--contact', 'billing@berg.example']),
      await cli(['account', 'create', '--id', 'cdn1010101010', '--name', 'Acme Cloud Ltd', '--contact', 'ops@acme.example']),
      await cli(['account', 'link', '--id', 'NL123421341', '--email', email]),
      await cli(['account', 'link', '--id', 'CDN1010101010', '--email', email]),
    ]) {
      assert.equal(result.code, 0, result.stderr);
    }

    const page = await openPage(await demo.newContext(), demo.server.url, demo.pageErrors);
    await submitPassword(page, email, password);
    await waitForHeading(page, 'Choose an account');
    // A reload on the picker brings the picker back, not a dashboard without an account.
    await page.reload({ waitUntil: 'networkidle0' });
    await waitForHeading(page, 'Choose an account');
    assert.equal(await page.$eval('#dashboard', (el) => (el as HTMLElement).hidden), true);
    await chooseAccount(page, 'portico-auth', 'Berg Hosting BV');
    assert.equal(await dashboardEmail(page), email);
    assert.match(await dashboardAccount(page), /Berg Hosting BV.*NL123421341/);
    // The portal's own back end serves the account's invoices on the verified session token.
    const bergInvoices = await invoicesShown(page, 'NL123421341');
    assert.equal(bergInvoices.length, 3);
    assert.ok(
      bergInvoices.every((number) => number.startsWith('NL123421341-')),
      bergInvoices.join(),
    );

    // Switching needs no new sign-in; the dashboard follows.
    await page.click('#switch-account');
    await chooseAccount(page, '#account-switcher', 'Acme Cloud Ltd');
    await page.waitForFunction(() => document.querySelector('#dashboard-account')?.textContent?.includes('CDN1010101010'));
    assert.match(await dashboardAccount(page), /Acme Cloud Ltd.*CDN1010101010/);
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    assert.equal(session.activeAccount.customerId, 'CDN1010101010', 'the server agrees');
    const acmeInvoices = await invoicesShown(page, 'CDN1010101010');
    assert.ok(
      acmeInvoices.every((number) => number.startsWith('CDN1010101010-')),
      acmeInvoices.join(),
    );

    // A reload keeps the chosen account.
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#dashboard:not([hidden])', { visible: true });
    assert.match(await dashboardAccount(page), /Acme Cloud Ltd/);
    await invoicesShown(page, 'CDN1010101010');

    // Portico told the portal's back end what happened, by signed webhooks.
    await page.click('#webhook-events summary');
    await page.waitForFunction(() => document.querySelector('#webhook-events-list')?.textContent?.includes('session.created'));

    // Signed out, the portal's API refuses even a token that has not expired yet: it asks Portico (validate).
    const token = await page.evaluate(() => document.querySelector('portico-auth')!.getToken());
    assert.ok(token);
    const withToken = (t: string) =>
      page.evaluate(async (bearer) => (await fetch('/portal/api/invoices', { headers: { authorization: `Bearer ${bearer}` } })).status, t);
    assert.equal(await withToken(token), 200);
    await page.click('#sign-out');
    await page.waitForSelector('#signed-out:not([hidden])', { visible: true });
    assert.equal(await withToken(token), 401);
    assert.equal(await page.evaluate(async () => (await fetch('/portal/api/invoices')).status), 401, 'no token, no invoices');
  });
});
