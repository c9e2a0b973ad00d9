import { createPorticoClient } from '@portico/client';
import type { PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readMailedCode, readTextedCode, totpCode } from '../../../client/src/test-support.ts';
import { seedUser } from '../../../../test/support/seed-user.ts';
import { expectMfaStep, signedInWithTotp } from '../mfa-test-support.ts';
import type { SecurityChangedDetail } from '../shared-events.ts';
import type { PorticoSecurity } from './portico-security.ts';
import './portico-security.ts';
import {
  button,
  expectFocused,
  findButton,
  freshEmail,
  freshPhone,
  licensingApi,
  licensingServerReady,
  textOf,
  typeInto,
  whileOffline,
  waitUntil,
} from '../test-helpers.ts';

// Against the real servers, signed in through the client.

const client = createPorticoClient();

const headings = (el: Element) => [...el.querySelectorAll('[role="heading"]')].map((h) => `${h.getAttribute('aria-level')} ${textOf(h)}`);
const notice = (el: Element) => el.querySelector<HTMLElement>('[role="status"][tabindex]');
const alertText = (el: Element) => textOf(el.querySelector('portico-security > portico-alert'));

async function press(el: Element, text: string): Promise<void> {
  button(el, text).focus();
  await sendKeys({ press: 'Enter' });
}

async function loaded(el: PorticoSecurity): Promise<void> {
  await waitUntil(() => !el.querySelector('portico-spinner'), 'the section did not load');
  await el.updateComplete;
}

