import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { chooseAccount, dashboardEmail, freshEmail, openPage, submitPassword, waitForHeading } from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { runCli } from '../support/server-process.mjs';

/**
 * Seed 000's account picker in the demo portal, in Chromium: a person linked to two customer accounts chooses one
 * after signing in, then switches to the other from the dashboard without signing in again. Accounts are created and
 * linked with the CLI while the server runs, as an operator would.
 */

const shownAccount = (page: Page) => page.$eval('#dashboard-account', (el) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '');

describe('customer accounts in the demo portal', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });

  it('picks one of two accounts after signing in, then switches from the dashboard', async () => {
    const email = freshEmail('two-accounts');
    const password = 'Two-Accounts-2026!';
    const cli = (args: string[]) => runCli(args, { PORTICO_DATA_DIR: demo.dataDir });
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
    await chooseAccount(page, 'portico-auth', 'Berg Hosting BV');
    assert.equal(await dashboardEmail(page), email);
    assert.match(await shownAccount(page), /Berg Hosting BV.*NL123421341/);

    // Switching needs no new sign-in; the dashboard follows.
    await page.click('#switch-account');
    await chooseAccount(page, '#account-switcher', 'Acme Cloud Ltd');
    await page.waitForFunction(() => document.querySelector('#dashboard-account')?.textContent?.includes('CDN1010101010'));
    assert.match(await shownAccount(page), /Acme Cloud Ltd.*CDN1010101010/);
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    assert.equal(session.activeAccount.customerId, 'CDN1010101010', 'the server agrees');

    // A reload keeps the chosen account.
    await page.reload({ waitUntil: 'networkidle0' });
    await page.waitForSelector('#dashboard:not([hidden])', { visible: true });
    assert.match(await shownAccount(page), /Acme Cloud Ltd/);
  });
});
