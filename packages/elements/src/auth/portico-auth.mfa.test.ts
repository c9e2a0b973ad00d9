import { createPorticoClient } from '@portico/client';
import type { PorticoErrorDetail, SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { newestOutboxId, readMailedCode, readTextedCode, totpCode } from '../../../client/src/test-support.ts';
import type { PorticoMfa } from '../mfa/portico-mfa.ts';
import { signedInWithTotp } from '../mfa-test-support.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import {
  button,
  expectFocused,
  findButton,
  freshPhone,
  heading,
  licensingApi,
  licensingServerReady,
  message,
  seedLicensingUser,
  textOf,
  typeInto,
  waitUntil,
} from '../test-helpers.ts';

// The second step of signing in, against the real servers: the default one (preset `hosting`: app or SMS, "trust this
// device" for 30 days) and the licensing one (an e-mailed code at every sign-in).

const client = createPorticoClient();

const codeInput = (el: Element) => el.querySelector<HTMLInputElement>('portico-mfa input[autocomplete="one-time-code"]');
const status = (el: Element) => textOf(el.querySelector('portico-mfa [role="status"]'));
const alertText = (el: Element) => textOf(el.querySelector('portico-mfa [role="alert"]'));

/** Signs in with the keyboard as a user would, up to the second step. */
async function passwordStep(el: PorticoAuth, email: string, password: string): Promise<void> {
  await waitUntil(() => el.querySelector('input[autocomplete~="username"]'), 'no sign-in form');
  await typeInto(el.querySelector('input[autocomplete~="username"]'), email);
  await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => heading(el) === '2-step verification', 'no 2-step verification step');
  await el.updateComplete;
}

/** A 6-digit code the app does not show around now (neither the last, this nor the next time step's). */
async function wrongCode(secret: string): Promise<string> {
  const valid = await Promise.all([-1, 0, 1, 2].map((steps) => totpCode(secret, { steps })));
  for (let n = 0; ; n += 1) {
    const candidate = String((n * 111_111) % 1_000_000).padStart(6, '0');
    if (!valid.includes(candidate)) return candidate;
  }
}

