import { createPorticoClient } from '@portico/client';
import { expect, fixture, html } from '@open-wc/testing';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { button, expectAnnouncedOnce, expectFocused, textOf, whileOffline, waitUntil } from '../test-helpers.ts';
import type { PorticoSessions } from './portico-sessions.ts';
import './portico-sessions.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs). This page's session is the cookie's;
// another browser's is a session signed in by a request that keeps its cookie to itself.

const client = createPorticoClient();

/** Signs the user in from "another browser": a request whose cookie this page never gets. */
async function signInElsewhere(email: string, password: string): Promise<void> {
  const response = await fetch('/api/auth/sign-in', {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: email, password }),
  });
  expect(response.status).to.equal(200);
}

const rows = (el: Element) => [...el.querySelectorAll<HTMLLIElement>('li[data-session-id]')];

describe('<portico-sessions>', () => {
  afterEach(() => client.signOut());

  it('lists where the user is signed in, this device marked, and signs another session out', async () => {
    const user = await seedUser('sessions-list');
    await signInElsewhere(user.email, user.password);
    await client.signIn({ identifier: user.email, password: user.password });
    const el = await fixture<PorticoSessions>(html`<portico-sessions></portico-sessions>`);
    await waitUntil(() => rows(el).length === 2, 'the two sessions did not show');
    expect(textOf(el.querySelector('[role="heading"]'))).to.equal('Where you are signed in');
    expect(el.querySelector('ul')?.getRootNode()).to.equal(document);
    const current = rows(el).find((row) => row.getAttribute('aria-current') === 'true');
    const other = rows(el).find((row) => row.getAttribute('aria-current') === 'false');
    expect(textOf(current)).to.contain('(this device)');
    expect(current?.querySelector('button')).to.equal(null, 'signing this one out is the sign-out button');
    expect(textOf(other)).to.match(/Signed in .+ Last used /);
    expect(other?.querySelector('button')?.getAttribute('aria-label')).to.match(/^Sign out .+, signed in /);
    await expect(el).to.be.accessible();

    button(other!, 'Sign out').click();
    await waitUntil(() => rows(el).length === 1, 'the other session stayed');
    expect(textOf(el.querySelector('[role="status"]'))).to.match(/has been signed out\.$/);
    expectFocused(el.querySelector('[role="heading"]'));
    expect((await client.getSessions()).sessions.map((s) => s.current)).to.deep.equal([true]);
  });

  it('says when the list cannot be read, announces it once shown, and reads it on "Try again"', async () => {
    const user = await seedUser('sessions-offline');
    await client.signIn({ identifier: user.email, password: user.password });
    await whileOffline(async ({ announced, online }) => {
      const el = await fixture<PorticoSessions>(html`<portico-sessions></portico-sessions>`);
      await expectAnnouncedOnce(el, announced);
      expect(rows(el)).to.have.length(0);

      // Tried again, still offline: the section (and the focus on its button) stays while it reads, and after.
      const retry = button(el, 'Try again');
      retry.focus();
      retry.click();
      await waitUntil(() => announced.length > 1, 'the second failure was not announced');
      await el.updateComplete;
      expect(retry.isConnected).to.equal(true, 'the button stayed');
      expectFocused(retry);
      expect(textOf(el.querySelector('[role="alert"]'))).to.match(/could not be reached/);

      online();
      retry.click();
      await waitUntil(() => rows(el).length === 1, 'not read again');
      expect(textOf(el.querySelector('[role="alert"]'))).to.equal('');
      expect(announced.map(({ detail }) => detail.code)).to.deep.equal(['network_error', 'network_error'], 'once per failure');
    });
  });

  it('speaks Swedish', async () => {
    const user = await seedUser('sessions-sv');
    await client.signIn({ identifier: user.email, password: user.password });
    const el = await fixture<PorticoSessions>(html`<portico-sessions lang="sv"></portico-sessions>`);
    await waitUntil(() => textOf(el.querySelector('[role="heading"]')) === 'Där du är inloggad', 'not in Swedish');
    expect(textOf(rows(el)[0])).to.contain('(den här enheten)');
  });

  it('shows nothing when signed out', async () => {
    const el = await fixture<PorticoSessions>(html`<portico-sessions></portico-sessions>`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(textOf(el)).to.equal('');
  });
});
