import { createPorticoClient } from '@portico/client';
import type { AuthStep, PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readMailedLinkToken } from '../../../client/src/test-support.ts';
import type { NavigateDetail } from '../shared-events.ts';
import type { PorticoSignup } from './portico-signup.ts';
import './portico-signup.ts';
import { freshEmail, typeInto, waitUntil } from '../test-helpers.ts';

// Against the real server in its default (hosting) preset: sign-up mode `link`.

const client = createPorticoClient();

function emailInput(el: PorticoSignup): HTMLInputElement {
  const input = el.querySelector<HTMLInputElement>('input[type="email"][autocomplete~="username"]:not([hidden])');
  if (!input) throw new Error('no e-mail input');
  return input;
}

describe('<portico-signup>', () => {
  it('renders a labelled e-mail form in its light DOM', async () => {
    const el = await fixture<PorticoSignup>(html`<portico-signup></portico-signup>`);
    const input = emailInput(el);
    expect(input.getRootNode()).to.equal(document);
    expect(input.closest('form')?.getAttribute('aria-label')).to.equal('Create an account');
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('E-mail address');
    await waitUntil(() => el.querySelector('button[type="submit"]')?.textContent?.trim() === 'Continue', 'no Continue button');
    await expect(el).to.be.accessible();
  });

  it('signs up by link: check e-mail, then the mailed link sets the password (sign_in registered)', async function () {
    this.timeout(20_000);
    const email = freshEmail('signup-link');
    const el = await fixture<PorticoSignup>(html`<portico-signup></portico-signup>`);
    const stepped = oneEvent(el, 'portico-step') as Promise<CustomEvent<AuthStep>>;
    await typeInto(emailInput(el), email);
    await sendKeys({ press: 'Enter' });
    expect((await stepped).detail).to.deep.equal({ step: 'check_email', email });
    await el.updateComplete;
    const status = el.querySelector<HTMLElement>('[role="status"]');
    expect(status?.textContent?.trim()).to.equal(`We have sent a link to ${email}. Open it to choose your password. It works for a limited time.`);
    expect(document.activeElement).to.equal(status);
    await expect(el).to.be.accessible();

    const token = await readMailedLinkToken(email);
    const step = await client.inspectLink({ token });
    if (step.step !== 'set_password') throw new Error(`expected set_password, got ${step.step}`);
    expect(step.purpose).to.equal('sign_up');

    const setting = await fixture<PorticoSignup>(html`<portico-signup .step=${step}></portico-signup>`);
    await waitUntil(() => setting.querySelector('[role="list"]'), 'no password checklist');
    const done = oneEvent(setting, 'portico-step') as Promise<CustomEvent<AuthStep>>;
    await typeInto(setting.querySelector('input[name="new-password"]'), 'Brand-New-Account-42!');
    await typeInto(setting.querySelector('input[name="confirm-password"]'), 'Brand-New-Account-42!');
    await sendKeys({ press: 'Enter' });
    expect((await done).detail).to.deep.equal({ step: 'sign_in', notice: 'registered', identifier: email });
  });

  it('announces a refusal (rate_limited) and puts focus back on the e-mail', async function () {
    this.timeout(20_000);
    const email = freshEmail('signup-twice');
    await client.signUp({ email });
    const el = await fixture<PorticoSignup>(html`<portico-signup .email=${email}></portico-signup>`);
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    emailInput(el).focus();
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('rate_limited');
    await el.updateComplete;
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent?.trim()).to.equal('Too many attempts. Try again in 1 minute.');
    expect(document.activeElement).to.equal(emailInput(el));
    expect(emailInput(el).getAttribute('aria-describedby')).to.equal(alert?.id);
    await expect(el).to.be.accessible();
  });

  it('renders a verify_email step: code input, Verify code, Resend code counting down', async () => {
    const step = { step: 'verify_email', email: 'someone@example.test', codeLength: 6, resendAfterSeconds: 30 } as const;
    const el = await fixture<PorticoSignup>(html`<portico-signup></portico-signup>`);
    el.step = step;
    await el.updateComplete;
    expect(el.querySelector('portico-code-input input[autocomplete="one-time-code"]')).to.not.equal(null);
    const buttons = [...el.querySelectorAll('button')].map((button) => button.textContent?.trim());
    expect(buttons).to.include('Verify code');
    const resend = [...el.querySelectorAll('button')].find((button) => button.textContent?.trim().startsWith('Resend code'));
    expect(resend?.disabled).to.equal(true);
    expect(resend?.textContent?.trim()).to.match(/^Resend code \(in \d+ s\)$/);
    await expect(el).to.be.accessible();
  });

  it('"Already have an account? Sign in" asks the owner to navigate', async () => {
    const el = await fixture<PorticoSignup>(html`<portico-signup></portico-signup>`);
    const back = [...el.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Already have an account? Sign in');
    const navigated = oneEvent(el, 'portico-navigate') as Promise<CustomEvent<NavigateDetail>>;
    back?.click();
    expect((await navigated).detail).to.deep.equal({ to: 'sign-in' });
  });
});
