import { createPorticoClient, PorticoApiError } from '@portico/client';
import type { PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedUser, unreachableApi } from '../../../../test/support/seed-user.ts';
import { clientFor } from '../api/api.ts';
import { freshPersonalNumber } from '../bankid-test-support.ts';
import '../profile/portico-profile.ts';
import type { PorticoProfile } from '../profile/portico-profile.ts';
import { button, expectFocused, findButton, textOf, typeInto, waitUntil } from '../test-helpers.ts';
import type { PersonalNumberChangedDetail, PorticoPersonalNumber } from './portico-personal-number.ts';
import './portico-personal-number.ts';

// "My details": the personnummer BankID signs in with (leasing portal), against the real server (BankID on).

const client = createPorticoClient();

const input = (el: Element) => el.querySelector<HTMLInputElement>('input[name="personal-number"]');
const notice = (el: Element) => el.querySelector<HTMLElement>('p[role="status"][tabindex]');
const alertText = (el: Element) => textOf(el.querySelector('portico-personal-number portico-alert'));
const paragraphs = (el: Element) => [...el.querySelectorAll('p:not([role])')].map((p) => textOf(p));

async function loaded(el: PorticoPersonalNumber): Promise<void> {
  await waitUntil(() => input(el), 'the section did not load', { timeout: 5000 });
  await el.updateComplete;
}

async function signedIn(name: string) {
  const seeded = await seedUser(name);
  await client.signIn({ identifier: seeded.email, password: seeded.password });
  return seeded;
}

