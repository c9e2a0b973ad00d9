import { createPorticoClient, PorticoApiError } from '@portico/client';
import type { PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readTextedCode, totpCode } from '../../../client/src/test-support.ts';
import { clientFor } from '../api/api.ts';
import { seedUser } from '../../../../test/support/seed-user.ts';
import type { NavigateDetail, SecurityChangedDetail } from '../shared-events.ts';
import type { PorticoMfaSetup } from './portico-mfa-setup.ts';
import './portico-mfa-setup.ts';
import { button, expectFocused, freshPhone, textOf, typeInto, waitUntil } from '../test-helpers.ts';

// Against the real server (preset `hosting`: app and SMS), signed in through the client.

const client = createPorticoClient();

async function signedIn(name: string) {
  const seeded = await seedUser(name);
  await client.signIn({ identifier: seeded.email, password: seeded.password });
  return seeded;
}

const codeInput = (el: Element) => el.querySelector<HTMLInputElement>('input[autocomplete="one-time-code"]');
const alertText = (el: Element) => textOf(el.querySelector('[role="alert"]'));
const smsWarning = 'SMS is less secure than an app: delivery depends on your phone provider and may fail, and text messages can be intercepted.';

/** Presses a button with the keyboard. */
async function press(el: Element, text: string): Promise<void> {
  button(el, text).focus();
  await sendKeys({ press: 'Enter' });
}

