import type { AccountChangedDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedUserWithAccounts } from '../account-test-support.ts';
import { heading, waitUntil } from '../test-helpers.ts';
import { clientFor } from '../api/api.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';

/** The claims of a session token, as a page that received one may read them (the back end verifies them). */
function claimsOf(token: string | null): { email: string; acct: string | null } {
  if (token === null) throw new Error('no token');
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { email: string; acct: string | null };
}

// Customer accounts (order onboarding): after the password, a user linked to several accounts chooses one.

/** Types like a user: e-mail, password, Enter. */
async function signIn(el: PorticoAuth, email: string, password: string): Promise<void> {
  const form = el.querySelector('portico-login-form');
  if (!form) throw new Error('no sign-in form shown');
  await form.updateComplete;
  form.querySelector<HTMLInputElement>('input[autocomplete~="username"]')?.focus();
  await sendKeys({ type: email });
  form.querySelector<HTMLInputElement>('input[autocomplete="current-password"]')?.focus();
  await sendKeys({ type: password });
  await sendKeys({ press: 'Enter' });
}

describe('<portico-auth> with customer accounts', () => {
  it('shows "Choose an account" after the password, and signs in with the account chosen by keyboard', async () => {
    const { email, password, accounts } = await seedUserWithAccounts('auth-choose', ['Harbour Hosting', 'Inland Leasing']);
    const [, second] = accounts;
    if (!second) throw new Error('seeding failed');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);

    await signIn(el, email, password);
    await waitUntil(() => el.querySelector('portico-account-picker'), 'the account picker did not appear');
    await el.updateComplete;
    const picker = el.querySelector('portico-account-picker');
    if (!picker) throw new Error('no picker');

    expect(heading(el)).to.equal('Choose an account');
    expect(el.querySelector('form')).to.equal(null);
    expect(picker.accounts.map((account) => account.customerId)).to.have.members(accounts.map((account) => account.customerId));
    // The password form is gone: the focus is on the first account, not dropped on <body>.
    const buttons = [...(picker.shadowRoot?.querySelectorAll<HTMLButtonElement>('button[part~="account"]') ?? [])];
    expect(buttons).to.have.length(2);
    expect(picker.shadowRoot?.activeElement).to.equal(buttons[0]);
    await expect(el).to.be.accessible();

    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    const changed = oneEvent(el, 'portico-account-changed') as Promise<CustomEvent<AccountChangedDetail>>;
    const secondIndex = buttons.findIndex((button) => button.dataset.customerId === second.customerId);
    if (secondIndex === 1) await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    const event = await signedIn;

    expect((await changed).detail.account).to.deep.equal(second);
    expect(event.detail.user.email).to.equal(email);
    expect(event.detail.activeAccount).to.deep.equal(second);
    expect(event.detail.accounts.map((account) => account.customerId)).to.have.members(accounts.map((account) => account.customerId));
    expect(heading(el)).to.equal('Signed in');

    const session = await fetch('/api/session').then((response) => response.json());
    expect(session.activeAccount).to.deep.equal(second);
  });

  it('signs a user with one account straight in, that account active', async () => {
    const { email, password, accounts } = await seedUserWithAccounts('auth-one-account', ['Only Hosting']);
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);

    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await signIn(el, email, password);
    const event = await signedIn;

    expect(event.detail.activeAccount).to.deep.equal(accounts[0]);
    expect(event.detail.accounts).to.deep.equal(accounts);
    expect(el.querySelector('portico-account-picker')).to.equal(null);
  });

  it('hands the page a session token of the active account, kept fresh as a cookie, and follows an account switch', async () => {
    const { email, password, accounts } = await seedUserWithAccounts('auth-token', ['Token Hosting', 'Token Leasing']);
    const [first, second] = accounts;
    if (!first || !second) throw new Error('seeding failed');
    const tokenRequests: string[] = [];
    const pageFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).endsWith('/api/session/token')) tokenRequests.push(String(input));
      return pageFetch(input, init);
    };
    try {
      // The test before left its user signed in (cookies are shared by the tests of a file).
      await clientFor('').signOut();
      const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
      expect(await el.getToken()).to.equal(null, 'signed out: no token');
      tokenRequests.length = 0;
      await signIn(el, email, password);
      await waitUntil(() => el.querySelector('portico-account-picker'), 'the account picker did not appear');
      const picker = el.querySelector('portico-account-picker');
      const buttons = [...(picker?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button[part~="account"]') ?? [])];
      const signedIn = oneEvent(el, 'portico-signed-in');
      buttons.find((button) => button.dataset.customerId === first.customerId)?.click();
      await signedIn;

      // The server hands tokens out as a cookie too (PORTICO_TOKEN_COOKIE in this suite): the element fetched one at
      // once, unasked, to set it.
      await waitUntil(() => tokenRequests.length > 0, 'the token cookie was not renewed after sign-in');
      const token = await el.getToken();
      expect(claimsOf(token)).to.include({ email, acct: first.customerId });
      expect(tokenRequests.length).to.equal(1, 'the token fetched for the cookie is the one handed out');

      // Another element on the page switches the account (through the page's one client): the next token says so.
      await clientFor('').chooseAccount({ customerId: second.customerId });
      expect(claimsOf(await el.getToken()).acct).to.equal(second.customerId);
      await el.signOut();
      expect(await el.getToken()).to.equal(null);
    } finally {
      window.fetch = pageFetch;
    }
  });

  it('stops renewing the token cookie at a sign-out, not at the next renewal', async () => {
    const { email, password } = await seedUserWithAccounts('auth-token-stop', ['Stop Hosting']);
    // The renewals' timer, seen through the page's own setInterval and clearInterval.
    const renewals: number[] = [];
    const cleared = new Set<number>();
    const { setInterval: pageSetInterval, clearInterval: pageClearInterval } = window;
    window.setInterval = ((handler: TimerHandler, delay?: number, ...rest: unknown[]) => {
      const id = pageSetInterval(handler, delay, ...rest);
      if (delay === 10_000) renewals.push(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) cleared.add(id);
      pageClearInterval(id);
    }) as typeof window.clearInterval;
    try {
      await clientFor('').signOut();
      const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
      const signedIn = oneEvent(el, 'portico-signed-in');
      await signIn(el, email, password);
      await signedIn;
      await waitUntil(() => renewals.length > 0, 'no renewals started with this sign-in (did those of the one before still run?)');
      const timer = renewals.at(-1);
      await el.signOut();
      // Without this, the renewal due up to 10 s later asked for a token of no session (or of the next sign-in's).
      expect(timer !== undefined && cleared.has(timer)).to.equal(true, 'the renewals stopped with the sign-out');
    } finally {
      window.setInterval = pageSetInterval;
      window.clearInterval = pageClearInterval;
    }
  });

  it('shows the account picker again after a reload on it, and the sign-in form once an account is chosen', async () => {
    const { email, password, accounts } = await seedUserWithAccounts('auth-reload-picker', ['Reload Hosting', 'Reload Leasing']);
    const [, second] = accounts;
    if (!second) throw new Error('seeding failed');
    await clientFor('').signOut();
    const first = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await signIn(first, email, password);
    await waitUntil(() => first.querySelector('portico-account-picker'), 'the account picker did not appear');

    // A reload: the page and its elements start again, the session and this tab's storage remain.
    first.remove();
    const reloaded = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await waitUntil(() => reloaded.querySelector('portico-account-picker'), 'the picker did not come back after the reload');
    await reloaded.updateComplete;
    expect(heading(reloaded)).to.equal('Choose an account');
    const picker = reloaded.querySelector('portico-account-picker');
    expect(picker?.accounts.map((account) => account.customerId)).to.have.members(accounts.map((account) => account.customerId));
    const signedIn = oneEvent(reloaded, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    picker?.shadowRoot?.querySelector<HTMLButtonElement>(`button[data-customer-id="${second.customerId}"]`)?.click();
    expect((await signedIn).detail.activeAccount).to.deep.equal(second);

    // Chosen: another reload has nothing to resume (the page's own session check takes it from there).
    reloaded.remove();
    const later = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(later.querySelector('portico-account-picker')).to.equal(null);
    expect(later.querySelector('portico-login-form')).to.not.equal(null);
    await clientFor('').signOut();
  });
});
