import { createPorticoClient } from '@portico/client';
import type { AuthStep, PorticoErrorDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readMailedCode } from '../../../client/src/test-support.ts';
import type { PorticoCodeInput } from '../code-input/portico-code-input.ts';
import type { PorticoSignup } from './portico-signup.ts';
import './portico-signup.ts';
import { button, expectFocused, findButton, freshEmail, licensingApi, licensingServerReady, typeInto, waitUntil } from '../test-helpers.ts';

// Against the run's second server (preset `licensing`): sign-up by a mailed 6-digit code, company addresses
// (example.test) only, a resend cooldown of a few seconds.

const api = licensingApi;
const password = 'Code-Sign-Up-Works-42!';

function emailInput(el: PorticoSignup): HTMLInputElement {
  const input = el.querySelector<HTMLInputElement>('input[type="email"][autocomplete~="username"]:not([hidden])');
  if (!input) throw new Error('no e-mail input');
  return input;
}

function codeInput(el: PorticoSignup): HTMLInputElement {
  const input = el.querySelector<HTMLInputElement>('portico-code-input input');
  if (!input) throw new Error('no code input');
  return input;
}

const alertText = (el: PorticoSignup) => el.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
const statusText = (el: PorticoSignup) => el.querySelector('[role="status"]')?.textContent?.trim() ?? '';
const resendButton = (el: PorticoSignup) =>
  [...el.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim().startsWith('Resend code')) ?? null;

/** A code that is surely not `code`: its first digit changed. */
const wrongCode = (code: string) => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;

/** A sign-up form on the licensing server, once it knows the sign-up mode ("Send verification code"). */
async function codeSignup(): Promise<PorticoSignup> {
  const el = await fixture<PorticoSignup>(html`<portico-signup api=${api}></portico-signup>`);
  await waitUntil(() => findButton(el, 'Send verification code'), 'no "Send verification code" button');
  return el;
}

/** Sends `email` from the e-mail form and resolves with the server's `verify_email` step, once it is shown. */
async function requestCode(el: PorticoSignup, email: string): Promise<AuthStep> {
  const stepped = oneEvent(el, 'portico-step') as Promise<CustomEvent<AuthStep>>;
  await typeInto(emailInput(el), email);
  await sendKeys({ press: 'Enter' });
  const step = (await stepped).detail;
  await el.updateComplete;
  return step;
}

