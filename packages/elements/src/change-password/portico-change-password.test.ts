import { createPorticoClient } from '@portico/client';
import type { PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedUser } from '../../../../test/support/seed-user.ts';
import type { PasswordChangedDetail, PorticoChangePassword } from './portico-change-password.ts';
import './portico-change-password.ts';
import { textOf, typeInto, waitUntil } from '../test-helpers.ts';

// Against the real server (proxied same-origin by web-test-runner.config.mjs): a seeded user signs in first.

const client = createPorticoClient();

async function signedIn(name: string) {
  const seeded = await seedUser(name);
  await client.signIn({ identifier: seeded.email, password: seeded.password });
  return seeded;
}

async function changeForm(email = '') {
  const el = await fixture<PorticoChangePassword>(html`<portico-change-password .email=${email}></portico-change-password>`);
  // The rules come from GET /api/config; the checklist appears once they are there.
  await waitUntil(() => el.querySelector('[role="list"]'), 'no password checklist');
  const current = el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]');
  const next = el.querySelector<HTMLInputElement>('input[name="new-password"]');
  const confirm = el.querySelector<HTMLInputElement>('input[name="confirm-password"]');
  const alert = el.querySelector<HTMLElement>('form > [role="alert"]');
  if (!current || !next || !confirm || !alert) throw new Error('change-password form is incomplete');
  return { el, current, next, confirm, alert };
}

describe('<portico-change-password>', () => {
  after(() => client.signOut());

  it('renders current, new and confirm password inputs in a light-DOM form', async () => {
    const { el, current, next, confirm } = await changeForm('someone@example.test');

    expect(current.getRootNode()).to.equal(document);
    expect(current.labels?.[0]?.textContent?.trim()).to.equal('Current password');
    expect(next.autocomplete).to.equal('new-password');
    expect(confirm.autocomplete).to.equal('new-password');
    expect(el.querySelector<HTMLInputElement>('input[autocomplete~="username"]')?.value).to.equal('someone@example.test');
    expect(current.closest('form')?.getAttribute('aria-label')).to.equal('Change password');
    await expect(el).to.be.accessible();
  });

  it('announces a wrong current password and puts focus on it', async () => {
    await signedIn('change-wrong');
    const { el, current, next, confirm, alert } = await changeForm();

    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(current, 'not the password');
    await typeInto(next, 'Brand-New-Pass-42');
    await typeInto(confirm, 'Brand-New-Pass-42');
    await sendKeys({ press: 'Enter' });
    const event = await failed;

    expect(event.detail.code).to.equal('invalid_credentials');
    expect(alert.textContent?.trim()).to.equal('The current password is incorrect.');
    expect(document.activeElement).to.equal(current);
    expect(current.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    // Typing the password again: the refusal no longer describes what is in the field.
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(alert.textContent?.trim()).to.equal('');
    expect(current.getAttribute('aria-invalid')).to.not.equal('true');
  });

  it('shows the rules the server refused (same as the current one) and focuses the new password', async () => {
    const { password } = await signedIn('change-weak');
    const { el, current, next, confirm, alert } = await changeForm();

    const failed = oneEvent(el, 'portico-error');
    await typeInto(current, password);
    await typeInto(next, password);
    await typeInto(confirm, password);
    await sendKeys({ press: 'Enter' });
    await failed;

    expect(alert.textContent?.trim()).to.equal('Choose another password. It must meet: Different from your current password.');
    expect(el.querySelector('[role="list"]')?.textContent).to.include('Different from your current password');
    expect(document.activeElement).to.equal(next);
  });

  it('checks the confirmation before asking the server', async () => {
    await signedIn('change-mismatch');
    const { el, current, next, confirm } = await changeForm();
    await typeInto(current, 'whatever');
    await typeInto(next, 'Brand-New-Pass-42');
    await typeInto(confirm, 'Brand-New-Pass-43');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;

    expect(el.querySelector(`#${confirm.getAttribute('aria-describedby')}`)?.textContent?.trim()).to.equal('The passwords do not match.');
    expect(document.activeElement).to.equal(confirm);
  });

  it('changes the password: the form gives way to a confirmation, portico-password-changed, the new password signs in', async () => {
    const { email, password } = await signedIn('change-ok');
    // A second session of the same user elsewhere (its cookie not kept by this browser), which the change ends.
    const elsewhere = createPorticoClient({ fetch: (input, init) => fetch(input, { ...init, credentials: 'omit' }) });
    await elsewhere.signIn({ identifier: email, password });
    const { el, current, next, confirm } = await changeForm(email);

    const changed = oneEvent(el, 'portico-password-changed') as Promise<CustomEvent<PasswordChangedDetail>>;
    const newPassword = `Changed-${crypto.randomUUID().slice(0, 8)}x-5`;
    await typeInto(current, password);
    await typeInto(next, newPassword);
    await typeInto(confirm, newPassword);
    await sendKeys({ press: 'Enter' });
    const event = await changed;

    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.otherSessionsEnded).to.equal(1);
    await el.updateComplete;
    // Password managers take a form that leaves the DOM after its submit for a successful change.
    expect(el.querySelector('form')).to.equal(null);
    expect(current.isConnected).to.equal(false);
    const status = el.querySelector<HTMLElement>('[role="status"]');
    expect(textOf(status)).to.equal('Your password has been changed. Other sessions were signed out (1).');
    expect(document.activeElement).to.equal(status);
    await expect(el).to.be.accessible();
    el.lang = 'sv';
    await waitUntil(() => textOf(status).startsWith('Ditt'), 'not in Swedish');
    expect(textOf(status)).to.equal('Ditt lösenord är bytt. Dina andra sessioner har loggats ut (1).');
    expect(textOf(el.querySelector('button'))).to.equal('Byt det igen');
    el.lang = 'en';
    await waitUntil(() => textOf(el.querySelector('button')) === 'Change it again', 'not in English');

    // "Change it again" brings an empty form back, focused at its start.
    el.querySelector('button')!.click();
    await el.updateComplete;
    const again = el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]');
    expect(again?.value).to.equal('');
    expect(el.querySelector<HTMLInputElement>('input[name="new-password"]')?.value).to.equal('');
    expect(document.activeElement).to.equal(again);

    await client.signOut();
    expect((await client.signIn({ identifier: email, password: newPassword })).step).to.equal('done');
  });

  it('shows no "(0)" when no other session was signed in', async () => {
    const { email, password } = await signedIn('change-alone');
    const { el, current, next, confirm } = await changeForm(email);
    const changed = oneEvent(el, 'portico-password-changed');
    const newPassword = `Changed-${crypto.randomUUID().slice(0, 8)}-5`;
    await typeInto(current, password);
    await typeInto(next, newPassword);
    await typeInto(confirm, newPassword);
    await sendKeys({ press: 'Enter' });
    await changed;
    await el.updateComplete;

    expect(textOf(el.querySelector('[role="status"]'))).to.equal('Your password has been changed.');
    el.lang = 'sv';
    await waitUntil(() => textOf(el.querySelector('[role="status"]')) === 'Ditt lösenord är bytt.', 'not in Swedish');
  });
});