describe('<portico-mfa-setup>', () => {
  after(() => client.signOut());

  it('offers the app (advised) and SMS with its warning, then enables the app from its key and a code', async function () {
    this.timeout(20_000);
    await signedIn('setup-app');
    const el = await fixture<PorticoMfaSetup>(html`<portico-mfa-setup></portico-mfa-setup>`);

    expect(textOf(el.querySelector('p'))).to.equal('Choose how you will get your codes.');
    const app = button(el, 'Authenticator app (advised)');
    const sms = button(el, 'Text message (SMS)');
    expect(textOf(document.getElementById(sms.getAttribute('aria-describedby')!))).to.equal(smsWarning);
    expect(textOf(document.getElementById(app.getAttribute('aria-describedby')!))).to.include('Google Authenticator');
    await expect(el).to.be.accessible();

    await press(el, 'Authenticator app (advised)');
    await waitUntil(() => el.querySelector('code'), 'no key shown');
    await el.updateComplete;
    expect(textOf(document.activeElement)).to.equal('Scan this QR code with your authenticator app, such as Google Authenticator.');
    // The key for typing, in groups of four.
    const shownKey = textOf(el.querySelector('code'));
    expect(shownKey).to.match(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    // The QR code, drawn by a generator loaded only now. Served unbundled, as here, that CommonJS generator cannot
    // load, and the key stands alone, as it would if its chunk failed to download; the built bundle draws it.
    await waitUntil(() => !el.querySelector('[role="status"]'), 'the QR code is still being drawn');
    const qr = el.querySelector('img');
    if (qr) {
      expect(qr.alt).to.equal('QR code for your authenticator app');
      expect(qr.src).to.match(/^data:image\/svg\+xml,/);
    }
    await expect(el).to.be.accessible();

    // A wrong code first (the form's own check wants all 6 digits), then the app's.
    const secret = shownKey.replaceAll(' ', '');
    const right = await totpCode(secret);
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(codeInput(el), right === '000000' ? '111111' : '000000');
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('invalid_code');
    await el.updateComplete;
    expect(alertText(el)).to.equal('This code is not correct. Check it and try again.');
    expectFocused(codeInput(el));

    const changed = oneEvent(el, 'portico-security-changed') as Promise<CustomEvent<SecurityChangedDetail>>;
    await typeInto(codeInput(el), right);
    await sendKeys({ press: 'Enter' });
    const { detail } = await changed;
    expect(detail.change).to.equal('mfa_enabled');
    expect(detail.security?.totp).to.not.equal(null);
  });

  it('signed in, asks for the password when the server wants it, then starts the app setup', async function () {
    this.timeout(20_000);
    const { email, password } = await signedIn('setup-reauth');
    const el = await fixture<PorticoMfaSetup>(html`<portico-mfa-setup .email=${email}></portico-mfa-setup>`);
    // The sign-in is fresh, so the server would not ask: it asks once here, as it would after a while. The password
    // prompt is loaded only now (it is not part of the sign-in flow's setup step).
    const api = clientFor('');
    const original = api.startTotpSetup;
    let calls = 0;
    api.startTotpSetup = () => {
      calls += 1;
      if (calls === 1) return Promise.reject(new PorticoApiError(403, 'reauth_required', 'Confirm your password first.'));
      return original.call(api);
    };
    try {
      await press(el, 'Authenticator app (advised)');
      const passwordInput = () => el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]');
      await waitUntil(passwordInput, 'no password prompt');
      await el.updateComplete;
      expectFocused(passwordInput());
      expect(el.querySelector<HTMLInputElement>('input[autocomplete~="username"]')?.value).to.equal(email);
      await expect(el).to.be.accessible();

      await typeInto(passwordInput(), password);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.querySelector('code'), 'no key shown after the password');
      expect(calls).to.equal(2);
      expect(passwordInput()).to.equal(null);
      expect(textOf(el.querySelector('code'))).to.match(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    } finally {
      api.startTotpSetup = original;
    }
  });

  it('enables SMS: refuses a number that cannot take texts, then checks the texted code', async function () {
    this.timeout(20_000);
    await signedIn('setup-sms');
    const el = await fixture<PorticoMfaSetup>(html`<portico-mfa-setup></portico-mfa-setup>`);
    await press(el, 'Text message (SMS)');
    await el.updateComplete;

    const phoneInput = el.querySelector<HTMLInputElement>('input[type="tel"]')!;
    expect(phoneInput.autocomplete).to.equal('tel');
    expect(phoneInput.labels?.[0]?.textContent?.trim()).to.equal('Mobile phone number');
    expectFocused(phoneInput);
    expect(textOf(el.querySelector('form p'))).to.equal(smsWarning);
    await expect(el).to.be.accessible();

    const refused = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(phoneInput, '12345');
    await sendKeys({ press: 'Enter' });
    expect((await refused).detail.code).to.equal('invalid_phone');
    await el.updateComplete;
    expect(alertText(el)).to.equal('Enter a mobile phone number that can receive text messages, with its country code.');
    expectFocused(phoneInput);
    expect(phoneInput.getAttribute('aria-invalid')).to.equal('true');
    // Correcting the number: the refusal goes at the first key.
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(alertText(el)).to.equal('');
    expect(phoneInput.getAttribute('aria-invalid')).to.not.equal('true');

    const phone = freshPhone();
    await typeInto(phoneInput, `${phone.slice(0, 3)} ${phone.slice(3, 5)} ${phone.slice(5)}`);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => codeInput(el), 'no code step');
    await el.updateComplete;
    expect(textOf(el.querySelector('[role="status"]'))).to.equal(`We have sent a 6-digit code to ${phone}. Enter it below.`);
    expectFocused(codeInput(el));
    const resend = [...el.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes('Resend code'));
    expect(textOf(resend)).to.match(/^Resend code \(in \d+ s\)$/);
    expect(button(el, 'Use another number')).to.exist;
    await expect(el).to.be.accessible();

    // A wrong code, then the next typed over it: "not correct" goes with the first digit.
    const texted = (await readTextedCode(phone)).code;
    const wrongCode = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(codeInput(el), texted === '000000' ? '111111' : '000000');
    await sendKeys({ press: 'Enter' });
    expect((await wrongCode).detail.code).to.equal('invalid_code');
    await el.updateComplete;
    expect(alertText(el)).to.not.equal('');
    expect(codeInput(el)?.getAttribute('aria-invalid')).to.equal('true');
    await typeInto(codeInput(el), texted.slice(0, 1));
    await el.updateComplete;
    expect(alertText(el)).to.equal('');
    expect(codeInput(el)?.getAttribute('aria-invalid')).to.not.equal('true');

    const changed = oneEvent(el, 'portico-security-changed') as Promise<CustomEvent<SecurityChangedDetail>>;
    await typeInto(codeInput(el), texted);
    await sendKeys({ press: 'Enter' });
    const { detail } = await changed;
    expect(detail.change).to.equal('mfa_enabled');
    expect(detail.security?.sms?.phone).to.equal(phone);
  });

  it('during sign-in (a challenge): a sign-in that expired asks its owner to start over', async () => {
    const el = await fixture<PorticoMfaSetup>(
      html`<portico-mfa-setup challenge="expired-challenge-0123456789abcdef" .methods=${['totp', 'sms']}></portico-mfa-setup>`,
    );
    expect(textOf(el.querySelector('p'))).to.equal('Your account needs 2-step verification. Set it up to finish signing in.');
    expect(button(el, 'Back to sign in')).to.exist;
    await expect(el).to.be.accessible();
    const navigate = oneEvent(el, 'portico-navigate') as Promise<CustomEvent<NavigateDetail>>;
    await press(el, 'Authenticator app (advised)');
    const { detail } = await navigate;
    expect(detail.to).to.equal('sign-in');
    expect(detail.error?.code).to.equal('mfa_expired');
  });
});
