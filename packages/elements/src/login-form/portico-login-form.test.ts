import { limits } from '@portico/contract';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LoginCredentials, PorticoLoginForm } from './portico-login-form.ts';
import './portico-login-form.ts';

// The form alone, as a building block: no server involved (its owner, <portico-auth>, talks to the API).

function parts(el: PorticoLoginForm) {
  const form = el.querySelector('form');
  const identifier = el.querySelector<HTMLInputElement>('form input[autocomplete~="username"]');
  const password = el.querySelector<HTMLInputElement>('form input[autocomplete="current-password"]');
  const button = el.querySelector<HTMLButtonElement>('form button[type="submit"]');
  const alert = el.querySelector<HTMLElement>('[role="alert"]');
  if (!form || !identifier || !password || !button || !alert) throw new Error('login form is incomplete');
  return { form, identifier, password, button, alert };
}

function collectSubmits(el: PorticoLoginForm): LoginCredentials[] {
  const submitted: LoginCredentials[] = [];
  el.addEventListener('portico-login-submit', (event) => submitted.push(event.detail));
  return submitted;
}

describe('<portico-login-form>', () => {
  it('puts the credential inputs in a light-DOM <form>, where password managers look', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { form, identifier, password } = parts(el);

    expect(form.getRootNode()).to.equal(document);
    expect(identifier.getRootNode()).to.equal(document);
    expect(password.getRootNode()).to.equal(document);
    expect(identifier.form).to.equal(form);
    expect(password.form).to.equal(form);
    // Slotted into the shadow tree, so it is actually displayed.
    expect(form.assignedSlot).to.not.equal(null);
    expect(identifier.assignedSlot).to.not.equal(null);
  });

  it('marks up the username and password fields for autofill', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { identifier, password } = parts(el);

    expect(identifier.type).to.equal('email');
    expect(identifier.name).to.equal('username');
    expect(identifier.getAttribute('inputmode')).to.equal('email');
    expect(identifier.getAttribute('autocapitalize')).to.equal('off');
    expect(identifier.spellcheck).to.equal(false);
    expect(identifier.required).to.equal(true);
    expect(identifier.maxLength).to.equal(limits.identifierMaxLength);

    expect(password.type).to.equal('password');
    expect(password.name).to.equal('password');
    expect(password.required).to.equal(true);
    expect(password.maxLength).to.equal(limits.passwordMaxLength);
  });

  it('labels each input with its own <label>', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { identifier, password } = parts(el);

    expect(identifier.labels?.length).to.equal(1);
    expect(identifier.labels?.[0]?.textContent?.trim()).to.equal('E-mail address');
    expect(password.labels?.length).to.equal(1);
    expect(password.labels?.[0]?.textContent?.trim()).to.equal('Password');
  });

  it('keeps ids unique when two forms share a page', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div><portico-login-form></portico-login-form><portico-login-form></portico-login-form></div>`);
    const ids = [...wrapper.querySelectorAll('[id]')].map((node) => node.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const input of wrapper.querySelectorAll('input')) {
      expect(input.labels?.length).to.equal(1);
      expect(input.labels?.[0]?.closest('portico-login-form')).to.equal(input.closest('portico-login-form'));
    }
  });

  it('adds no gap for the empty error region', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { form, identifier } = parts(el);
    const field = identifier.closest('portico-field') as HTMLElement;
    expect(field.getBoundingClientRect().top).to.equal(form.getBoundingClientRect().top);
  });

  it('is accessible when idle', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    await expect(el).to.be.accessible();
  });

  it('is accessible with an error shown, and announces it in an alert', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    el.error = { code: 'invalid_credentials' };
    await el.updateComplete;

    const { alert, password } = parts(el);
    expect(alert.textContent?.trim()).to.equal('The e-mail address or password is incorrect.');
    expect(password.getAttribute('aria-describedby')).to.equal(alert.id);
    await expect(el).to.be.accessible();
  });

  it('submits on Enter with what was typed', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const submitted = collectSubmits(el);
    const { identifier, password } = parts(el);

    identifier.focus();
    await sendKeys({ type: 'ada@example.test' });
    password.focus();
    await sendKeys({ type: ' secret with spaces ' });
    await sendKeys({ press: 'Enter' });

    expect(submitted).to.deep.equal([{ identifier: 'ada@example.test', password: ' secret with spaces ' }]);
  });

  it('does not submit with an empty field', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const submitted = collectSubmits(el);
    const { identifier } = parts(el);

    identifier.focus();
    await sendKeys({ type: 'ada@example.test' });
    await sendKeys({ press: 'Enter' });

    expect(submitted).to.have.length(0);
  });

  it('shows progress while busy and ignores further submits, without locking the inputs', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const submitted = collectSubmits(el);
    const { identifier, password, button } = parts(el);
    identifier.value = 'ada@example.test';
    password.value = 'secret';

    el.busy = true;
    await el.updateComplete;

    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.textContent?.trim()).to.equal('Signing in…');
    expect(button.querySelector('portico-spinner')).to.not.equal(null);
    expect(identifier.disabled || password.disabled).to.equal(false);

    password.focus();
    await sendKeys({ press: 'Enter' });
    button.click();
    expect(submitted).to.have.length(0);

    el.busy = false;
    await el.updateComplete;
    expect(button.getAttribute('aria-busy')).to.equal('false');
    expect(button.textContent?.trim()).to.equal('Sign in');
  });

  it('moves focus to the selected password after invalid credentials, keeping what was typed', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { identifier, password, button } = parts(el);
    identifier.value = 'ada@example.test';
    password.value = 'wrong';
    button.focus();

    el.error = { code: 'invalid_credentials' };
    await el.updateComplete;

    expect(document.activeElement).to.equal(password);
    expect(password.selectionStart).to.equal(0);
    expect(password.selectionEnd).to.equal('wrong'.length);
    expect(identifier.value).to.equal('ada@example.test');
    expect(password.value).to.equal('wrong');
  });

  it('marks both fields invalid after wrong credentials, until the user edits either, when the error goes', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { identifier, password, alert } = parts(el);
    identifier.value = 'ada@example.test';
    password.value = 'wrong';

    el.error = { code: 'invalid_credentials' };
    await el.updateComplete;
    expect(identifier.getAttribute('aria-invalid')).to.equal('true');
    expect(password.getAttribute('aria-invalid')).to.equal('true');

    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(identifier.getAttribute('aria-invalid')).to.equal('false');
    expect(password.getAttribute('aria-invalid')).to.equal('false');
    expect(alert.textContent?.trim()).to.equal('', 'the message no longer describes what is in the fields');
    expect(password.hasAttribute('aria-describedby')).to.equal(false);

    // The next failure, a new object, marks them again.
    el.error = { code: 'invalid_credentials' };
    await el.updateComplete;
    expect(identifier.getAttribute('aria-invalid')).to.equal('true');
    expect(password.getAttribute('aria-invalid')).to.equal('true');
  });

  it('leaves focus alone for a rate limit, saying when to retry', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { button, alert } = parts(el);
    button.focus();

    el.error = { code: 'rate_limited', retryAfterSeconds: 301 };
    await el.updateComplete;

    expect(document.activeElement).to.equal(button);
    expect(alert.textContent?.trim()).to.equal('Too many attempts. Try again in 6 minutes.');
    expect(button.getAttribute('aria-disabled')).to.equal('false');

    // Typing changes nothing about a limit: its message stays.
    parts(el).password.focus();
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(alert.textContent?.trim()).to.equal('Too many attempts. Try again in 6 minutes.');
  });

  it('marks and focuses the field an invalid_request names', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { identifier, password } = parts(el);

    el.error = { code: 'invalid_request', fields: ['identifier'] };
    await el.updateComplete;

    expect(document.activeElement).to.equal(identifier);
    expect(identifier.getAttribute('aria-invalid')).to.equal('true');
    expect(password.getAttribute('aria-invalid')).to.equal('false');

    await sendKeys({ type: 'ada@example.test' });
    await el.updateComplete;
    expect(parts(el).alert.textContent?.trim()).to.equal('');
    expect(identifier.getAttribute('aria-invalid')).to.equal('false');
  });

  it('is reachable by keyboard in the order e-mail, password, button', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { identifier, password, button } = parts(el);

    identifier.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(password);
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(button);
  });

  it('takes an old customer ID too, with customer-id-login: "E-mail or customer ID", a text input', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form customer-id-login identifier="NL123421341"></portico-login-form>`);
    const submitted = collectSubmits(el);
    const { identifier, password } = parts(el);

    expect(identifier.labels?.[0]?.textContent?.trim()).to.equal('E-mail or customer ID');
    expect(identifier.type).to.equal('text');
    expect(identifier.name).to.equal('username');
    expect(identifier.hasAttribute('inputmode')).to.equal(false);
    expect(identifier.value).to.equal('NL123421341');
    await expect(el).to.be.accessible();

    password.focus();
    await sendKeys({ type: 'Legacy-pass-1!' });
    await sendKeys({ press: 'Enter' });
    expect(submitted).to.deep.equal([{ identifier: 'NL123421341', password: 'Legacy-pass-1!' }]);
  });

  it('keeps what was typed when customer IDs are allowed after it rendered (the policy arrives late)', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form></portico-login-form>`);
    const { identifier } = parts(el);
    identifier.focus();
    await sendKeys({ type: 'NL1234' });

    el.customerIdLogin = true;
    await el.updateComplete;
    expect(parts(el).identifier).to.equal(identifier);
    expect(identifier.value).to.equal('NL1234');
    expect(document.activeElement).to.equal(identifier);
    // Typing goes on where it was, at the end.
    await sendKeys({ type: '56' });
    expect(identifier.value).to.equal('NL123456');
  });

  it('focuses the username after customer_id_migrated, whose message says to sign in with the e-mail', async () => {
    const el = await fixture<PorticoLoginForm>(html`<portico-login-form customer-id-login></portico-login-form>`);
    const { identifier, alert } = parts(el);

    el.error = { code: 'customer_id_migrated' };
    await el.updateComplete;

    expect(alert.textContent?.trim()).to.equal('This customer ID now signs in with the e-mail login registered for it. Sign in with that e-mail address.');
    expect(document.activeElement).to.equal(identifier);
  });
});
