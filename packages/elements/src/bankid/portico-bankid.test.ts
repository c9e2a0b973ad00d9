import type { PorticoErrorDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createPorticoClient, PorticoApiError } from '@portico/client';
import { clientFor } from '../api/api.ts';
import '../auth/portico-auth.ts';
import type { PorticoAuth } from '../auth/portico-auth.ts';
import { freshPersonalNumber, seedUserWithPersonalNumber, testPhone } from '../bankid-test-support.ts';
import type { NavigateDetail } from '../shared-events.ts';
import { button, expectFocused, findButton, heading, textOf, waitUntil } from '../test-helpers.ts';
import type { PorticoBankId } from './portico-bankid.ts';
import './portico-bankid.ts';

// BankID sign-in (leasing portal) against the real server, with its local BankID test server playing the person's phone.

const client = createPorticoClient();

/**
 * How long a test waits for what the element shows next of an order: the element collects every 2 seconds, as BankID
 * asks, so a change shows within one or two polls; the rest is room for a loaded machine (three test files and two
 * servers on two cores). A miss of the old 5-second wait under that load turned out to be a real bug (a late cancel's
 * answer cleared the next order's cookie, fixed in the server), not a slow poll.
 */
const orderWait = 12_000;

const statusText = (el: Element) => textOf(el.querySelector('portico-bankid [role="status"]'));
const alertText = (el: Element) => textOf(el.querySelector('portico-bankid portico-alert'));
const qrSource = (el: Element) => el.querySelector('portico-bankid img')?.getAttribute('src') ?? null;

/** Waits for the order's QR code, and returns the order as the test phone sees it. */
async function orderShown(el: Element): Promise<string> {
  await waitUntil(() => qrSource(el) !== null, 'no QR code drawn', { timeout: orderWait });
  const [newest] = await testPhone.orders();
  if (!newest) throw new Error('the test phone has no pending order');
  return newest.orderRef;
}

async function press(root: ParentNode, text: string): Promise<void> {
  button(root, text).focus();
  await sendKeys({ press: 'Enter' });
}