describe('<portico-security>', () => {
  before(async function () {
    this.timeout(60_000);
    await licensingServerReady();
  });

  after(() => client.signOut());

  it('says when the settings cannot be read, announces it, and reads them on "Try again"', async function () {
    this.timeout(20_000);
    const { email, password } = await seedUser('security-offline');
    await client.signIn({ identifier: email, password });
    await whileOffline(async ({ announced, online }) => {
      const el = await fixture<PorticoSecurity>(html`<portico-security .email=${email}></portico-security>`);
      await waitUntil(() => announced.length > 0, 'no portico-error');
      expect(announced.map(({ detail }) => detail.code)).to.deep.equal(['network_error']);
      await el.updateComplete;
      expect(alertText(el)).to.include('could not be reached');

      online();
      await press(el, 'Try again');
      await loaded(el);
      expect(alertText(el)).to.equal('');
      expect(textOf(el.querySelector('p:not([role])'))).to.include('2-step verification is off.');
    });
  });

  it('turns 2-step verification on with the app, then offers recovery and to sign out other sessions', async function () {
    this.timeout(30_000);
    const { email, password } = await seedUser('security-on');
    // Another session of the same user, e.g. on a phone: a sign-in whose cookie this browser does not keep.
    const elsewhere = createPorticoClient({ fetch: (input, init) => fetch(input, { ...init, credentials: 'omit' }) });
    await elsewhere.signIn({ identifier: email, password });
    await client.signIn({ identifier: email, password });
    const el = await fixture<PorticoSecurity>(html`<portico-security heading-level="4" .email=${email}></portico-security>`);
    await loaded(el);

    expect(textOf(el.querySelector('p:not([role])'))).to.equal('2-step verification is off. Turn it on, so that signing in also needs a code from your phone.');
    // Passkeys are on in the default server's policy: their list shows whether 2-step verification is on or off.
    expect(headings(el)).to.deep.equal(['4 Passkeys']);
    await expect(el).to.be.accessible();

    await press(el, 'Enable 2-step verification');
    await waitUntil(() => findButton(el, 'Authenticator app (advised)'), 'no choice of methods');
    expectFocused(el.querySelector('portico-mfa-setup p'));
    await press(el, 'Authenticator app (advised)');
    await waitUntil(() => el.querySelector('portico-mfa-setup code'), 'no key');
    const secret = textOf(el.querySelector('portico-mfa-setup code')).replaceAll(' ', '');
    const changed = oneEvent(el, 'portico-security-changed') as Promise<CustomEvent<SecurityChangedDetail>>;
    await typeInto(el.querySelector('input[autocomplete="one-time-code"]'), await totpCode(secret));
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail.change).to.equal('mfa_enabled');
    await waitUntil(() => textOf(notice(el)) !== '', 'no notice');
    await el.updateComplete;

    expect(textOf(notice(el))).to.equal('2-step verification is on. Add a recovery phone number or recovery codes, in case you lose your phone.');
    expectFocused(notice(el));
    expect(el.querySelector('portico-mfa-setup')).to.equal(null);
    expect(textOf(el.querySelector('li p'))).to.match(/^Authenticator app, since .+$/);
    expect(headings(el)).to.deep.equal(['4 Recovery phone number', '4 Recovery codes', '4 Trusted devices', '4 Passkeys']);
    expect(textOf(el.querySelector('portico-recovery-codes p'))).to.include('Recovery codes let you sign in');
    expect(findButton(el, 'Add another method')).to.exist;
    await expect(el).to.be.accessible();

    // The other session still holds the old settings: sign it out.
    await press(el, 'Sign out other sessions');
    await waitUntil(() => textOf(notice(el)).startsWith('Other sessions'), 'no sign-out notice');
    expect(textOf(notice(el))).to.equal('Other sessions were signed out (1).');
    expect(findButton(el, 'Sign out other sessions')).to.equal(undefined);
    expect(await client.getSession()).to.not.equal(null, 'this session stays');

    // New recovery codes keep the focus where they are shown; the section only refreshes its count.
    await press(el, 'Generate codes');
    await waitUntil(() => el.querySelector('portico-recovery-codes ol'), 'no codes');
    await el.updateComplete;
    expectFocused(el.querySelector('portico-recovery-codes [role="status"]'));
    expect(textOf(notice(el))).to.match(/^Other sessions were signed out/);

    // "Cancel" on an opened setup returns to the button that opened it.
    await press(el, 'Add another method');
    await waitUntil(() => el.querySelector('portico-mfa-setup input[type="tel"]'), 'no SMS setup');
    expectFocused(el.querySelector('portico-mfa-setup input[type="tel"]'));
    await press(el, 'Cancel');
    await el.updateComplete;
    expectFocused(button(el, 'Add another method'));
  });

  it('disables it after confirming with the password', async function () {
    this.timeout(30_000);
    const { email, password } = await signedInWithTotp('security-off', client);
    const el = await fixture<PorticoSecurity>(html`<portico-security .email=${email}></portico-security>`);
    await loaded(el);
    expect(textOf(el.querySelector('p:not([role])'))).to.equal('2-step verification is on.');

    const disable = button(el, 'Disable');
    expect(textOf(document.getElementById(disable.getAttribute('aria-describedby')!))).to.match(/^Authenticator app, since/);
    await press(el, 'Disable');
    await el.updateComplete;
    const passwordInput = el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]')!;
    expect(textOf(el.querySelector('form p'))).to.equal('Disabling 2-step verification makes your account less secure. Enter your password to confirm.');
    expect(el.querySelector<HTMLInputElement>('input[autocomplete~="username"]')?.value).to.equal(email);
    expectFocused(passwordInput);
    await expect(el).to.be.accessible();

    // "Cancel" returns to the button, nothing changed.
    await press(el, 'Cancel');
    await el.updateComplete;
    expectFocused(button(el, 'Disable'));
    await press(el, 'Disable');
    await el.updateComplete;

    // A wrong password is refused in place.
    const refused = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), 'not the password');
    await sendKeys({ press: 'Enter' });
    expect((await refused).detail.code).to.equal('invalid_credentials');
    await el.updateComplete;
    expect(textOf(el.querySelector('form [role="alert"]'))).to.equal('The password is incorrect.');
    expectFocused(el.querySelector('input[autocomplete="current-password"]'));
    // Retyping it: the error, and the field's invalid mark, go at the first key.
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(textOf(el.querySelector('form [role="alert"]'))).to.equal('');
    expect(el.querySelector('input[autocomplete="current-password"]')?.getAttribute('aria-invalid')).to.not.equal('true');

    const changed = oneEvent(el, 'portico-security-changed') as Promise<CustomEvent<SecurityChangedDetail>>;
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
    await sendKeys({ press: 'Enter' });
    const { detail } = await changed;
    expect(detail.change).to.equal('mfa_disabled');
    expect(detail.security?.totp).to.equal(null);
    await el.updateComplete;
    expect(textOf(notice(el))).to.equal('2-step verification has been disabled.');
    expectFocused(notice(el));
    expect(textOf(el.querySelector('p:not([role])'))).to.match(/^2-step verification is off\./);
    expect(findButton(el, 'Sign out other sessions')).to.exist;

    // Turning it on again, a number that cannot take texts: the old notice does not stand beside the new error.
    await press(el, 'Enable 2-step verification');
    await waitUntil(() => findButton(el, 'Text message (SMS)'), 'no choice of methods');
    await press(el, 'Text message (SMS)');
    await waitUntil(() => el.querySelector('portico-mfa-setup input[type="tel"]'), 'no phone field');
    const phoneRefused = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(el.querySelector('portico-mfa-setup input[type="tel"]'), '12345');
    await sendKeys({ press: 'Enter' });
    expect((await phoneRefused).detail.code).to.equal('invalid_phone');
    await el.updateComplete;
    expect(textOf(el.querySelector('portico-mfa-setup [role="alert"]'))).to.not.equal('');
    expect(textOf(notice(el))).to.equal('');
  });

  it('turns off one of two methods by name, and says what still works when it is turned on again', async function () {
    this.timeout(45_000);
    const { email, password } = await signedInWithTotp('security-two', client);
    const phone = freshPhone();
    // As people write a Swedish mobile number: +46 70 123 45 67.
    const shown = `${phone.slice(0, 3)} ${phone.slice(3, 5)} ${phone.slice(5, 8)} ${phone.slice(8, 10)} ${phone.slice(10)}`;
    const recovery = freshPhone();
    const recoveryShown = `${recovery.slice(0, 3)} ${recovery.slice(3, 5)} ${recovery.slice(5, 8)} ${recovery.slice(8, 10)} ${recovery.slice(10)}`;
    await client.startSmsSetup({ phone });
    await client.confirmSmsSetup({ code: (await readTextedCode(phone)).code });
    await client.addRecoveryPhone({ phone: recovery });
    await client.confirmRecoveryPhone({ code: (await readTextedCode(recovery)).code });
    await client.generateRecoveryCodes();
    const el = await fixture<PorticoSecurity>(html`<portico-security .email=${email}></portico-security>`);
    await loaded(el);
    const status = () => textOf(el.querySelector('p:not([role]):not([id])'));

    expect([...el.querySelectorAll('li p')].map(textOf)).to.satisfy((lines: string[]) =>
      lines.some((line) => line.startsWith(`Text messages to ${shown}, since `)),
    );
    expect([...el.querySelectorAll('p')].some((p) => textOf(p).startsWith(`${recoveryShown}, verified `))).to.equal(true);

    // The texts go: the question names them, and 2-step verification, still on with the app, is not said to be off.
    const smsLine = [...el.querySelectorAll('li')].find((li) => textOf(li).startsWith('Text messages'))!;
    smsLine.querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(textOf(el.querySelector('form p'))).to.equal(`Turn off text messages to ${shown}? Enter your password to confirm.`);
    el.lang = 'sv';
    await waitUntil(() => textOf(el.querySelector('form p')).startsWith('Vill'), 'not in Swedish');
    expect(textOf(el.querySelector('form p'))).to.equal(`Vill du stänga av sms till ${shown}? Ange ditt lösenord för att bekräfta.`);
    el.lang = 'en';
    await waitUntil(() => textOf(el.querySelector('form p')).startsWith('Turn'), 'not in English');
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(notice(el)) !== '', 'no notice');
    await el.updateComplete;
    expect(textOf(notice(el))).to.equal(`Text messages to ${shown} have been turned off.`);
    expect(status()).to.equal('2-step verification is on.');
    expect(el.textContent).to.not.include('has been disabled');
    el.lang = 'sv';
    await waitUntil(() => textOf(notice(el)).startsWith('Sms'), 'not in Swedish');
    expect(textOf(notice(el))).to.equal(`Sms till ${shown} är avstängda.`);
    el.lang = 'en';
    await waitUntil(() => textOf(notice(el)).startsWith('Text'), 'not in English');

    // "Sign out other sessions" is offered, but as a secondary action; with nobody else signed in there is no "(0)".
    expect(button(el, 'Sign out other sessions').closest('portico-button')?.getAttribute('variant')).to.equal('text');
    await press(el, 'Sign out other sessions');
    await waitUntil(() => textOf(notice(el)) === 'No other sessions were signed in.', 'no sign-out notice');
    expect(el.textContent).to.not.include('(0)');
    el.lang = 'sv';
    await waitUntil(() => textOf(notice(el)) === 'Inga andra sessioner var inloggade.', 'not in Swedish');
    el.lang = 'en';
    await waitUntil(() => textOf(notice(el)) === 'No other sessions were signed in.', 'not in English');

    // The app goes too: now it is off.
    await press(el, 'Disable');
    await el.updateComplete;
    expect(textOf(el.querySelector('form p'))).to.equal('Disabling 2-step verification makes your account less secure. Enter your password to confirm.');
    await typeInto(el.querySelector('input[autocomplete="current-password"]'), password);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(notice(el)) === '2-step verification has been disabled.', 'not disabled');

    // On again: the recovery phone and codes set up before still work, and that is what it says, not the advice.
    await press(el, 'Enable 2-step verification');
    await waitUntil(() => findButton(el, 'Authenticator app (advised)'), 'no choice of methods');
    await press(el, 'Authenticator app (advised)');
    await waitUntil(() => el.querySelector('portico-mfa-setup code'), 'no key');
    const secret = textOf(el.querySelector('portico-mfa-setup code')).replaceAll(' ', '');
    await typeInto(el.querySelector('input[autocomplete="one-time-code"]'), await totpCode(secret));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(notice(el)).startsWith('2-step verification is on'), 'not on again');
    expect(textOf(notice(el))).to.equal(`2-step verification is on. Your recovery phone ${recoveryShown} and your recovery codes still work.`);
    el.lang = 'sv';
    await waitUntil(() => textOf(notice(el)).startsWith('Tvåsteg'), 'not in Swedish');
    expect(textOf(notice(el))).to.equal(`Tvåstegsverifiering är på. Ditt reservnummer ${recoveryShown} och dina reservkoder fungerar fortfarande.`);
  });

  it('advises a recovery phone or codes only while there are neither', async function () {
    this.timeout(30_000);
    const { email } = await signedInWithTotp('security-codes', client);
    await client.generateRecoveryCodes();
    const el = await fixture<PorticoSecurity>(html`<portico-security .email=${email}></portico-security>`);
    await loaded(el);

    // A second method, with recovery codes already there.
    await press(el, 'Add another method');
    await waitUntil(() => el.querySelector('portico-mfa-setup input[type="tel"]'), 'no SMS setup');
    const phone = freshPhone();
    await typeInto(el.querySelector('portico-mfa-setup input[type="tel"]'), phone);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.querySelector('input[autocomplete="one-time-code"]'), 'no code step');
    await typeInto(el.querySelector('input[autocomplete="one-time-code"]'), (await readTextedCode(phone)).code);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(notice(el)) !== '', 'no notice');
    expect(textOf(notice(el))).to.equal('2-step verification is on. Your recovery codes still work (10 left).');
    expect(el.textContent).to.not.include('Add a recovery phone number or recovery codes');
    el.lang = 'sv';
    await waitUntil(() => textOf(notice(el)).startsWith('Tvåsteg'), 'not in Swedish');
    expect(textOf(notice(el))).to.equal('Tvåstegsverifiering är på. Dina reservkoder fungerar fortfarande (10 kvar).');
  });

  it('adds a recovery phone number by a texted code, and removes it', async function () {
    this.timeout(30_000);
    const { email } = await signedInWithTotp('security-phone', client);
    const el = await fixture<PorticoSecurity>(html`<portico-security .email=${email}></portico-security>`);
    await loaded(el);

    await press(el, 'Add recovery phone number');
    await el.updateComplete;
    const phoneInput = el.querySelector<HTMLInputElement>('portico-mfa-setup input[type="tel"]')!;
    await waitUntil(() => document.activeElement === phoneInput, 'the phone input did not take the focus');
    expect(phoneInput.autocomplete).to.equal('tel');
    expect(textOf(el.querySelector('portico-mfa-setup form p'))).to.equal('We will send a code to this number to check it.');
    await expect(el).to.be.accessible();

    const phone = freshPhone();
    await typeInto(phoneInput, phone);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.querySelector('input[autocomplete="one-time-code"]'), 'no code step');
    await typeInto(el.querySelector('input[autocomplete="one-time-code"]'), (await readTextedCode(phone)).code);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => textOf(notice(el)) === 'Your recovery phone number has been added.', 'not added');
    await el.updateComplete;
    expectFocused(notice(el));
    // Shown as people write it (+46 70 123 45 67), not as stored.
    const shown = `${phone.slice(0, 3)} ${phone.slice(3, 5)} ${phone.slice(5, 8)} ${phone.slice(8, 10)} ${phone.slice(10)}`;
    expect([...el.querySelectorAll('p')].some((p) => textOf(p).startsWith(`${shown}, verified `))).to.equal(true);
    expect((await client.getSecurity()).recoveryPhone?.phone).to.equal(phone);

    await press(el, 'Remove recovery phone number');
    await waitUntil(() => textOf(notice(el)) === 'Your recovery phone number has been removed.', 'not removed');
    expect(findButton(el, 'Add recovery phone number')).to.exist;
    expect((await client.getSecurity()).recoveryPhone).to.equal(null);
  });

  it('lists this browser once trusted, and revokes it', async function () {
    this.timeout(30_000);
    const user = await signedInWithTotp('security-device', client);
    await client.signOut();
    const step = expectMfaStep(await client.signIn({ identifier: user.email, password: user.password }));
    await client.verifyMfa({ challenge: step.challenge, channel: 'totp', code: await totpCode(user.secret, { steps: 1 }), trustDevice: true });
    const el = await fixture<PorticoSecurity>(html`<portico-security></portico-security>`);
    await loaded(el);

    const device = el.querySelector('ul:last-of-type li');
    expect(textOf(device?.querySelector('p'))).to.match(/\(this browser\)$/);
    expect(textOf(device?.querySelector('p:nth-of-type(2)'))).to.match(/^Last used .+, trusted until .+$/);
    const revoke = button(el, 'Revoke');
    expect(textOf(document.getElementById(revoke.getAttribute('aria-describedby')!))).to.match(/\(this browser\)$/);
    await expect(el).to.be.accessible();

    await press(el, 'Revoke');
    await waitUntil(() => textOf(notice(el)).startsWith('The device is no longer trusted'), 'not revoked');
    expect(findButton(el, 'Revoke')).to.equal(undefined);
    expect([...el.querySelectorAll('p')].some((p) => textOf(p).startsWith('No trusted devices.'))).to.equal(true);
    expect(findButton(el, 'Sign out other sessions')).to.equal(undefined, 'revoking a device changes no factor');
  });

  it('licensing: says a code is e-mailed at every sign-in, with nothing to set up', async function () {
    this.timeout(30_000);
    const email = freshEmail('security-mail');
    const password = `Licensing-${crypto.randomUUID().slice(0, 8)}-7!`;
    await fetch(`${licensingApi}/__test__/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const licensing = createPorticoClient({ baseUrl: licensingApi });
    const step = expectMfaStep(await licensing.signIn({ identifier: email, password }));
    const { code } = await readMailedCode(email, { api: licensingApi });
    await licensing.verifyMfa({ challenge: step.challenge, channel: 'email', code });
    const el = await fixture<PorticoSecurity>(html`<portico-security api=${licensingApi}></portico-security>`);
    await loaded(el);

    expect(textOf(el.querySelector('p:not([role])'))).to.equal('A code is e-mailed to you at every sign-in. There is nothing to set up.');
    expect(el.querySelectorAll('button')).to.have.length(0);
    await expect(el).to.be.accessible();
    await licensing.signOut();
  });

  it('says so when nobody is signed in', async () => {
    await client.signOut();
    const el = await fixture<PorticoSecurity>(html`<portico-security></portico-security>`);
    await waitUntil(() => findButton(el, 'Try again'), 'no retry');
    expect(alertText(el)).to.equal('Your session has ended. Sign in again.');
    await expect(el).to.be.accessible();
  });
});
