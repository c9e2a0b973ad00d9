import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { apiPaths } from '@portico/contract';
import type { Page } from 'puppeteer-core';
import { registeredTags } from '../embedding/typings.ts';
import { freshEmail, openPage } from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { repoRoot } from '../support/server-process.mjs';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * The demo's embedding hosts in Chromium: the plain HTML page (`/portico.js` as built, no bundler) and the
 * React 19 page each sign a user in by keyboard, show who is signed in from `portico-signed-in`, and sign out; once
 * on the real server, once on the in-browser mock (`?backend=mock`, with the mock's seeded plain user, whom the server
 * does not know). A page loading the bundle twice, as two micro-frontends would, works the same and throws nothing.
 */

interface Credentials {
  email: string;
  password: string;
}

/** Tabs from the top of the page to the e-mail field, types the credentials, and presses Enter. */
async function signInByKeyboard(page: Page, { email, password }: Credentials): Promise<void> {
  await page.waitForSelector('portico-auth form input[autocomplete~="username"]', { visible: true });
  await page.focus('body');
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')?.split(' ').includes('username'))) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')?.split(' ')[0]), 'username', 'Tab reaches the e-mail field');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), 'current-password');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

/** The host's signed-in view appears with the e-mail the event carried; Sign out brings the sign-in form back. */
async function signInAndOut(page: Page, credentials: Credentials): Promise<void> {
  await signInByKeyboard(page, credentials);
  await page.waitForSelector('#signed-in-email', { visible: true, timeout: 15_000 });
  assert.equal(await page.$eval('#signed-in-email', (el) => el.textContent), credentials.email);
  assert.equal(await page.$eval('#signed-out', (el) => (el as HTMLElement).hidden), true, 'the sign-in form is hidden');

  await page.click('#sign-out');
  await page.waitForSelector('portico-auth form input[autocomplete~="username"]', { visible: true });
  // Hidden (plain host) or unmounted (React): either way not shown.
  await page.waitForSelector('#signed-in', { hidden: true, timeout: 1_000 });
}

describe('embedding hosts in the demo', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'hosting' });
  let user: Credentials;

  before(async () => {
    for (const file of ['portico.js', 'portico-mock.js', 'mockServiceWorker.js', 'hosts/plain.html', 'hosts/react.html', 'hosts/double-load.html']) {
      assert.ok(existsSync(join(repoRoot, 'demo/dist', file)), `demo/dist/${file} is missing: npm run build:demo`);
    }
    user = { email: freshEmail('host'), password: 'Host-Page-2026!' };
    const created = await runCliInProcess(['user', 'create', '--email', user.email, '--password', user.password], { PORTICO_DATA_DIR: demo.dataDir });
    assert.equal(created.code, 0, created.stderr);
  });

  for (const host of ['plain', 'react'] as const) {
    it(`${host} host: signs in on the server, shows the user from portico-signed-in, signs out`, async () => {
      const page = await openPage(await demo.newContext(), `${demo.server.url}/hosts/${host}.html`, demo.pageErrors);
      await signInAndOut(page, user);
      assert.equal(await page.evaluate(async () => (await fetch('/api/session')).status), 401, 'the server ended the session');
    });

    it(`${host} host with ?backend=mock: signs in the mock's plain user, whom the server does not know`, async () => {
      const page = await openPage(await demo.newContext(), `${demo.server.url}/hosts/${host}.html?backend=mock`, demo.pageErrors);
      await page.waitForSelector('#mock-note', { visible: true, timeout: 20_000 });
      const mockUser = await page.$$eval('#mock-note code', (codes) => ({ email: codes[0]?.textContent ?? '', password: codes[1]?.textContent ?? '' }));
      assert.match(mockUser.email, /@/, 'the page names the mock user');
      assert.match(
        (await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)) ?? '',
        /\/mockServiceWorker\.js$/,
        'the mock service worker controls the page',
      );

      await signInAndOut(page, mockUser);
      assert.equal(await page.evaluate(async () => (await fetch('/api/session')).status), 401, 'the mock ended the session');

      // The same credentials on the server fail: the sign-in above was the mock's.
      const onServer = await fetch(`${demo.server.url}${apiPaths.signIn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: demo.server.url },
        body: JSON.stringify({ identifier: mockUser.email, password: mockUser.password }),
      });
      assert.equal(onServer.status, 401, `the server does not know ${mockUser.email}`);
    });
  }

  it('double load: portico.js twice (two module instances) and sign-in.js on one page, no error, <portico-auth> works', async () => {
    const page = await openPage(await demo.newContext(), `${demo.server.url}/hosts/double-load.html`, demo.pageErrors);
    const loaded = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname + new URL(entry.name).search)
          .filter((path) => /^\/(portico|sign-in|chunks\/portico-[\w-]{8})\.js/.test(path)) // the entries and their code chunk
          .sort(),
      );
    const entries = ['/portico.js?micro-frontend=checkout', '/portico.js?micro-frontend=header', '/sign-in.js?micro-frontend=newsletter'];
    const atOnce = await loaded();
    // Both URLs of portico.js load the one chunk that holds its code.
    assert.equal(atOnce.filter((path) => path.startsWith('/chunks/')).length, 1, atOnce.join(', '));
    assert.deepEqual(
      atOnce.filter((path) => !path.startsWith('/chunks/')),
      entries,
    );
    // The sign-in elements come with portico.js; the signed-in page's elements the moment one of their tags appears.
    const undefinedTags = () => page.evaluate((tags) => tags.filter((tag) => !customElements.get(tag)).sort(), [...registeredTags]);
    const later = [
      'portico-account-members',
      'portico-activity',
      'portico-bankid',
      'portico-change-password',
      'portico-customer-accounts',
      'portico-mfa-setup',
      'portico-personal-number',
      'portico-profile',
      'portico-recovery-codes',
      'portico-security',
      'portico-sessions',
    ];
    assert.deepEqual(await undefinedTags(), later, 'portico.js registers the sign-in elements at once');
    await page.evaluate(() => document.body.append(document.createElement('portico-recovery-codes')));
    await page.waitForFunction(() => customElements.get('portico-profile') !== undefined, { timeout: 10_000 });
    assert.deepEqual(await undefinedTags(), [], 'and every other element once one of them is used');
    // The lazily loaded chunks import the shared chunk, never the page's portico.js under another URL (which would
    // run a third copy of Portico).
    assert.deepEqual(await loaded(), atOnce, 'no further copy of portico.js or its code');
    await page.evaluate(() => document.querySelector('portico-recovery-codes')?.remove());

    await signInByKeyboard(page, user);
    await page.waitForFunction((email) => document.getElementById('signed-in-email')?.textContent === email, { timeout: 15_000 }, user.email);
  });
});