describe('<portico-auth> 2-step verification', () => {
  before(async function () {
    this.timeout(60_000);
    await licensingServerReady();
  });

  after(() => client.signOut());

  it("asks for the app's code after the password, refuses a wrong one, then signs in and trusts this device", async function () {
    this.timeout(30_000);
    const user = await signedInWithTotp('auth-mfa-app', client);
    await client.signOut();
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await passwordStep(el, user.email, user.password);

    expect(status(el)).to.equal('Enter the 6-digit code from your authenticator app.');
    expectFocused(codeInput(el));
    const trust = el.querySelector<HTMLInputElement>('portico-mfa input[type="checkbox"]');
    expect(trust?.labels?.[0]?.textContent?.trim()).to.equal('Trust this device for 30 days');
    expect(trust?.checked).to.equal(false);
    expect(findButton(el, 'Resend code')).to.equal(undefined, 'nothing is sent for the app');
    await expect(el).to.be.accessible();

    // A wrong code: announced; the field keeps the focus, the code selected so the next one typed replaces it.
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(codeInput(el), await wrongCode(user.secret));
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('invalid_code');
    await el.updateComplete;
    expect(alertText(el)).to.equal('This code is not correct. Check it and try again.');
    const input = codeInput(el)!;
    expectFocused(input);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect([input.selectionStart, input.selectionEnd]).to.deep.equal([0, 6]);
    expect(heading(el)).to.equal('2-step verification');
    // The next code typed over it: the error goes with the first digit.
    await sendKeys({ type: '1' });
    await el.updateComplete;
    expect(alertText(el)).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.not.equal('true');

    // "Trust this device" ticked with the keyboard, then the right code: signed in.
    trust!.focus();
    await sendKeys({ press: 'Space' });
    expect(trust!.checked).to.equal(true);
    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(codeInput(el), await totpCode(user.secret, { steps: 1 }));
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(user.email);
    await el.updateComplete;
    expect(heading(el)).to.equal('Signed in');
    expect(message(el)?.textContent?.trim()).to.equal(`You are signed in as ${user.email}.`);

    // This browser is trusted now: the password alone signs in.
    await el.signOut();
    const again = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(el.querySelector('input[autocomplete~="username"]'), user.email);
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), user.password);
    await sendKeys({ press: 'Enter' });
    expect((await again).detail.user.email).to.equal(user.email);
    await el.updateComplete;
    expect(heading(el)).to.equal('Signed in');
    await el.signOut();
  });

  it('switches to a texted code by "Use another method", waits before resending, and takes a recovery code', async function () {
    this.timeout(30_000);
    const user = await signedInWithTotp('auth-mfa-switch', client);
    const phone = freshPhone();
    await client.startSmsSetup({ phone });
    await client.confirmSmsSetup({ code: (await readTextedCode(phone)).code });
    const { codes } = await client.generateRecoveryCodes();
    await client.signOut();
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const before = await newestOutboxId(phone);
    await passwordStep(el, user.email, user.password);
    expect(status(el)).to.equal('Enter the 6-digit code from your authenticator app.');

    // "Use another method" opens the other ways; the texted one sends a code at once.
    const other = button(el, 'Use another method');
    expect(other.getAttribute('aria-expanded')).to.equal('false');
    other.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(other.getAttribute('aria-expanded')).to.equal('true');
    const sms = [...el.querySelectorAll<HTMLButtonElement>('portico-mfa li button')].find((candidate) => candidate.textContent?.includes('Text message'));
    expect(textOf(sms)).to.match(/^Text message to \+46 [•\s]+\d\d$/);
    expect(textOf(sms)).to.not.include(phone.slice(3, -2), 'the number is masked');
    sms!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => status(el).startsWith('We have sent'), 'no code was sent');
    await el.updateComplete;
    expect(status(el)).to.match(/^We have sent a 6-digit code by text message to \+46 [•\s]+\d\d\.$/);
    expectFocused(codeInput(el));
    const resend = [...el.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes('Resend code'));
    expect(textOf(resend)).to.match(/^Resend code \(in \d+ s\)$/);
    expect(resend?.disabled).to.equal(true);
    await readTextedCode(phone, { after: before });
    await expect(el).to.be.accessible();

    // A recovery code instead (typed as people do: lower case, spaces for dashes).
    button(el, 'Use a recovery code').click();
    await el.updateComplete;
    const recovery = el.querySelector<HTMLInputElement>('portico-mfa input[name="recovery-code"]');
    expect(recovery?.labels?.[0]?.textContent?.trim()).to.equal('Recovery code');
    expectFocused(recovery);
    expect(status(el)).to.equal('Enter one of your recovery codes. Each code works once.');
    expect(codeInput(el)).to.equal(null);
    await expect(el).to.be.accessible();
    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(recovery, codes[3]!.toLowerCase().replaceAll('-', ' '));
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(user.email);
    expect((await client.getSecurity()).recoveryCodesLeft).to.equal(9);
    await el.signOut();
  });

  it('starts over with the reason when the sign-in under way has expired', async function () {
    this.timeout(30_000);
    const user = await signedInWithTotp('auth-mfa-expired', client);
    await client.signOut();
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await passwordStep(el, user.email, user.password);

    // As if the challenge had run out while the user looked for the phone.
    const mfa = el.querySelector<PorticoMfa>('portico-mfa')!;
    mfa.step = { ...mfa.step!, challenge: 'expired-challenge-0123456789abcdef' };
    await mfa.updateComplete;
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(codeInput(el), await totpCode(user.secret, { steps: 1 }));
    await sendKeys({ press: 'Enter' });
    const { detail } = await failed;
    expect(detail.code).to.equal('mfa_expired');
    expect(detail.message).to.equal('Signing in took too long. Sign in again.');
    await el.updateComplete;
    expect(heading(el)).to.equal('Sign in');
    expect(message(el)?.textContent?.trim()).to.equal('Signing in took too long. Sign in again.');
    expect(el.shadowRoot?.activeElement?.getAttribute('part')).to.equal('message');
    expect(el.querySelector<HTMLInputElement>('input[autocomplete~="username"]')?.value).to.equal(user.email);
    await expect(el).to.be.accessible();
  });

  it('licensing: an e-mailed code at every sign-in, with a resend after the wait', async function () {
    this.timeout(30_000);
    const { email, password } = await seedLicensingUser('auth-mfa-mail');
    const el = await fixture<PorticoAuth>(html`<portico-auth api=${licensingApi}></portico-auth>`);
    await passwordStep(el, email, password);

    const masked = `${email[0]}•••@example.test`;
    expect(status(el)).to.equal(`We have sent a 6-digit code to ${masked}.`);
    expectFocused(codeInput(el));
    expect(el.querySelector('portico-mfa input[type="checkbox"]')).to.equal(null, 'no device is trusted here');
    expect(findButton(el, 'Use another method')).to.equal(undefined);
    const first = await readMailedCode(email, { api: licensingApi });
    await expect(el).to.be.accessible();

    // The resend waits for the server's cooldown (a few seconds on this test server), then mails a new code.
    const resendButton = () => [...el.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes('Resend code'));
    expect(resendButton()?.disabled).to.equal(true);
    await waitUntil(() => resendButton()?.disabled === false, 'the resend stayed disabled', { timeout: 10_000 });
    expect(textOf(resendButton())).to.equal('Resend code');
    resendButton()!.click();
    const second = await readMailedCode(email, { api: licensingApi, after: first.messageId });
    await el.updateComplete;
    expectFocused(codeInput(el));

    const signedIn = oneEvent(el, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
    await typeInto(codeInput(el), second.code);
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.user.email).to.equal(email);
    await el.signOut();
  });
});
