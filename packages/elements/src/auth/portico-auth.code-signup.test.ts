import type { SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readMailedCode } from '../../../client/src/test-support.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import { button, expectFocused, findButton, freshEmail, heading, licensingApi, licensingServerReady, message, typeInto, waitUntil } from '../test-helpers.ts';

// Self sign-up through <portico-auth> against the run's second server (preset `licensing`): sign-up by a mailed
// 6-digit code (licensing portal), company addresses (example.test) only.

const api = licensingApi;

/** Pastes `text` into the focused input, as a user copying the code from the mail would. */
function pasteIntoFocused(text: string): void {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

describe('<portico-auth> sign-up by code', () => {
  before(async function () {
    this.timeout(60_000);
    await licensingServerReady();
  });

  it('creates an account: e-mail, code, password, and is signed in', async function () {
    this.timeout(30_000);
    const email = freshEmail('auth-code');
    const el = await fixture<PorticoAuth>(html`<portico-auth api=${api}></portico-auth>`);
    await waitUntil(() => findButton(el, 'Create an account'), 'no "Create an account"');
    button(el, 'Create an account').click();
    await el.updateComplete;
    expect(heading(el)).to.equal('Create an account');
    await waitUntil(() => findButton(el, 'Send verification code'), 'no "Send verification code"');
    expectFocused(el.querySelector('portico-signup input[type="email"]'));

    // E-mail → "Enter your code", focus on the code.
    await typeInto(el.querySelector('portico-signup input[type="email"]'), email);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => heading(el) === 'Enter your code', 'no verify-email step');
    await el.updateComplete;
    expect(el.querySelector('[role="status"]')?.textContent?.trim()).to.equal(`We have sent a 6-digit code to ${email}. Enter it below.`);
    const codeInput = el.querySelector<HTMLInputElement>('portico-code-input input[autocomplete="one-time-code"][inputmode="numeric"]');
    expectFocused(codeInput);
    expect(findButton(el, 'Verify code')).to.not.equal(undefined);
    await expect(el).to.be.accessible();

    // The code pasted as the mail shows it, with a space, then "Verify code" → "Choose your password".
    const { code } = await readMailedCode(email, { api });
    pasteIntoFocused(`${code.slice(0, 3)} ${code.slice(3)}`);
    findButton(el, 'Verify code')?.click();
    await waitUntil(() => heading(el) === 'Choose your password', 'no password step after the code');
    await el.updateComplete;
    await waitUntil(() => el.querySelector('[role="list"]'), 'no password checklist');
    expectFocused(el.querySelector('input[name="new-password"]'));
    await expect(el).to.be.accessible();

    // Password + confirmation → signed in, without signing in again.
    const password = 'Code-Sign-Up-Works-42!';
    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(el.querySelector('input[name="new-password"]'), password);
    await typeInto(el.querySelector('input[name="confirm-password"]'), password);
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(email);
    await el.updateComplete;
    expect(heading(el)).to.equal('Signed in');
    expect(message(el)?.textContent?.trim()).to.equal(`You are signed in as ${email}.`);
    expectFocused(el);
    expect(el.shadowRoot?.activeElement?.getAttribute('part')).to.equal('message');
    await expect(el).to.be.accessible();

    await el.signOut();
    expect(heading(el)).to.equal('Sign in');
  });

  it('asks for the name (the licensing policy does), and the last button says "Create"', async function () {
    this.timeout(30_000);
    const email = freshEmail('auth-named');
    const el = await fixture<PorticoAuth>(html`<portico-auth api=${api}></portico-auth>`);
    await waitUntil(() => findButton(el, 'Create an account'), 'no "Create an account"');
    button(el, 'Create an account').click();
    await waitUntil(() => el.querySelector('portico-signup input[name="name"]'), 'no name field');
    const name = el.querySelector<HTMLInputElement>('portico-signup input[name="name"]')!;
    expect(name.autocomplete).to.equal('name');
    expect(name.labels?.[0]?.textContent?.trim()).to.equal('Name');
    await expect(el).to.be.accessible();

    await typeInto(el.querySelector('portico-signup input[type="email"]'), email);
    await typeInto(name, 'Åsa Öberg');
    button(el, 'Send verification code').click();
    await waitUntil(() => heading(el) === 'Enter your code', 'no verify-email step');
    const { code } = await readMailedCode(email, { api });
    await typeInto(el.querySelector('portico-code-input input'), code);
    findButton(el, 'Verify code')?.click();
    await waitUntil(() => heading(el) === 'Choose your password', 'no password step after the code');
    await el.updateComplete;
    expect(findButton(el, 'Set password')).to.equal(undefined);

    const password = 'Named-Sign-Up-Works-42!';
    await typeInto(el.querySelector('input[name="new-password"]'), password);
    await typeInto(el.querySelector('input[name="confirm-password"]'), password);
    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    // Announced once, as every sign-in is: by <portico-auth>, with "Signed in" already on screen.
    const headingsAnnounced: string[] = [];
    el.addEventListener('portico-signed-in', () => headingsAnnounced.push(heading(el)));
    button(el, 'Create').click();
    const { user } = (await signedIn).detail;
    expect(user.email).to.equal(email);
    expect(user.name).to.equal('Åsa Öberg');
    await el.updateComplete;
    expect(headingsAnnounced).to.deep.equal(['Signed in']);
    await el.signOut();
  });
});
