import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { axeViolations as violations } from '../support/axe.ts';
import { openPage, signIn } from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';

/**
 * The demo portal under a dark system scheme: the page and its Portico elements (theme="auto") turn dark, the portal's
 * brand colour comes in its dark-scheme tint, and axe finds no WCAG A/AA violation (contrast included) on the
 * sign-in page nor on the signed-in portal. Real server, real Chromium.
 */
describe('demo portal in dark mode', () => {
  const portal = useDemoPortal({});
  /** The page's background, the card's of `host` (where it has one), and its first submit button's. */
  function colours(page: Page, host: string) {
    return page.evaluate((selector) => {
      const element = document.querySelector(selector);
      const submit = element?.querySelector('button[type="submit"]');
      return {
        page: getComputedStyle(document.documentElement).backgroundColor,
        card: element?.shadowRoot ? getComputedStyle(element.shadowRoot.querySelector('[part="card"]') ?? element).backgroundColor : '',
        primary: submit ? getComputedStyle(submit).backgroundColor : '',
      };
    }, host);
  }

  it('passes axe on the sign-in page and the signed-in portal, with the brand colour', async () => {
    const match = /demo user: (\S+)\s+password: (\S+)/.exec(portal.server.output());
    assert.ok(match, portal.server.output());
    const context = await portal.newContext();
    const signInPage = await openPage(context, portal.server.url, portal.pageErrors);
    await signInPage.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await signInPage.waitForSelector('portico-login-form input[autocomplete="current-password"]', { visible: true });

    // Dark indeed: the page, the card, and the brand's dark tint (#7cb7f2) on the primary button.
    assert.deepEqual(await colours(signInPage, 'portico-auth'), {
      page: 'rgb(17, 24, 39)',
      card: 'rgb(31, 41, 55)',
      primary: 'rgb(124, 183, 242)',
    });
    assert.deepEqual(await violations(signInPage), []);

    await signIn(signInPage, match[1]!, match[2]!);
    // The portal's own data and the lazily loaded "My details" are on screen before axe looks.
    await signInPage.waitForFunction(() => document.querySelector('#invoices-status')?.textContent !== 'Loading invoices…', {
      timeout: 10_000,
    });
    await signInPage.waitForFunction(() => document.querySelector('portico-profile')?.querySelector('button[type="submit"]'), {
      timeout: 10_000,
    });
    assert.equal((await colours(signInPage, 'portico-profile')).primary, 'rgb(124, 183, 242)');
    assert.deepEqual(await violations(signInPage), []);
  });
});
