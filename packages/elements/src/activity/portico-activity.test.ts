import { createPorticoClient } from '@portico/client';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { button, textOf } from '../test-helpers.ts';
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
});