describe('<portico-personal-number>', () => {
  afterEach(() => client.signOut().catch(() => undefined));

  it('refuses an invalid number before sending it, then saves a valid one (shown masked) and removes it', async function () {
    this.timeout(20_000);
    const { email } = await signedIn('personal-number');
    const el = await fixture<PorticoPersonalNumber>(html`<portico-personal-number heading-level="4" .email=${email}></portico-personal-number>`);
    await loaded(el);

    expect(textOf(el.querySelector('[role="heading"]'))).to.equal('Personnummer for BankID');
    expect(el.querySelector('[role="heading"]')?.getAttribute('aria-level')).to.equal('4');
    expect(paragraphs(el)).to.include('No personnummer added: BankID does not sign you in yet.');
    const field = input(el);
    expect(field?.getAttribute('inputmode')).to.equal('numeric');
    expect(field?.getAttribute('autocomplete')).to.equal('off');
    expect(textOf(el.querySelector('label'))).to.equal('Personnummer');
    // The format, right below the field, describes it.
    const described = (field?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => textOf(document.getElementById(id)));
    expect(described).to.include('YYYYMMDD-NNNN');
    await expect(el).to.be.accessible();

    // A typo in the check digit: caught here, nothing sent.
    const valid = freshPersonalNumber();
    const typo = `${valid.slice(0, 8)}-${valid.slice(8, 11)}${(Number(valid[11]) + 1) % 10}`;
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(field, typo);
    await sendKeys({ press: 'Enter' });
    const text = 'This is not a valid personnummer. Check the digits and enter it as YYYYMMDD-NNNN.';
    expect((await failed).detail).to.deep.equal({ code: 'invalid_personal_number', message: text });
    await el.updateComplete;
    expect(alertText(el)).to.equal(text);
    expect(input(el)?.value).to.equal(typo);
    expect(input(el)?.getAttribute('aria-invalid')).to.equal('true');
    expectFocused(input(el));
    expect((await client.getPersonalNumber()).personalNumber).to.equal(null);
    await expect(el).to.be.accessible();
    // Correcting it: the error goes as the field is edited.
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(alertText(el)).to.equal('');
    expect(input(el)?.getAttribute('aria-invalid')).to.not.equal('true');

    const changed = oneEvent(el, 'portico-personal-number-changed') as Promise<CustomEvent<PersonalNumberChangedDetail>>;
    await typeInto(input(el), `${valid.slice(0, 8)}-${valid.slice(8)}`);
    await sendKeys({ press: 'Enter' });
    const { detail } = await changed;
    await el.updateComplete;

    expect(detail.personalNumber?.masked).to.match(new RegExp(`^${valid.slice(0, 8)}`));
    expect(detail.personalNumber?.masked).to.not.include(valid.slice(8));
    expect(textOf(notice(el))).to.equal('Your personnummer has been saved. You can now sign in with BankID.');
    expectFocused(notice(el));
    expect(paragraphs(el)).to.include(`Your personnummer: ${detail.personalNumber?.masked}`);
    expect(alertText(el)).to.equal('');
    expect(input(el)?.value).to.equal('');
    expect(input(el)?.getAttribute('aria-invalid')).to.equal('false');
    await expect(el).to.be.accessible();

    const removed = oneEvent(el, 'portico-personal-number-changed') as Promise<CustomEvent<PersonalNumberChangedDetail>>;
    button(el, 'Remove personnummer').focus();
    await sendKeys({ press: 'Enter' });
    expect((await removed).detail.personalNumber).to.equal(null);
    await el.updateComplete;
    expect(textOf(notice(el))).to.equal('Your personnummer has been removed. BankID no longer signs you in.');
    expect(paragraphs(el)).to.include('No personnummer added: BankID does not sign you in yet.');
    expect(findButton(el, 'Remove personnummer')).to.equal(undefined);
  });

  it('does not keep "saved" beside an error that follows it', async function () {
    this.timeout(20_000);
    const { email } = await signedIn('personal-number-notice');
    const el = await fixture<PorticoPersonalNumber>(html`<portico-personal-number .email=${email}></portico-personal-number>`);
    await loaded(el);
    const saved = oneEvent(el, 'portico-personal-number-changed');
    await typeInto(input(el), freshPersonalNumber());
    await sendKeys({ press: 'Enter' });
    await saved;
    await el.updateComplete;
    expect(textOf(notice(el))).to.equal('Your personnummer has been saved. You can now sign in with BankID.');

    // The server out of reach when "Remove" is pressed.
    el.api = unreachableApi;
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    button(el, 'Remove personnummer').focus();
    await sendKeys({ press: 'Enter' });
    await failed;
    await el.updateComplete;
    expect(alertText(el)).to.include('could not be reached');
    expect(textOf(notice(el))).to.equal('');
  });

  it('says so when another login has the personnummer', async function () {
    this.timeout(20_000);
    const taken = freshPersonalNumber();
    await signedIn('personal-number-first');
    await client.setPersonalNumber({ personalNumber: taken });
    await client.signOut();
    const { email } = await signedIn('personal-number-second');
    const el = await fixture<PorticoPersonalNumber>(html`<portico-personal-number .email=${email}></portico-personal-number>`);
    await loaded(el);

    await typeInto(input(el), taken);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => alertText(el) !== '', 'no error shown');
    expect(alertText(el)).to.equal('Another login already has this personnummer.');
    expect(input(el)?.value).to.equal(taken);
    expectFocused(input(el));
  });

  it('asks for the password when the server wants it, then saves', async function () {
    this.timeout(20_000);
    const { email, password } = await signedIn('personal-number-reauth');
    const el = await fixture<PorticoPersonalNumber>(html`<portico-personal-number .email=${email}></portico-personal-number>`);
    await loaded(el);
    // The sign-in is fresh, so the server would not ask: it asks once here, as it would after a while.
    const api = clientFor('');
    const original = api.setPersonalNumber;
    let calls = 0;
    api.setPersonalNumber = (request) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new PorticoApiError(403, 'reauth_required', 'Confirm your password first.'));
      return original.call(api, request);
    };
    try {
      const valid = freshPersonalNumber();
      await typeInto(input(el), valid);
      await sendKeys({ press: 'Enter' });
      const passwordInput = () => el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]');
      await waitUntil(passwordInput, 'no password prompt');
      await el.updateComplete;
      expectFocused(passwordInput());
      expect(input(el)).to.equal(null);
      await expect(el).to.be.accessible();

      const changed = oneEvent(el, 'portico-personal-number-changed') as Promise<CustomEvent<PersonalNumberChangedDetail>>;
      await typeInto(passwordInput(), password);
      await sendKeys({ press: 'Enter' });
      expect((await changed).detail.personalNumber?.masked).to.match(new RegExp(`^${valid.slice(0, 8)}`));
      expect(calls).to.equal(2);
      await el.updateComplete;
      expect(textOf(notice(el))).to.equal('Your personnummer has been saved. You can now sign in with BankID.');
    } finally {
      api.setPersonalNumber = original;
    }
  });

  it('is a section of <portico-profile> where BankID is offered', async function () {
    this.timeout(20_000);
    const { user } = await signedIn('personal-number-profile');
    const el = await fixture<PorticoProfile>(html`<portico-profile .user=${user}></portico-profile>`);
    const section = () => el.querySelector('portico-personal-number');
    await waitUntil(() => section()?.querySelector('input'), 'no personnummer section', { timeout: 5000 });
    expect(textOf(section()?.querySelector('[role="heading"]'))).to.equal('Personnummer for BankID');
    expect(section()?.querySelector('[role="heading"]')?.getAttribute('aria-level')).to.equal('3');
  });
});
