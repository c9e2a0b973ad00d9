import { createPorticoClient } from '@portico/client';
import type { SignedOutDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { clientFor } from '../api/api.ts';
import '../change-password/portico-change-password.ts';
import type { PorticoSecurity } from '../security/portico-security.ts';
import '../security/portico-security.ts';
import { button, licensingApi, licensingServerReady, textOf, typeInto, waitUntil } from '../test-helpers.ts';
import type { PorticoProfile } from './portico-profile.ts';
import './portico-profile.ts';

// Signed-in elements kept on a page across sessions, as a portal keeps "My details" hidden while it shows its sign-in
// form. Another tab is played by what it does: requests through a client of its own (which this page's elements do
// not see) and the message it sends on the tabs' channel.

const elsewhere = createPorticoClient();
const otherTab = new BroadcastChannel('portico-session');

const nameInput = (el: Element) => el.querySelector<HTMLInputElement>('input[autocomplete="name"]');
const alerts = (el: Element) => [...el.querySelectorAll('[role="alert"]')].map(textOf).filter(Boolean);
const signedOut = () => oneEvent(document, 'portico-signed-out') as Promise<CustomEvent<SignedOutDetail>>;

async function signedInElsewhere(name: string) {
  const seeded = await seedUser(name);
  await elsewhere.signIn({ identifier: seeded.email, password: seeded.password });
  return seeded;
}

describe('signed-in elements across sessions', () => {
  before(async function () {
    this.timeout(60_000);
    await licensingServerReady();
  });

  afterEach(() => elsewhere.signOut());

  it('a request refused as unauthenticated tells the page, even one that never looked the session up', async () => {
    // As a host that knows its own session (and hands out no token cookie) shows a password form to one that has
    // ended: the refusal is the first this page hears of that server's session.
    const el = await fixture(html`<portico-change-password api=${licensingApi}></portico-change-password>`);
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), 'Whatever-it-was-1');
    const [fresh, confirm] = el.querySelectorAll<HTMLInputElement>('input[autocomplete="new-password"]');
    await typeInto(fresh!, 'Something-New-2026!');
    await typeInto(confirm!, 'Something-New-2026!');
    const told = signedOut();
    button(el, 'Change password').click();
    expect((await told).detail).to.deep.equal({ api: licensingApi, reason: 'session_ended' });
  });

  it('<portico-profile>: a session ended elsewhere drops what was shown; the next sign-in starts afresh', async function () {
    this.timeout(20_000);
    const { email, password } = await signedInElsewhere('profile-ended');
    const el = await fixture<PorticoProfile>(html`<portico-profile></portico-profile>`);
    await waitUntil(() => nameInput(el), 'the profile did not load');
    // Every section has loaded (on a slow machine one could still be asking, and find out first): the save below is
    // the request that finds the session ended.
    await waitUntil(
      () =>
        el.querySelector('portico-security button') && el.querySelector('portico-personal-number input') && el.querySelector('portico-customer-accounts input'),
      'the sections did not load',
      { timeout: 10_000 },
    );
    // The page's token (for the token cookie) is fetched while still signed in, so the save below is what finds out.
    await clientFor('').getToken();

    await elsewhere.signOut();
    await typeInto(nameInput(el), 'Anna');
    const told = signedOut();
    button(el, 'Save name').click();
    expect((await told).detail.reason).to.equal('session_ended');
    await waitUntil(() => textOf(el).includes('Sign in to see your details.'), `still "${textOf(el)}"`);
    expect(nameInput(el)).to.equal(null);

    // Signed in again in another tab: the profile loads the user itself, with no "session has ended" left over.
    await elsewhere.signIn({ identifier: email, password });
    otherTab.postMessage({ api: '', signedIn: true });
    await waitUntil(() => nameInput(el), 'the profile did not follow the sign-in');
    expect(el.querySelector('dd')?.textContent?.trim()).to.equal(email);
    expect(nameInput(el)!.value).to.equal('');
    expect(alerts(el)).to.deep.equal([]);
  });

  it('<portico-profile>: signed out in another tab, a half-typed password goes; the host hands in the next user', async () => {
    const { email, password, user } = await signedInElsewhere('profile-tab');
    const el = await fixture<PorticoProfile>(html`<portico-profile .user=${user}></portico-profile>`);
    await waitUntil(() => el.querySelector('input[autocomplete="current-password"]'), 'no password form');
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), 'Half-typed-1');

    await elsewhere.signOut();
    const told = signedOut();
    otherTab.postMessage({ api: '', signedIn: false });
    expect((await told).detail.reason).to.equal('signed_out');
    await waitUntil(() => textOf(el).includes('Sign in to see your details.'), `still "${textOf(el)}"`);

    // As the demo does on portico-signed-in.
    await elsewhere.signIn({ identifier: email, password });
    el.user = user;
    await waitUntil(() => el.querySelector('input[autocomplete="current-password"]'), 'no password form');
    expect(el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]')!.value).to.equal('');
  });

  it("<portico-security> on its own: a new sign-in reloads it, without the last session's error", async function () {
    this.timeout(20_000);
    const { email, password } = await signedInElsewhere('security-again');
    const el = await fixture<PorticoSecurity>(html`<portico-security></portico-security>`);
    await waitUntil(() => textOf(el).includes('2-step verification is off.'), 'the section did not load');

    await elsewhere.signOut();
    await el.reload();
    await waitUntil(() => textOf(el).includes('Your session has ended. Sign in again.'), `shows "${textOf(el)}"`);

    await elsewhere.signIn({ identifier: email, password });
    otherTab.postMessage({ api: '', signedIn: true });
    await waitUntil(() => textOf(el).includes('2-step verification is off.'), `still "${textOf(el)}"`);
    expect(alerts(el)).to.deep.equal([]);
  });
});
