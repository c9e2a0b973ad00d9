import { createPorticoClient } from '@portico/client';
import type { PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { seedUserWithAccounts } from '../account-test-support.ts';
import { button, findButton, textOf } from '../test-helpers.ts';
import type { PorticoCustomerAccounts } from './portico-customer-accounts.ts';
import './portico-customer-accounts.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs). The list inside `<portico-profile>`
// and the link form are tested with the profile.

const client = createPorticoClient();

const rows = (el: Element) => [...el.querySelectorAll<HTMLLIElement>('li[data-customer-id]')];

describe('<portico-customer-accounts>', () => {
  afterEach(() => client.signOut());

  it('says when the accounts cannot be read, announces it once shown, and reads them on "Try again"', async () => {
    const { email, password, accounts } = await seedUserWithAccounts('customer-accounts-offline', ['Offline Leasing']);
    await client.signIn({ identifier: email, password });
    const realFetch = window.fetch;
    let offline = true;
    window.fetch = (...args: Parameters<typeof fetch>) => (offline ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(...args));
    try {
      const announced: { detail: PorticoErrorDetail; alert: string }[] = [];
      const listen = (event: Event) =>
        announced.push({
          detail: (event as CustomEvent<PorticoErrorDetail>).detail,
          alert: textOf((event.target as Element).querySelector('[role="alert"]')),
        });
      document.addEventListener('portico-error', listen);
      const el = await fixture<PorticoCustomerAccounts>(html`<portico-customer-accounts></portico-customer-accounts>`);
      await waitUntil(() => announced.length > 0, 'no portico-error');
      // Listened to a moment longer: a second announcement of the same failure would be caught here.
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      document.removeEventListener('portico-error', listen);
      expect(announced.map(({ detail }) => detail.code)).to.deep.equal(['network_error']);
      expect(announced[0]?.alert).to.match(/could not be reached/);
      expect(announced[0]?.alert).to.equal(announced[0]?.detail.message, 'announced as shown');
      expect(textOf(el.querySelector('[role="heading"]'))).to.equal('Customer accounts');
      expect(rows(el)).to.have.length(0);

      offline = false;
      button(el, 'Try again').click();
      await waitUntil(() => rows(el).length === 1, 'not read again');
      expect(rows(el).map((row) => row.dataset.customerId)).to.deep.equal(accounts.map((account) => account.customerId));
      expect(findButton(el, 'Try again')).to.equal(undefined);
    } finally {
      window.fetch = realFetch;
    }
  });
});
