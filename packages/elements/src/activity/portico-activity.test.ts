import { createPorticoClient } from '@portico/client';
import { expect, fixture, html } from '@open-wc/testing';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { linkAccount, seedAccount } from '../account-test-support.ts';
import { button, textOf, whileOffline, waitUntil } from '../test-helpers.ts';
import type { PorticoActivity } from './portico-activity.ts';
import './portico-activity.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs).

const client = createPorticoClient();
const rows = (el: Element) => [...el.querySelectorAll<HTMLLIElement>('li[data-type]')];

describe('<portico-activity>', () => {
  afterEach(() => client.signOut());

  it('lists what happened to the login, newest first, with time, browser and address, and pages with "Show more"', async () => {
    const user = await seedUser('activity-list');
    await client.signIn({ identifier: user.email, password: 'Not-the-password-1!' }).catch(() => undefined);
    // Six sign-ins (each also ends the one before): more than a page.
    for (let i = 0; i < 6; i++) await client.signIn({ identifier: user.email, password: user.password });
    const el = await fixture<PorticoActivity>(html`<portico-activity></portico-activity>`);
    await waitUntil(() => rows(el).length > 0, 'no entries');
    expect(textOf(el.querySelector('[role="heading"]'))).to.equal('Recent activity');
    expect(el.querySelector('ul')?.getRootNode()).to.equal(document);
    expect(rows(el)).to.have.length(10);
    const newest = rows(el)[0]!;
    expect(newest.dataset.type).to.equal('session.created');
    expect(textOf(newest)).to.match(/^Signed in .+ · .+/);
    await expect(el).to.be.accessible();

    button(el, 'Show more').click();
    await waitUntil(() => rows(el).some((row) => row.dataset.type === 'sign_in.failed'), 'the older page did not come');
    expect(textOf(rows(el).find((row) => row.dataset.type === 'sign_in.failed'))).to.contain('Failed sign-in: wrong password');
  });

  it('tells a language remembered at sign-in from details changed', async () => {
    const user = await seedUser('activity-language');
    await client.signIn({ identifier: user.email, password: user.password, locale: 'sv' });
    await client.updateProfile({ name: 'Lena Language' });
    const el = await fixture<PorticoActivity>(html`<portico-activity></portico-activity>`);
    await waitUntil(() => rows(el).length > 0, 'no entries');
    const updates = rows(el).filter((row) => row.dataset.type === 'user.updated');
    expect(updates.map((row) => textOf(row.querySelector('strong')))).to.deep.equal(['Details changed', 'Language changed']);
  });

  it('speaks Swedish', async () => {
    const user = await seedUser('activity-sv');
    await client.signIn({ identifier: user.email, password: user.password });
    const el = await fixture<PorticoActivity>(html`<portico-activity lang="sv"></portico-activity>`);
    await waitUntil(() => textOf(el.querySelector('[role="heading"]')) === 'Senaste händelser', 'not in Swedish');
    expect(textOf(rows(el)[0])).to.match(/^Inloggad /);
  });

  it('shows nothing when signed out', async () => {
    const el = await fixture<PorticoActivity>(html`<portico-activity></portico-activity>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(textOf(el)).to.equal('');
  });

  it('says when the log cannot be read, announces it, and reads it on "Try again"', async () => {
    const user = await seedUser('activity-offline');
    await client.signIn({ identifier: user.email, password: user.password });
    await whileOffline(async ({ announced, online }) => {
      const el = await fixture<PorticoActivity>(html`<portico-activity></portico-activity>`);
      await waitUntil(() => announced.length > 0, 'no portico-error');
      expect(textOf(el.querySelector('[role="alert"]'))).to.match(/could not be reached/);
      expect(rows(el)).to.have.length(0);

      online();
      button(el, 'Try again').click();
      await waitUntil(() => rows(el).length > 0, 'not read again');
      expect(textOf(el.querySelector('[role="alert"]'))).to.equal('');
    });
  });

  describe('scope="account"', () => {
    /** An account with an owner and a member who have each signed in to it once. */
    async function accountWithSignIns(label: string) {
      const account = await seedAccount(`${label} AB`);
      const owner = await seedUser(`${label}-owner`);
      const member = await seedUser(`${label}-member`);
      await linkAccount(account.customerId, owner.email);
      await linkAccount(account.customerId, member.email, 'member');
      await client.signIn({ identifier: member.email, password: member.password });
      await client.signOut();
      return { account, owner, member };
    }

    it('shows an owner what happened in the account, naming whom each entry is about', async () => {
      const { account, owner, member } = await accountWithSignIns('account-log');
      await client.signIn({ identifier: owner.email, password: owner.password });
      const el = await fixture<PorticoActivity>(html`<portico-activity scope="account"></portico-activity>`);
      await waitUntil(() => rows(el).length >= 3, 'no entries');
      expect(textOf(el.querySelector('[role="heading"]'))).to.equal('Activity in the account');
      const texts = rows(el).map((row) => textOf(row));
      expect(texts.some((text) => text.startsWith(`${member.email}: Signed in`))).to.equal(true, texts.join('\n'));
      expect(texts.some((text) => text.startsWith(`${member.email}: Linked to ${account.name}`))).to.equal(true, texts.join('\n'));
      await expect(el).to.be.accessible();
    });

    it('speaks Swedish', async () => {
      const { member, owner } = await accountWithSignIns('account-log-sv');
      await client.signIn({ identifier: owner.email, password: owner.password });
      const el = await fixture<PorticoActivity>(html`<portico-activity scope="account" lang="sv"></portico-activity>`);
      await waitUntil(() => textOf(el.querySelector('[role="heading"]')) === 'Händelser i kontot', 'not in Swedish');
      await waitUntil(() => rows(el).some((row) => textOf(row).startsWith(`${member.email}: Inloggad`)), 'no Swedish entry');
    });

    it('shows a member nothing, and asks nothing that would fail loudly', async () => {
      const { member } = await accountWithSignIns('account-log-member');
      await client.signIn({ identifier: member.email, password: member.password });
      const errors: Event[] = [];
      document.addEventListener('portico-error', (event) => errors.push(event));
      const el = await fixture<PorticoActivity>(html`<portico-activity scope="account"></portico-activity>`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(textOf(el)).to.equal('');
      expect(errors).to.have.length(0);
    });
  });
});
