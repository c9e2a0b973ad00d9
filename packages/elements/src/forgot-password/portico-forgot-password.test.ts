import type { CheckEmailStep, CheckMainContactEmailStep, PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedCustomerIdLogin } from '../account-test-support.ts';
import type { NavigateDetail } from '../shared-events.ts';
import type { PorticoForgotPassword } from './portico-forgot-password.ts';
import './portico-forgot-password.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs).

const freshEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.test`;

function emailInput(el: PorticoForgotPassword): HTMLInputElement {
  const input = el.querySelector<HTMLInputElement>('input[type="email"][autocomplete~="username"]');
  if (!input) throw new Error('no e-mail input');
  return input;
}

async function request(el: PorticoForgotPassword, email: string): Promise<void> {
  emailInput(el).focus();
  await sendKeys({ type: email });
  await sendKeys({ press: 'Enter' });
}

describe('<portico-forgot-password>', () => {
  it('renders a labelled e-mail form in its light DOM', async () => {
    const el = await fixture<PorticoForgotPassword>(html`<portico-forgot-password></portico-forgot-password>`);
    const input = emailInput(el);

    expect(input.getRootNode()).to.equal(document);
    expect(input.closest('form')?.getAttribute('aria-label')).to.equal('Reset your password');
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('E-mail address');
    expect(el.querySelector('button[type="submit"]')?.textContent?.trim()).to.equal('Send link');
    await expect(el).to.be.accessible();
  });

  it('confirms "check your e-mail" for any address, focuses the confirmation, and fires portico-step', async () => {
    const email = freshEmail('nobody');
    const el = await fixture<PorticoForgotPassword>(html`<portico-forgot-password></portico-forgot-password>`);

    const stepped = oneEvent(el, 'portico-step') as Promise<CustomEvent<CheckEmailStep>>;
    await request(el, email);
    const event = await stepped;

    expect(event.detail).to.deep.equal({ step: 'check_email', email });
    await el.updateComplete;
    const status = el.querySelector<HTMLElement>('[role="status"]');
    expect(status?.textContent?.trim()).to.match(new RegExp(`^If ${email.replace('.', '\\.')} belongs to an account, we have sent a link`));
    expect(document.activeElement).to.equal(status);
    expect(el.querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('says how long to wait when the address was just sent a link (rate_limited)', async () => {
    const email = freshEmail('twice');
    const first = await fixture<PorticoForgotPassword>(html`<portico-forgot-password></portico-forgot-password>`);
    const sent = oneEvent(first, 'portico-step');
    await request(first, email);
    await sent;

    const el = await fixture<PorticoForgotPassword>(html`<portico-forgot-password .email=${email}></portico-forgot-password>`);
    expect(emailInput(el).value).to.equal(email);
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    emailInput(el).focus();
    await sendKeys({ press: 'Enter' });
    const event = await failed;

    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.code).to.equal('rate_limited');
    expect(event.detail.retryAfterSeconds).to.be.greaterThan(0);
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent?.trim()).to.equal('Too many attempts. Try again in 1 minute.');
    expect(emailInput(el).getAttribute('aria-describedby')).to.equal(alert?.id);
    await expect(el).to.be.accessible();

    // Editing the address changes nothing about the limit: the message stays.
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(alert?.textContent?.trim()).to.equal('Too many attempts. Try again in 1 minute.');
  });

  it("drops a refused address's error, and the field's invalid mark, once the address is edited", async () => {
    const el = await fixture<PorticoForgotPassword>(html`<portico-forgot-password></portico-forgot-password>`);
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    // A browser takes a domain without a dot; the server does not.
    await request(el, 'ada@localhost');
    expect((await failed).detail.code).to.equal('invalid_request');
    await el.updateComplete;
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent?.trim()).to.not.equal('');
    expect(emailInput(el).getAttribute('aria-invalid')).to.equal('true');

    await sendKeys({ type: '.test' });
    await el.updateComplete;
    expect(alert?.textContent?.trim()).to.equal('');
    expect(emailInput(el).getAttribute('aria-invalid')).to.not.equal('true');
    expect(emailInput(el).hasAttribute('aria-describedby')).to.equal(false);
  });

  it('"Back to sign in" asks the owner to navigate', async () => {
    const el = await fixture<PorticoForgotPassword>(html`<portico-forgot-password></portico-forgot-password>`);
    const back = [...el.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Back to sign in');
    const navigated = oneEvent(el, 'portico-navigate') as Promise<CustomEvent<NavigateDetail>>;
    back?.focus();
    await sendKeys({ press: 'Enter' });
    expect((await navigated).detail).to.deep.equal({ to: 'sign-in' });
  });

  it('with customer-id-login, sends a customer ID as one and confirms without naming the main contact', async () => {
    const { account, mainContactEmail } = await seedCustomerIdLogin('Fern Hosting');
    const el = await fixture<PorticoForgotPassword>(html`<portico-forgot-password customer-id-login></portico-forgot-password>`);
    const input = el.querySelector<HTMLInputElement>('input[autocomplete~="username"]');
    expect(input?.type).to.equal('text');
    expect(input?.labels?.[0]?.textContent?.trim()).to.equal('E-mail or customer ID');
    await expect(el).to.be.accessible();

    const stepped = oneEvent(el, 'portico-step') as Promise<CustomEvent<CheckMainContactEmailStep>>;
    input?.focus();
    await sendKeys({ type: ` ${account.customerId.toLowerCase()} ` });
    await sendKeys({ press: 'Enter' });
    expect((await stepped).detail).to.deep.equal({ step: 'check_main_contact_email', customerId: account.customerId });
    await el.updateComplete;
    const status = el.querySelector<HTMLElement>('[role="status"]');
    expect(status?.textContent?.trim()).to.match(
      new RegExp(`^If ${account.customerId} signs in with its customer ID, we have sent a reset link to the account's main contact`),
    );
    expect(el.textContent).to.not.include(mainContactEmail);
    expect(document.activeElement).to.equal(status);
    await expect(el).to.be.accessible();
  });
});
