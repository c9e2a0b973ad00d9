import { createPorticoClient } from '@portico/client';
import type { AccountChangedDetail, ChooseAccountStep, CustomerAccount, PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { freshCustomerId, seedAccount, seedUserWithAccounts } from '../account-test-support.ts';
import { textOf, typeInto } from '../test-helpers.ts';
import type { PorticoAccountPicker } from './portico-account-picker.ts';
import './portico-account-picker.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs).

const client = createPorticoClient();

function accountButtons(el: PorticoAccountPicker): HTMLButtonElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLButtonElement>('button[part~="account"]') ?? [])];
}

function accountButton(el: PorticoAccountPicker, customerId: string): HTMLButtonElement {
  const found = el.shadowRoot?.querySelector<HTMLButtonElement>(`button[data-customer-id="${customerId}"]`);
  if (!found) throw new Error(`no button for ${customerId}`);
  return found;
}

const focusedIn = (el: PorticoAccountPicker) => el.shadowRoot?.activeElement ?? null;
const status = (el: PorticoAccountPicker) => textOf(el.shadowRoot?.querySelector('[role="status"]'));

/** Seeds a user linked to accounts named `names` and signs in: the server answers `choose_account`. */
async function signedInChoosing(label: string, names: string[]): Promise<{ accounts: CustomerAccount[]; step: ChooseAccountStep }> {
  const seeded = await seedUserWithAccounts(label, names);
  const step = await client.signIn({ identifier: seeded.email, password: seeded.password });
  if (step.step !== 'choose_account') throw new Error(`expected choose_account, got ${step.step}`);
  return { accounts: seeded.accounts, step };
}

/** Accounts that exist only in the page (filtering asks no server). */
function localAccounts(count: number): CustomerAccount[] {
  const names = ['Alpha Hosting', 'Beta Leasing', 'Gamma Licensing', 'Delta Cloud', 'Epsilon Data', 'Zeta Systems', 'Eta Networks', 'Theta Storage'];
  return Array.from({ length: count }, (_, index) => ({
    name: names[index] ?? `Account ${index + 1}`,
    customerId: `DE${String(245344250 + index)}`,
    role: 'member' as const,
  }));
}

