import { createPorticoClient } from '@portico/client';
import type { SignedOutDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { seedUser } from '../../../../test/support/seed-user.ts';
import '../change-password/portico-change-password.ts';
import type { PorticoSecurity } from '../security/portico-security.ts';
import '../security/portico-security.ts';
import { button, licensingApi, licensingServerReady, textOf, typeInto } from '../test-helpers.ts';
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
});
