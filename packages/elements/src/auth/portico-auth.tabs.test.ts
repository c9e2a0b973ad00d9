import type { SignedInDetail, SignedOutDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { clientFor } from '../api/api.ts';
import { heading, message, typeInto, waitUntil } from '../test-helpers.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';

// Tabs of one browser agree on the session. Another tab is played by what it does: the same requests (made with a
// fetch of their own, not through this page's Portico client) and the message it sends on the tabs' channel.

const otherTab = new BroadcastChannel('portico-session');

/** What another tab's sign-in or sign-out does on the server, without this page's client seeing it. */
async function elsewhere(path: 'sign-in' | 'sign-out', body: object = {}): Promise<void> {
  const response = await fetch(`/api/auth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, `${path}: ${response.status}`).to.equal(true);
}

async function signedInElement(): Promise<{ el: PorticoAuth; email: string; password: string }> {
  const { email, password } = await seedUser('tabs');
  const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
  const signedIn = oneEvent(el, 'portico-signed-in');
  await typeInto(el.querySelector('input[autocomplete~="username"]'), email);
  await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
  await sendKeys({ press: 'Enter' });
  await signedIn;
  return { el, email, password };
}

const signedOut = () => oneEvent(document, 'portico-signed-out') as Promise<CustomEvent<SignedOutDetail>>;

describe('<portico-auth> in several tabs', () => {
  afterEach(async () => {
    await clientFor('').signOut();
  });

  it('signed out in another tab: shows the sign-in form, tells the page, and forgets its token', async () => {
    const { el } = await signedInElement();
    expect(await el.getToken()).to.be.a('string');

    const told = signedOut();
    await elsewhere('sign-out');
    otherTab.postMessage({ api: '', signedIn: false });
    expect((await told).detail).to.deep.equal({ api: '', reason: 'signed_out' });
    await waitUntil(() => heading(el) === 'Sign in', `still "${heading(el)}"`);
    expect(el.querySelector('portico-login-form')).to.not.equal(null);
    expect(await el.getToken()).to.equal(null);
  });

  it('signed in in another tab: the sign-in form here follows, as signed in', async () => {
    const { email, password } = await seedUser('tabs-in');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await elsewhere('sign-in', { identifier: email, password });
    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    otherTab.postMessage({ api: '', signedIn: true });
    expect((await signedIn).detail.user.email).to.equal(email);
    expect(heading(el)).to.equal('Signed in');
  });

  it('a session ended elsewhere: the next request returns to the sign-in form, saying why', async () => {
    const { el } = await signedInElement();
    const told = signedOut();
    // Ended on the server (as a password reset in another browser ends it); no tab of this browser says so.
    await elsewhere('sign-out');
    await clientFor('')
      .getSecurity()
      .catch(() => undefined);
    expect((await told).detail.reason).to.equal('session_ended');
    await waitUntil(() => heading(el) === 'Sign in', `still "${heading(el)}"`);
    expect(message(el)?.textContent?.trim()).to.equal('Your session has ended. Sign in again.');
  });

  it('a session ended elsewhere: noticed when the tab is looked at again', async () => {
    const { el } = await signedInElement();
    const told = signedOut();
    await elsewhere('sign-out');
    document.dispatchEvent(new Event('visibilitychange'));
    expect((await told).detail.reason).to.equal('session_ended');
    await waitUntil(() => heading(el) === 'Sign in', `still "${heading(el)}"`);
  });

  it('a server failure while the session is checked says nothing of it: the tab stays signed in', async () => {
    const { el } = await signedInElement();
    let heard = false;
    const hear = () => (heard = true);
    document.addEventListener('portico-signed-out', hear);
    const realFetch = window.fetch;
    let checked = false;
    window.fetch = async (input, init) => {
      if (!String(input).endsWith('/api/session')) return realFetch(input, init);
      checked = true;
      return Response.json({ error: { code: 'internal_error', message: 'Unavailable.' } }, { status: 503 });
    };
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      await waitUntil(() => checked, 'the session was not checked');
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      window.fetch = realFetch;
      document.removeEventListener('portico-signed-out', hear);
    }
    expect(heard, 'portico-signed-out').to.equal(false);
    expect(heading(el)).to.equal('Signed in');
  });
});