describe('<portico-signup> by code (preset licensing)', () => {
  before(async function () {
    this.timeout(60_000);
    await licensingServerReady();
  });

  it('refuses an address outside the company domains, keeping what was typed', async () => {
    const el = await codeSignup();
    await expect(el).to.be.accessible();
    const email = `someone-${crypto.randomUUID().slice(0, 8)}@elsewhere.test`;
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(emailInput(el), email);
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail).to.deep.equal({ code: 'email_domain_not_allowed', message: 'Use your company e-mail address.' });
    await el.updateComplete;

    expect(alertText(el)).to.equal('Use your company e-mail address.');
    const input = emailInput(el);
    expectFocused(input);
    expect(input.value).to.equal(email);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal(el.querySelector('[role="alert"]')?.id);
    expect(el.querySelector('portico-code-input')).to.equal(null);
    await expect(el).to.be.accessible();

    // Correcting the address: the error goes at the first key, with the field's invalid mark.
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(alertText(el)).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.not.equal('true');
    expect(input.value).to.equal(email.slice(0, -1));
  });

  it('signs up: code (a wrong one first), then password and confirmation, then signed in', async function () {
    this.timeout(30_000);
    const email = freshEmail('code-signup');
    const el = await codeSignup();

    // E-mail → verify_email: a one-time-code field has the focus.
    expect(await requestCode(el, email)).to.deep.equal({ step: 'verify_email', email, codeLength: 6, resendAfterSeconds: 5 });
    expect(statusText(el)).to.equal(`We have sent a 6-digit code to ${email}. Enter it below.`);
    const input = codeInput(el);
    expectFocused(input);
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('Verification code');
    expect(input.autocomplete).to.equal('one-time-code');
    expect(input.inputMode).to.equal('numeric');
    expect(input.maxLength).to.equal(6);
    expect(el.querySelector<HTMLInputElement>('input[autocomplete~="username"][hidden]')?.value).to.equal(email);
    await expect(el).to.be.accessible();

    // A wrong code: nothing is sent until the user submits it (no submission at the sixth digit), then once.
    const { code } = await readMailedCode(email, { api });
    const verifications: string[] = [];
    const pageFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).endsWith('/api/sign-up/verify')) verifications.push(String(init?.body));
      return pageFetch(input, init);
    };
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await sendKeys({ type: wrongCode(code) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(verifications).to.have.length(0, 'sent by typing alone');
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('invalid_code');
    // The same code again (Enter, or the button) is not sent again: it would only spend another try.
    await sendKeys({ press: 'Enter' });
    el.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    window.fetch = pageFetch;
    expect(verifications).to.have.length(1);
    await el.updateComplete;
    expect(alertText(el)).to.equal('This code is not correct. Check it and try again.');
    expectFocused(codeInput(el));
    expect(codeInput(el).getAttribute('aria-invalid')).to.equal('true');
    expect(codeInput(el).getAttribute('aria-describedby')).to.equal(el.querySelector('[role="alert"]')?.id);
    // Still the same address: the user only has to type the code again.
    expect(statusText(el)).to.include(email);
    expect(el.querySelector<HTMLInputElement>('input[autocomplete~="username"][hidden]')?.value).to.equal(email);
    await expect(el).to.be.accessible();

    // The right code, typed straight over the wrong one (it is selected), is checked when submitted.
    const verified = oneEvent(el, 'portico-step') as Promise<CustomEvent<AuthStep>>;
    expectFocused(codeInput(el));
    await sendKeys({ type: code.slice(0, 1) });
    await el.updateComplete;
    // "Not correct" described the code that was there: it goes with the first digit of the next, with the invalid mark.
    expect(alertText(el)).to.equal('');
    expect(codeInput(el).getAttribute('aria-invalid')).to.not.equal('true');
    await sendKeys({ type: code.slice(1) });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.querySelector('portico-set-password'), 'the right code, typed over the wrong one, led nowhere', { timeout: 5000 });
    const step = (await verified).detail;
    expect(step).to.include({ step: 'set_password', purpose: 'sign_up', email });
    await el.updateComplete;
    await waitUntil(() => el.querySelector('[role="list"]'), 'no password checklist');

    // Password + confirmation → signed in at once.
    const newPassword = el.querySelector<HTMLInputElement>('input[name="new-password"]');
    expectFocused(newPassword);
    expect(el.querySelector<HTMLInputElement>('portico-set-password input[autocomplete~="username"]')?.value).to.equal(email);
    await expect(el).to.be.accessible();
    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(newPassword, password);
    await typeInto(el.querySelector('input[name="confirm-password"]'), password);
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(email);

    // The session is the licensing server's alone: the default server does not see its cookie (and so cannot
    // clear it as unknown), and it is still there afterwards.
    expect(await createPorticoClient().getSession()).to.equal(null);
    const licensing = createPorticoClient({ baseUrl: api });
    expect((await licensing.getSession())?.user.email).to.equal(email);
    await licensing.signOut();
    expect(await licensing.getSession()).to.equal(null);
  });

  it('"Resend code" waits out the cooldown, then mails a new code that replaces the old one', async function () {
    this.timeout(30_000);
    const email = freshEmail('code-resend');
    const el = await codeSignup();
    await requestCode(el, email);
    const first = await readMailedCode(email, { api });

    // During the cooldown the button is disabled and says how long is left.
    const waiting = resendButton(el);
    expect(waiting?.disabled).to.equal(true);
    expect(waiting?.textContent?.trim()).to.match(/^Resend code \(in [1-5] s\)$/);
    await expect(el).to.be.accessible();

    // A wrong code typed meanwhile, to see that the resend clears it.
    await sendKeys({ type: wrongCode(first.code) });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => alertText(el) !== '', 'no error for the wrong code');

    await waitUntil(() => resendButton(el)?.disabled === false, 'the cooldown did not end', { timeout: 8000 });
    const stepped = oneEvent(el, 'portico-step') as Promise<CustomEvent<AuthStep>>;
    button(el, 'Resend code').click();
    expect((await stepped).detail).to.include({ step: 'verify_email', email });
    await el.updateComplete;
    const second = await readMailedCode(email, { api, after: first.messageId });

    // A fresh start: no error, an empty code field with the focus, the cooldown running again, the status repeated.
    expect(alertText(el)).to.equal('');
    expect(codeInput(el).value).to.equal('');
    expect(codeInput(el).getAttribute('aria-invalid')).to.equal('false');
    expectFocused(codeInput(el));
    expect(resendButton(el)?.disabled).to.equal(true);
    expect(statusText(el)).to.equal(`We have sent a 6-digit code to ${email}. Enter it below.`);
    await expect(el).to.be.accessible();

    // The first code no longer works (unless, by chance, the new one is the same); the new one does.
    if (second.code !== first.code) {
      const refused = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
      (el.querySelector('portico-code-input') as PorticoCodeInput).value = first.code;
      button(el, 'Verify code').click();
      expect((await refused).detail.code).to.equal('invalid_code');
      await el.updateComplete;
    }
    const verified = oneEvent(el, 'portico-step') as Promise<CustomEvent<AuthStep>>;
    await typeInto(codeInput(el), second.code);
    await sendKeys({ press: 'Enter' });
    expect((await verified).detail).to.include({ step: 'set_password', email });
  });

  it('announces a resend the server refuses, without marking the code wrong', async function () {
    this.timeout(20_000);
    const email = freshEmail('code-refused');
    // The cooldown started before this element knew of it (e.g. a code asked for in another tab).
    await createPorticoClient({ baseUrl: api }).signUp({ email });
    const el = await codeSignup();
    el.step = { step: 'verify_email', email, codeLength: 6, resendAfterSeconds: 0 };
    await el.updateComplete;

    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    button(el, 'Resend code').click();
    expect((await failed).detail.code).to.equal('rate_limited');
    await el.updateComplete;
    expect(alertText(el)).to.equal('Too many attempts. Try again in 1 minute.');
    expectFocused(codeInput(el));
    expect(codeInput(el).getAttribute('aria-invalid')).to.equal('false');
    // The button waits out what the server said.
    expect(resendButton(el)?.disabled).to.equal(true);
    expect(resendButton(el)?.textContent?.trim()).to.match(/^Resend code \(in [1-5] s\)$/);
    await expect(el).to.be.accessible();
  });
});