describe('<portico-account-picker>', () => {
  it('lists the accounts (name, customer ID and role) and chooses one with the keyboard', async () => {
    const { accounts, step } = await signedInChoosing('picker-keys', ['Alpha Hosting', 'Beta Leasing', 'Gamma Licensing']);
    const [, beta] = accounts;
    if (!beta) throw new Error('seeding failed');
    const el = await fixture<PorticoAccountPicker>(html`<portico-account-picker .accounts=${step.accounts}></portico-account-picker>`);

    const list = el.shadowRoot?.querySelector('ul');
    expect(list?.getAttribute('aria-label')).to.equal('Customer accounts');
    expect(accountButtons(el).map(textOf)).to.deep.equal(accounts.map((account) => `${account.name} Customer ID ${account.customerId} · Owner`));
    // Short lists need no search field.
    expect(el.shadowRoot?.querySelector('input[type="search"]')).to.equal(null);
    await expect(el).to.be.accessible();

    el.focus();
    expect(focusedIn(el)).to.equal(accountButtons(el)[0]);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    expect(focusedIn(el)).to.equal(accountButton(el, beta.customerId));

    const changed = oneEvent(document, 'portico-account-changed') as Promise<CustomEvent<AccountChangedDetail>>;
    await sendKeys({ press: 'Enter' });
    const event = await changed;

    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.account).to.deep.equal(beta);
    expect(event.detail.accounts.map((account) => account.customerId)).to.have.members(accounts.map((account) => account.customerId));
    await el.updateComplete;
    const chosen = accountButton(el, beta.customerId);
    expect(chosen.getAttribute('aria-current')).to.equal('true');
    expect(textOf(chosen)).to.contain('(current)');
    expect(focusedIn(el)).to.equal(chosen);
    expect(status(el)).to.equal(`You are now working in Beta Leasing (${beta.customerId}).`);

    const session = await client.getSession();
    expect(session?.activeAccount).to.deep.equal(beta);
  });

  it('offers a search field for a long list that narrows it by name or customer ID', async () => {
    const short = await fixture<PorticoAccountPicker>(html`<portico-account-picker .accounts=${localAccounts(6)}></portico-account-picker>`);
    expect(short.shadowRoot?.querySelector('input[type="search"]')).to.equal(null);

    const accounts = localAccounts(8);
    const el = await fixture<PorticoAccountPicker>(html`<portico-account-picker .accounts=${accounts}></portico-account-picker>`);
    const input = el.shadowRoot?.querySelector<HTMLInputElement>('input[type="search"]') ?? null;
    expect(input).to.not.equal(null);
    expect(textOf(el.shadowRoot?.querySelector(`label[for="${input?.id}"]`))).to.equal('Search accounts');
    expect(accountButtons(el)).to.have.length(8);
    await expect(el).to.be.accessible();

    // The element's focus goes to the search field.
    el.focus();
    expect(focusedIn(el)).to.equal(input);
    await sendKeys({ type: 'gamma' });
    await el.updateComplete;
    expect(accountButtons(el).map((button) => button.dataset.customerId)).to.deep.equal([accounts[2]?.customerId]);
    expect(status(el)).to.equal('Showing 1 of 8 accounts.');
    // From the field, the arrow down key goes to the first match.
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedIn(el)).to.equal(accountButtons(el)[0]);
    await sendKeys({ press: 'ArrowUp' });
    expect(focusedIn(el)).to.equal(input);

    // A part of a customer ID, typed in lower case with a space.
    await typeInto(input, 'de 2453442');
    await el.updateComplete;
    expect(accountButtons(el)).to.have.length(8);
    await typeInto(input, '344257');
    await el.updateComplete;
    expect(accountButtons(el).map((button) => button.dataset.customerId)).to.deep.equal([accounts[7]?.customerId]);

    await typeInto(input, 'nothing like it');
    await el.updateComplete;
    expect(accountButtons(el)).to.have.length(0);
    expect(status(el)).to.equal('No account matches “nothing like it”.');
    await expect(el).to.be.accessible();
  });

  it('switches the account of a signed-in session, standalone (as a dashboard would)', async () => {
    const { accounts, step } = await signedInChoosing('picker-switch', ['North Hosting', 'South Hosting']);
    const [north, south] = accounts;
    if (!north || !south) throw new Error('seeding failed');
    const first = await client.chooseAccount({ customerId: north.customerId });
    expect(first.activeAccount).to.deep.equal(north);

    const el = await fixture<PorticoAccountPicker>(html`<portico-account-picker .accounts=${step.accounts} .activeAccount=${north}></portico-account-picker>`);
    expect(accountButton(el, north.customerId).getAttribute('aria-current')).to.equal('true');
    expect(accountButton(el, south.customerId).getAttribute('aria-current')).to.equal('false');
    // The element's focus goes to the current account.
    el.focus();
    expect(focusedIn(el)).to.equal(accountButton(el, north.customerId));

    const changed = oneEvent(document, 'portico-account-changed') as Promise<CustomEvent<AccountChangedDetail>>;
    accountButton(el, south.customerId).click();
    const event = await changed;

    expect(event.detail.account).to.deep.equal(south);
    expect(event.detail.accounts).to.have.length(2);
    expect(el.activeAccount).to.deep.equal(south);
    expect(accountButton(el, north.customerId).getAttribute('aria-current')).to.equal('false');
    expect((await client.getSession())?.activeAccount).to.deep.equal(south);
  });

  it('announces an account the user is not linked to, and keeps the focus on it', async () => {
    const { step } = await signedInChoosing('picker-refused', ['Own One', 'Own Two']);
    const stranger = await seedAccount('Somebody Else', freshCustomerId('US'));
    const el = await fixture<PorticoAccountPicker>(html`<portico-account-picker .accounts=${[...step.accounts, stranger]}></portico-account-picker>`);

    const refused = accountButton(el, stranger.customerId);
    refused.focus();
    const error = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await sendKeys({ press: 'Enter' });
    const event = await error;

    const message = 'This account is not available to you. Choose another one.';
    expect(event.detail.code).to.equal('not_found');
    expect(event.detail.message).to.equal(message);
    await el.updateComplete;
    expect(textOf(el.shadowRoot?.querySelector('[role="alert"]'))).to.equal(message);
    expect(focusedIn(el)).to.equal(accountButton(el, stranger.customerId));
    expect(accountButton(el, stranger.customerId).getAttribute('aria-current')).to.equal('false');
    await expect(el).to.be.accessible();
  });
});
