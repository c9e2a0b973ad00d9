import type { PorticoErrorDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../test-helpers.ts';
import { sendKeys } from '@web/test-runner-commands';
import { seedUser, unreachableApi } from '../../../../test/support/seed-user.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import '../test-helpers.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs).

async function loginForm(el: PorticoAuth) {
  const form = el.querySelector('portico-login-form');
  if (!form) throw new Error('no sign-in form shown');
  await form.updateComplete;
  const identifier = form.querySelector<HTMLInputElement>('input[autocomplete~="username"]');
  const password = form.querySelector<HTMLInputElement>('input[autocomplete="current-password"]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const alert = form.querySelector<HTMLElement>('[role="alert"]');
  if (!identifier || !password || !button || !alert) throw new Error('sign-in form is incomplete');
  return { form, identifier, password, button, alert };
}

/** Types like a user: into the e-mail field, into the password field, then Enter. */
async function typeCredentials(el: PorticoAuth, email: string, password: string): Promise<void> {
  const fields = await loginForm(el);
  fields.identifier.focus();
  await sendKeys({ type: email });
  fields.password.focus();
  await sendKeys({ type: password });
  await sendKeys({ press: 'Enter' });
}

/** A seeded user signed in through a fresh <portico-auth>. */
async function signedInAuth(label: string): Promise<PorticoAuth> {
  const { email, password } = await seedUser(label);
  const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
  const signedIn = oneEvent(el, 'portico-signed-in');
  await typeCredentials(el, email, password);
  await signedIn;
  return el;
}

function shownMessage(el: PorticoAuth): string {
  return el.shadowRoot?.querySelector('[part="message"]')?.textContent?.trim() ?? '';
}

/**
 * Holds every fetch until released, then passes it on to the real fetch (the backend stays real); counts the sign-in
 * requests among them (a signed-in page fetches its token too).
 */
function holdFetches() {
  const realFetch = window.fetch;
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = { count: 0, release, restore: () => (window.fetch = realFetch) };
  window.fetch = async (...args: Parameters<typeof fetch>) => {
    if (String(args[0]).endsWith('/api/auth/sign-in')) held.count += 1;
    await gate;
    return realFetch(...args);
  };
  return held;
}

describe('<portico-auth>', () => {
  it('starts with the sign-in form in its light DOM, slotted into the card', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const { identifier } = await loginForm(el);

    expect(identifier.getRootNode()).to.equal(document);
    expect(identifier.closest('form')).to.not.equal(null);
    expect(el.shadowRoot?.querySelector('[part="heading"]')?.textContent?.trim()).to.equal('Sign in');
    const defaultSlot = el.shadowRoot?.querySelector<HTMLSlotElement>('slot:not([name])');
    expect(defaultSlot?.assignedElements()).to.include(el.querySelector('portico-login-form'));
  });

  it('signs in through the real server: Enter, portico-signed-in, done state', async () => {
    const { email, password, user } = await seedUser('happy');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);

    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeCredentials(el, email, password);
    const event = await signedIn;

    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.user).to.deep.equal(user);
    expect(Date.parse(event.detail.session.expiresAt)).to.be.greaterThan(Date.now());
    await el.updateComplete;
    expect(shownMessage(el)).to.equal(`You are signed in as ${email}.`);
    expect(el.shadowRoot?.querySelector('[part="heading"]')?.textContent?.trim()).to.equal('Signed in');
    expect(el.querySelector('form')).to.equal(null);
    // Focus is carried to the confirmation, not dropped on <body> with the vanished form.
    expect(el.shadowRoot?.activeElement).to.equal(el.shadowRoot?.querySelector('[part="message"]'));

    const session = await fetch('/api/session');
    expect(session.status).to.equal(200);
  });

  it('is accessible in the done state', async () => {
    const el = await signedInAuth('done-axe');
    await el.updateComplete;

    await expect(el).to.be.accessible();
  });

  it('announces a wrong password, fires portico-error, and puts focus back on the password', async () => {
    const { email } = await seedUser('wrong');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);

    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeCredentials(el, email, 'not the password');
    const event = await failed;

    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.code).to.equal('invalid_credentials');
    const { alert, identifier, password, button } = await loginForm(el);
    expect(event.detail.message).to.equal('The e-mail address or password is incorrect.');
    expect(alert.textContent?.trim()).to.equal(event.detail.message);
    expect(document.activeElement).to.equal(password);
    expect(identifier.value).to.equal(email);
    expect(password.value).to.equal('not the password');
    expect(button.getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
  });

  it('shows progress while the server has not answered, and sends one request however often Enter is pressed', async () => {
    const { email, password } = await seedUser('progress');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const held = holdFetches();
    try {
      const signedIn = oneEvent(el, 'portico-signed-in');
      await typeCredentials(el, email, password);
      const { button } = await loginForm(el);

      await waitUntil(() => button.getAttribute('aria-busy') === 'true', 'button never showed progress');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(button.textContent?.trim()).to.equal('Signing in…');
      await sendKeys({ press: 'Enter' });
      button.click();
      expect(held.count).to.equal(1);

      held.release();
      await signedIn;
      expect(held.count).to.equal(1);
    } finally {
      held.release();
      held.restore();
    }
  });

  it('uses the api attribute as base URL: an unreachable one shows the network error', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth api=${unreachableApi}></portico-auth>`);

    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeCredentials(el, 'ada@example.test', 'whatever');
    const event = await failed;

    expect(event.detail.code).to.equal('network_error');
    const { alert } = await loginForm(el);
    expect(alert.textContent?.trim()).to.equal('The sign-in service could not be reached. Check your connection and try again.');
    expect(event.detail.message).to.equal(alert.textContent?.trim());
  });

  it('works by keyboard alone: Tab to e-mail, password, button; Enter on the button signs in', async () => {
    const { email, password } = await seedUser('keyboard');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const fields = await loginForm(el);
    (document.activeElement as HTMLElement | null)?.blur();

    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(fields.identifier);
    await sendKeys({ type: email });
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(fields.password);
    await sendKeys({ type: password });
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(fields.button);

    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(email);
  });

  it('signOut() ends the session on the server and shows the sign-in form again', async () => {
    const el = await signedInAuth('sign-out');
    expect((await fetch('/api/session')).status).to.equal(200);

    await el.signOut();

    const { identifier, password: passwordInput } = await loginForm(el);
    expect(identifier.value).to.equal('');
    expect(passwordInput.value).to.equal('');
    expect(shownMessage(el)).to.equal('');
    expect((await fetch('/api/session')).status).to.equal(401);
  });

  it('a sign-in begun on the form a sign-out shows stays signed in when the sign-out finishes answering', async () => {
    const { email, password } = await seedUser('sign-out-then-in');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const signedIn = oneEvent(el, 'portico-signed-in');
    await typeCredentials(el, email, password);
    await signedIn;

    // The sign-out's answer arrives (the page hears of it and shows the form) but its body is held, as on a slow
    // line, while the person signs in again.
    const realFetch = window.fetch;
    let finish = () => {};
    const bodyHeld = new Promise<void>((resolve) => (finish = resolve));
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      if (!String(args[0]).endsWith('/api/auth/sign-out')) return response;
      const body = await response.text();
      const stream = new ReadableStream<Uint8Array>({
        start: async (controller) => {
          await bodyHeld;
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      });
      return new Response(stream, { status: response.status, headers: response.headers });
    };
    try {
      const signingOut = el.signOut();
      await waitUntil(() => el.querySelector('portico-login-form'), 'the sign-in form did not show on sign-out');
      const again = oneEvent(el, 'portico-signed-in');
      await typeCredentials(el, email, password);
      await again;
      finish();
      await signingOut;
    } finally {
      finish();
      window.fetch = realFetch;
    }

    await el.updateComplete;
    expect(shownMessage(el)).to.equal(`You are signed in as ${email}.`, 'the finished sign-out took the person back to the form');
    expect((await fetch('/api/session')).status).to.equal(200);
  });

  it('signOut() rejects with network_error when the server cannot be reached', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth api=${unreachableApi}></portico-auth>`);
    let failure: unknown;
    await el.signOut().catch((error: unknown) => (failure = error));
    expect((failure as { code?: string } | undefined)?.code).to.equal('network_error');
  });
});