describe('<portico-bankid>', () => {
  afterEach(() => client.signOut().catch(() => undefined));

  it('shows an animated QR code, "Open BankID on this device" and "Start your BankID app"; leaving cancels the order', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);

    const img = el.querySelector('img');
    expect(img?.getAttribute('alt')).to.equal('QR code for BankID');
    expect(statusText(el)).to.equal('Start your BankID app.');
    expect(textOf(el.querySelector('p[tabindex]'))).to.equal('Start the BankID app on your phone and tap Scan QR code. Point the camera at the QR code below.');
    const open = [...el.querySelectorAll('a')].find((link) => textOf(link) === 'Open BankID on this device');
    expect(open?.getAttribute('href')).to.match(/^bankid:\/\/\/\?autostarttoken=[^&]+&redirect=null$/);
    expect(findButton(el, 'Cancel')).to.exist;
    await expect(el).to.be.accessible();

    // A new QR code each poll (the content is time-based); the status line does not change with it.
    const first = qrSource(el);
    await waitUntil(() => qrSource(el) !== first && qrSource(el) !== null, 'the QR code did not change', { timeout: orderWait });
    const second = qrSource(el);
    await waitUntil(() => qrSource(el) !== second && qrSource(el) !== null, 'the QR code changed only once', { timeout: orderWait });
    expect(statusText(el)).to.equal('Start your BankID app.');

    // The user leaves the page part: the order is cancelled at BankID.
    fixtureCleanup();
    await waitUntil(async () => !(await testPhone.orders()).some((pending) => pending.orderRef === order), 'the order was not cancelled', {
      timeout: orderWait,
    });
  });

  it('says "Enter your security code…" (RFA9) once the app has the order', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);

    await testPhone.act('open', { orderRef: order });
    await waitUntil(() => statusText(el) === 'Enter your security code in the BankID app and select Identify or Sign.', 'no RFA9', {
      timeout: orderWait,
    });
    // The QR code has done its job.
    expect(qrSource(el)).to.equal(null);
    expect(findButton(el, 'Cancel')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('says where BankID is searched for (RFA15): the phone that scanned the QR code, or this device once opened here', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);
    await testPhone.act('hint', { orderRef: order, hintCode: 'started' });
    await waitUntil(() => statusText(el).startsWith('Searching for BankID'), 'no RFA15', { timeout: orderWait });
    expect(statusText(el)).to.equal(
      'Searching for BankID, it may take a little while… If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification on the phone you scanned the QR code with. If you don’t have a BankID you can get one from your bank.',
    );

    // "Open BankID on this device" (the link's default action, a bankid: address, is not followed in the test).
    const open = [...el.querySelectorAll('a')].find((link) => textOf(link) === 'Open BankID on this device');
    open?.addEventListener('click', (event) => event.preventDefault(), { once: true });
    open?.click();
    await waitUntil(() => statusText(el).includes('on this device'), 'RFA15 still names the phone', { timeout: orderWait });
    expect(statusText(el)).to.contain('can be used for this identification on this device.');
  });

  it('says where BankID is searched for in Swedish too', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid lang="sv"></portico-bankid>`);
    const order = await orderShown(el);
    await testPhone.act('hint', { orderRef: order, hintCode: 'started' });
    await waitUntil(() => statusText(el).startsWith('Söker efter BankID'), 'no RFA15', { timeout: orderWait });
    expect(statusText(el)).to.contain('för den aktuella identifieringen i telefonen du skannade QR-koden med.');
    const open = [...el.querySelectorAll('a')].find((link) => link.href.startsWith('bankid:'));
    open?.addEventListener('click', (event) => event.preventDefault(), { once: true });
    open?.click();
    await waitUntil(() => statusText(el).includes('i den här enheten'), 'RFA15 still names the phone', { timeout: orderWait });
  });

  it('shows "The action was cancelled." (RFA6) and "Try again" when cancelled in the app; Try again starts a new order', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);

    await testPhone.act('cancel', { orderRef: order });
    await waitUntil(() => statusText(el) === 'The action was cancelled.', 'no RFA6', { timeout: orderWait });
    expect(qrSource(el)).to.equal(null);
    expect(findButton(el, 'Try again')).to.exist;
    expect(findButton(el, 'Back to sign in')).to.exist;
    await expect(el).to.be.accessible();

    await press(el, 'Try again');
    const next = await orderShown(el);
    expect(next).to.not.equal(order);
    expect(statusText(el)).to.equal('Start your BankID app.');
    expect(findButton(el, 'Try again')).to.equal(undefined);
    // The button that had the focus is gone: the focus is on the instructions of the new order.
    expectFocused(el.querySelector('p[tabindex]'));
  });

  it('shows "The BankID app is not responding…" (RFA8) when the order expires', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);

    await testPhone.act('expire', { orderRef: order });
    await waitUntil(() => statusText(el).startsWith('The BankID app is not responding.'), 'no RFA8', { timeout: orderWait });
    expect(statusText(el)).to.equal(
      'The BankID app is not responding. Please check that it’s started and that you have internet access. If you don’t have a valid BankID you can get one from your bank. Try again.',
    );
    expect(findButton(el, 'Try again')).to.exist;
  });

  it("shows BankID's full RFA17 when the QR code was not scanned (startFailed)", async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);

    await testPhone.act('hint', { orderRef: order, status: 'failed', hintCode: 'startFailed' });
    await waitUntil(() => statusText(el).startsWith('Failed to scan the QR code.'), 'no RFA17', { timeout: orderWait });
    expect(statusText(el)).to.equal(
      'Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you don’t have the BankID app, you need to install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.',
    );
  });

  it('moves the focus to "Try again" when the order fails, even if the focus was not in the element', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);
    // The person was busy with the phone: nothing on the page has the focus.
    (document.activeElement as HTMLElement | null)?.blur();
    expectFocused(document.body);

    await testPhone.act('cancel', { orderRef: order });
    await waitUntil(() => findButton(el, 'Try again'), 'no "Try again"', { timeout: orderWait });
    await el.updateComplete;
    expectFocused(button(el, 'Try again'));
  });

  it('moves the focus to "Try again" when the connection is lost', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    await orderShown(el);
    (document.activeElement as HTMLElement | null)?.blur();
    const api = clientFor('');
    const original = api.collectBankId;
    api.collectBankId = () => Promise.reject(new PorticoApiError(0, 'network_error', 'offline'));
    try {
      await oneEvent(el, 'portico-error');
      await el.updateComplete;
      expectFocused(button(el, 'Try again'));
    } finally {
      api.collectBankId = original;
    }
  });

  it('cancels the order when the page is left (pagehide), with a request that outlives the page', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);
    const sent: Array<{ url: string; init: RequestInit | undefined }> = [];
    const originalFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), init });
      return originalFetch(input, init);
    };
    try {
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    } finally {
      window.fetch = originalFetch;
    }
    const cancel = sent.find((request) => request.url.endsWith('/api/auth/bankid/cancel'));
    expect(cancel, 'a cancel request').to.exist;
    expect(cancel?.init?.keepalive).to.equal(true);
    expect(cancel?.init?.method).to.equal('POST');
    expect(new Headers(cancel?.init?.headers).get('content-type')).to.equal('application/json');
    expect(JSON.parse(String(cancel?.init?.body))).to.deep.equal({ order: el.step?.order });
    await waitUntil(async () => !(await testPhone.orders()).some((pending) => pending.orderRef === order), 'the order was not cancelled', {
      timeout: orderWait,
    });

    // Back from the back-forward cache: a new order replaces the cancelled one.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await waitUntil(async () => (await testPhone.orders()).length > 0 && (await testPhone.orders())[0]?.orderRef !== order, 'no new order', {
      timeout: orderWait,
    });
    await waitUntil(() => statusText(el) === 'Start your BankID app.', 'the new order is not shown', { timeout: orderWait });
  });

  it('stops following the order when it leaves: the collect under way is aborted, and none follows', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    await orderShown(el);
    // Each collect is held until the test lets it go, so one is under way when the element leaves.
    const collects: AbortSignal[] = [];
    const originalFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input).endsWith('/api/auth/bankid/collect')) return originalFetch(input, init);
      const signal = init?.signal ?? new AbortController().signal;
      collects.push(signal);
      return new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    };
    try {
      await waitUntil(() => collects.length === 1, 'no collect under way', { timeout: orderWait });
      const shownStep = el.step;
      fixtureCleanup();
      expect(collects[0]?.aborted, 'the collect under way is aborted').to.equal(true);
      // Longer than the wait between polls: none follows, and the element shows no failure for the aborted one.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(collects.length).to.equal(1);
      expect(el.step).to.equal(shownStep);
      expect(alertText(el)).to.equal('');
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('says clearly when no account has the personnummer BankID identified', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;

    await testPhone.act('approve', { orderRef: order, personalNumber: freshPersonalNumber() });
    const { detail } = await failed;

    const text = 'No account has this personnummer. Sign in with your e-mail and password and add it under My details.';
    expect(detail).to.deep.equal({ code: 'bankid_unknown_user', message: text });
    expect(alertText(el)).to.equal(text);
    expect(findButton(el, 'Try again')).to.exist;
    expect(findButton(el, 'Back to sign in')).to.exist;
    expect(await client.getSession()).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('keeps polling through a brief network failure, then says the connection was lost, with "Try again"', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    await orderShown(el);
    const api = clientFor('');
    const original = api.collectBankId;
    let failures = 0;
    api.collectBankId = () => {
      failures += 1;
      return Promise.reject(new PorticoApiError(0, 'network_error', 'offline'));
    };
    try {
      const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
      const { detail } = await failed;
      // Three polls in a row failed before anything was shown; no more after that.
      expect(failures).to.equal(3);
      expect(detail.code).to.equal('network_error');
      expect(alertText(el)).to.equal('The connection to the server was lost. Check your internet connection and try again.');
      expect(findButton(el, 'Try again')).to.exist;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(failures).to.equal(3);
    } finally {
      api.collectBankId = original;
    }
    await press(el, 'Try again');
    await orderShown(el);
    expect(alertText(el)).to.equal('');
    expect(statusText(el)).to.equal('Start your BankID app.');
  });

  it('speaks Swedish under lang="sv", with BankID\'s Swedish messages', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid lang="sv"></portico-bankid>`);
    const order = await orderShown(el);
    expect(statusText(el)).to.equal('Starta BankID-appen.');
    expect(el.querySelector('img')?.getAttribute('alt')).to.equal('QR-kod för BankID');
    expect(findButton(el, 'Avbryt')).to.exist;

    await testPhone.act('open', { orderRef: order });
    await waitUntil(() => statusText(el) === 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.', 'no RFA9', {
      timeout: orderWait,
    });
    await testPhone.act('cancel', { orderRef: order });
    await waitUntil(() => statusText(el) === 'Åtgärden avbröts.', 'no RFA6', { timeout: orderWait });
    expect(findButton(el, 'Försök igen')).to.exist;
  });

  it("gives BankID's QR instructions and full RFA8 and RFA17 in Swedish", async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid lang="sv"></portico-bankid>`);
    let order = await orderShown(el);
    expect(textOf(el.querySelector('p[tabindex]'))).to.equal(
      'Starta BankID-appen i din mobil och tryck på Skanna QR-kod. Rikta kameran mot QR-koden här nedanför.',
    );

    await testPhone.act('expire', { orderRef: order });
    await waitUntil(() => statusText(el).startsWith('BankID-appen svarar inte.'), 'no RFA8', { timeout: orderWait });
    expect(statusText(el)).to.equal(
      'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    );

    await press(el, 'Försök igen');
    order = await orderShown(el);
    await testPhone.act('hint', { orderRef: order, status: 'failed', hintCode: 'startFailed' });
    await waitUntil(() => statusText(el).startsWith('Misslyckades att läsa av QR-koden.'), 'no RFA17', { timeout: orderWait });
    expect(statusText(el)).to.equal(
      'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.',
    );
  });

  it('"Cancel" cancels the order and asks to go back to the sign-in form', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoBankId>(html`<portico-bankid></portico-bankid>`);
    const order = await orderShown(el);
    const navigated = oneEvent(el, 'portico-navigate') as Promise<CustomEvent<NavigateDetail>>;

    await press(el, 'Cancel');
    expect((await navigated).detail).to.deep.equal({ to: 'sign-in' });
    const pending = await testPhone.orders();
    expect(pending.map((candidate) => candidate.orderRef)).to.not.include(order);
  });
});

describe('<portico-auth> with BankID', () => {
  afterEach(() => client.signOut().catch(() => undefined));

  it('signs in with BankID when the app approves for a personnummer a user added', async function () {
    this.timeout(30_000);
    const { email, personalNumber } = await seedUserWithPersonalNumber('bankid-sign-in');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await waitUntil(() => findButton(el, 'Sign in with BankID'), 'no "Sign in with BankID"', { timeout: orderWait });
    await expect(el).to.be.accessible();

    await press(el, 'Sign in with BankID');
    const order = await orderShown(el);
    expect(heading(el)).to.equal('Sign in with BankID');
    expect(el.querySelector('portico-login-form')).to.equal(null);
    // The sign-in form is gone: the focus is in the BankID step, not dropped on <body>.
    expect(el.querySelector('portico-bankid')?.contains(document.activeElement)).to.equal(true);
    await expect(el).to.be.accessible();

    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await testPhone.act('open', { orderRef: order, personalNumber });
    await testPhone.act('approve', { orderRef: order, personalNumber });
    const event = await signedIn;

    expect(event.detail.user.email).to.equal(email);
    expect(heading(el)).to.equal('Signed in');
    expect(el.querySelector('portico-bankid')).to.equal(null);
    expect((await client.getSession())?.user.email).to.equal(email);
  });

  it('"Cancel" returns to the sign-in form with the order cancelled', async function () {
    this.timeout(30_000);
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await waitUntil(() => findButton(el, 'Sign in with BankID'), 'no "Sign in with BankID"', { timeout: orderWait });
    await press(el, 'Sign in with BankID');
    const order = await orderShown(el);

    await press(el, 'Cancel');
    await waitUntil(() => el.querySelector('portico-login-form'), 'the sign-in form did not return');
    await el.updateComplete;
    expect(heading(el)).to.equal('Sign in');
    expect(el.querySelector('portico-bankid')).to.equal(null);
    expectFocused(el.querySelector('input[autocomplete~="username"]'));
    const pending = await testPhone.orders();
    expect(pending.map((candidate) => candidate.orderRef)).to.not.include(order);
  });
});
