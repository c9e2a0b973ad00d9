import type { AccountChangedDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedUserWithAccounts } from '../account-test-support.ts';
import { heading } from '../test-helpers.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';

// Customer accounts (seed 000): after the password, a user linked to several accounts chooses one.

/** Types like a user: e-mail, password, Enter. */
async function signIn(el: PorticoAuth, email: string, password: string): Promise<void> {
  const form = el.querySelector('portico-login-form');
  if (!form) throw new Error('no sign-in form shown');
  await form.updateComplete;
  form.querySelector<HTMLInputElement>('input[autocomplete="username"]')?.focus();
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
});
