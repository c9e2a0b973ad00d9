import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { clickButton, dashboardEmail, freshEmail, openPage, signIn, waitAndClick, waitForHeading, waitForText } from '../support/demo-page.ts';
import { useDemoPortal } from '../support/demo-portal.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

/**
 * BankID sign-in in the demo portal (leasing preset, so in Swedish), in Chromium: a user adds their
 * personnummer under Mina uppgifter, signs out, chooses "Logga in med BankID", and the demo's test phone (the
 * development stand-in for the BankID app, acting on the local BankID test server) approves the order; then an order
 * cancelled in the app and one left to expire show BankID's Swedish messages. Real server, real PGlite.
 */

const personnummer = '811218-9876';

/** The QR image `<portico-bankid>` shows now (its data URL), or ''. */
const shownQr = (page: Page) =>
  page.evaluate(() => {
    const bankid = document.querySelector('portico-auth portico-bankid');
    const image = bankid?.querySelector('img') ?? bankid?.shadowRoot?.querySelector('img');
    return image?.getAttribute('src') ?? '';
  });

/** On the test phone page: waits for the newest pending order and presses one of its buttons. */
async function onPhone(phone: Page, label: 'Open in app' | 'Approve' | 'Cancel' | 'Let expire'): Promise<void> {
  await phone.bringToFront();
  await waitAndClick(phone, label, '#orders', 15_000);
  await phone.waitForFunction(() => (document.querySelector('#result')?.textContent ?? '').trim() !== '');
}

describe('BankID sign-in in the demo portal (leasing, Swedish)', () => {
  const demo = useDemoPortal({ PORTICO_PRESET: 'leasing' });

  it('adds a personnummer, signs in with BankID through the test phone, and shows why orders failed', async () => {
    const email = freshEmail('anna', 'example.se');
    const password = 'Mina-Uppgifter-2026!';
    const created = await runCliInProcess(['user', 'create', '--email', email, '--password', password], { PORTICO_DATA_DIR: demo.dataDir });
    assert.equal(created.code, 0, created.stderr);
    const context = await demo.newContext();
    const portal = await openPage(context, demo.server.url, demo.pageErrors);

    // Mina uppgifter: the personnummer, stored (masked back).
    await signIn(portal, email, password);
    const field = 'portico-personal-number input[name="personal-number"]';
    await portal.waitForSelector(field, { visible: true });
    await portal.type(field, personnummer);
    await portal.keyboard.press('Enter');
    await waitForText(portal, 'Ditt personnummer: 19811218-****', 10_000, 'portico-profile');
    await portal.click('#sign-out');

    // "Logga in med BankID": a QR code that changes every second.
    await waitForText(portal, 'Logga in med BankID');
    await clickButton(portal, 'Logga in med BankID');
    await waitForHeading(portal, 'Logga in med BankID');
    await waitForText(portal, 'Starta BankID-appen.');
    await portal.waitForFunction(() => {
      const bankid = document.querySelector('portico-auth portico-bankid');
      return Boolean((bankid?.querySelector('img') ?? bankid?.shadowRoot?.querySelector('img'))?.getAttribute('src'));
    });
    const firstQr = await shownQr(portal);
    await portal.waitForFunction(
      (before) => {
        const bankid = document.querySelector('portico-auth portico-bankid');
        const src = (bankid?.querySelector('img') ?? bankid?.shadowRoot?.querySelector('img'))?.getAttribute('src') ?? '';
        return src !== '' && src !== before;
      },
      { timeout: 5_000 },
      firstQr,
    );

    // The test phone: the app opens the order (the security-code message), then approves it.
    const phone = await openPage(context, `${demo.server.url}/test-phone.html`, demo.pageErrors);
    await phone.type('#personal-number', personnummer);
    await onPhone(phone, 'Open in app');
    await portal.bringToFront();
    await waitForText(portal, 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.');
    await onPhone(phone, 'Approve');
    await portal.bringToFront();
    assert.equal(await dashboardEmail(portal), email);

    // Cancelled in the app: BankID's message, and "Försök igen" starts a new order…
    await portal.click('#sign-out');
    await waitForText(portal, 'Logga in med BankID');
    await clickButton(portal, 'Logga in med BankID');
    await waitForText(portal, 'Starta BankID-appen.');
    await onPhone(phone, 'Cancel');
    await portal.bringToFront();
    await waitForText(portal, 'Åtgärden avbröts.');
    await clickButton(portal, 'Försök igen');
    await waitForText(portal, 'Starta BankID-appen.');

    // …which, left to expire, says the app is not responding.
    await onPhone(phone, 'Let expire');
    await portal.bringToFront();
    await waitForText(
      portal,
      'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    );
  });
});
