import { createPorticoClient } from '@portico/client';
import { expect, fixture, html } from '@open-wc/testing';
import { seedUserWithAccounts } from '../account-test-support.ts';
import { button, expectAnnouncedOnce, findButton, textOf, whileOffline, waitUntil } from '../test-helpers.ts';
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
    await whileOffline(async ({ announced, online }) => {
      const el = await fixture<PorticoCustomerAccounts>(html`<portico-customer-accounts></portico-customer-accounts>`);
      await expectAnnouncedOnce(el, announced);
      expect(textOf(el.querySelector('[role="heading"]'))).to.equal('Customer accounts');
      expect(rows(el)).to.have.length(0);

      online();
      button(el, 'Try again').click();
      await waitUntil(() => rows(el).length === 1, 'not read again');
      expect(rows(el).map((row) => row.dataset.customerId)).to.deep.equal(accounts.map((account) => account.customerId));
      expect(findButton(el, 'Try again')).to.equal(undefined);
    });
  });
});
