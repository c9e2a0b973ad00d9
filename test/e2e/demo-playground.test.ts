import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { openPage } from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';

/**
 * The theme playground as a designer uses it: every component renders, the token controls restyle them live, the
 * scheme switch turns them dark, and "Export CSS" gives the changed tokens. Real server (for the components that ask
 * it), real Chromium.
 */

/** Every Portico tag the playground must show (each with content in its shadow root). */
const tags = [
  'portico-auth',
  'portico-login-form',
  'portico-signup',
  'portico-forgot-password',
  'portico-set-password',
  'portico-set-credentials',
  'portico-register-email',
  'portico-mfa',
  'portico-mfa-setup',
  'portico-account-picker',
  'portico-bankid',
  'portico-code-input',
  'portico-new-password',
  'portico-recovery-codes',
  'portico-change-password',
  'portico-customer-accounts',
  'portico-personal-number',
  'portico-security',
  'portico-profile',
  'portico-alert',
  'portico-field',
  'portico-button',
  'portico-spinner',
];

/** Sets a control's value the way its input events report it (a colour picker cannot be typed into). */
async function setControl(page: Page, token: string, value: string): Promise<void> {
  const found = await page.evaluate(
    (name, next) => {
      const input = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-token="${name}"]`);
      if (!input) return false;
      input.value = next;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    token,
    value,
  );
  assert.ok(found, `no control for ${token}`);
}

/** Computed styles of the sign-in specimen's submit button (light DOM) and card (shadow DOM). */
function authStyles(page: Page) {
  return page.evaluate(() => {
    const auth = document.querySelector('#gallery portico-auth');
    const submit = auth?.querySelector('button[type="submit"]');
    const card = auth?.shadowRoot?.querySelector('[part="card"]');
    if (!submit || !card) return null;
    const button = getComputedStyle(submit);
    const box = getComputedStyle(card);
    return {
      buttonBackground: button.backgroundColor,
      buttonRadius: button.borderTopLeftRadius,
      cardRadius: box.borderTopLeftRadius,
      cardBackground: box.backgroundColor,
      stageBackground: getComputedStyle(document.getElementById('stage')!).backgroundColor,
    };
  });
}

describe('theme playground', () => {
  // BankID on, so the personnummer section (shown only where the policy offers BankID) is there too.
  const portal = useDemoPortal({ PORTICO_PRESET: 'hosting', PORTICO_BANKID: 'true' });

  it('shows every component, restyles them live, switches to dark and exports the changed tokens', async () => {
    const context = await portal.newContext();
    const page = await openPage(context, `${portal.server.url}/playground.html`, portal.pageErrors);

    // Every tag renders: it is in the gallery and its shadow root has content.
    await page.waitForFunction(
      (wanted: string[]) =>
        wanted.every((tag) => {
          const element = document.querySelector(`#gallery ${tag}`);
          return Boolean(element?.shadowRoot && element.shadowRoot.childNodes.length > 0);
        }),
      { timeout: 15_000 },
      tags,
    );
    // …with something a user sees: each showcased component (not a nested, empty alert) has a size.
    const empty = await page.evaluate(
      (wanted: string[]) =>
        wanted.filter((tag) => {
          const element = document.querySelector(`#gallery ${tag}[data-themed]`);
          return !element || element.getBoundingClientRect().height === 0;
        }),
      tags,
    );
    assert.deepEqual(empty, [], 'components with nothing on screen');
    const shown = await page.evaluate(() => ({
      mfa: document.querySelectorAll('#gallery portico-mfa').length,
      steps: [...document.querySelectorAll('#gallery figcaption')].map((caption) => caption.textContent ?? ''),
    }));
    assert.equal(shown.mfa, 4, 'the mfa step for each channel');
    for (const step of ['set_password', 'set_credentials', 'register_email', 'bankid', 'verify_email', 'check_email']) {
      assert.ok(
        shown.steps.some((text) => text.includes(step)),
        `no specimen of the ${step} step`,
      );
    }

    const before = await authStyles(page);
    assert.ok(before, 'the sign-in specimen has a card and a submit button');
    assert.equal(before.buttonBackground, 'rgb(29, 78, 216)');

    await setControl(page, '--portico-color-primary', '#aa0055');
    await setControl(page, '--portico-radius', '17');
    const themed = await authStyles(page);
    assert.equal(themed?.buttonBackground, 'rgb(170, 0, 85)', 'the primary colour reaches the light-DOM button');
    assert.equal(themed?.buttonRadius, '17px');
    assert.equal(themed?.cardRadius, '17px', 'the radius reaches the shadow-DOM card');

    // Dark: the card and the page behind it turn dark; the host's primary colour still wins.
    await page.click('input[name="scheme"][value="dark"]');
    const dark = await authStyles(page);
    assert.equal(dark?.cardBackground, 'rgb(31, 41, 55)');
    assert.notEqual(dark?.stageBackground, before.stageBackground);
    assert.equal(dark?.buttonBackground, 'rgb(170, 0, 85)');
    assert.equal(await page.$eval('#gallery portico-mfa', (element) => element.getAttribute('theme')), 'dark', 'every component follows the switch');

    await page.click('#export-css');
    const css = await page.$eval('#export-output', (element) => (element as HTMLTextAreaElement).value);
    assert.match(css, /:root \{/);
    assert.match(css, /--portico-color-primary: #aa0055;/);
    assert.match(css, /--portico-radius: 17px;/);
    assert.doesNotMatch(css, /--portico-color-text:/, 'only changed tokens are exported');
    assert.match(css, /theme="dark"/);
  });

  it('is linked from the portal page', async () => {
    const context = await portal.newContext();
    const page = await openPage(context, portal.server.url, portal.pageErrors);
    const href = await page.$eval('a[href$="playground.html"]', (link) => link.href);
    assert.equal(new URL(href).pathname, '/playground.html');
  });
});
