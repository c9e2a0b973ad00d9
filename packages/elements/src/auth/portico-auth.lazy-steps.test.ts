import { expect, fixture, html } from '@open-wc/testing';
import { seedUser, unreachableApi } from '../../../../test/support/seed-user.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import { button, findButton, heading, message, waitUntil } from '../test-helpers.ts';

// <portico-auth>'s first download is its sign-in form: its logic loads beside it, at once. The later steps' elements are
// not part of either: each is loaded when its step comes, and the ones the policy can lead to are fetched once the page
// is idle. Nothing else in this file imports them.

/** The elements of the later steps, in the chunk `<portico-auth>` loads (see `sign-in-steps.ts`). */
const stepTags = ['portico-forgot-password', 'portico-set-password', 'portico-signup', 'portico-mfa', 'portico-account-picker'];

describe('<portico-auth> loads its logic beside the form, and later steps when they come', () => {
  it('shows the sign-in form before its logic has loaded, and sends a sign-in submitted meanwhile once it has', async () => {
    const { email, password } = await seedUser('first-render');
    // The logic is a module of its own (`auth-flow.ts`), fetched once the element is created. Nothing on this page
    // has loaded it yet: this test runs first in its file, and each file has a page of its own.
    const logicFetched = (): boolean => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/auth/auth-flow.ts'));
    expect(logicFetched(), 'the logic was loaded before the element was created').to.equal(false);
    const el = document.createElement('portico-auth');
    document.body.append(el);
    try {
      // Lit renders within microtasks; the logic comes over the network, later.
      const submit = (): HTMLButtonElement | undefined => findButton(el, 'Sign in');
      for (let turn = 0; turn < 100 && !submit(); turn++) await Promise.resolve();
      expect(heading(el)).to.equal('Sign in');
      expect(submit(), 'no sign-in form before the logic came').to.not.equal(undefined);
      el.querySelector<HTMLInputElement>('input[autocomplete~="username"]')!.value = email;
      el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]')!.value = password;
      submit()!.click();
      expect(logicFetched(), 'the logic came before the form was submitted: this test would prove nothing').to.equal(false);
      await el.updateComplete;
      // The form shows the sign-in under way while it waits (a second submit is ignored), then the sign-in is sent.
      await waitUntil(() => heading(el) === 'Signed in', 'the sign-in submitted before the logic came was not sent');
      expect(message(el)?.textContent).to.include(email);
      // The policy was asked for once, however many parts of the page wanted it.
      expect(performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/api/config')).to.have.length(1);
    } finally {
      el.remove();
    }
  });

  it('shows the sign-in form without any later step, and loads a step the moment it is moved to', async () => {
    // Without the policy (the API cannot be reached) nothing is fetched at idle: what is defined is what the sign-in
    // form brought.
    const el = await fixture<PorticoAuth>(html`<portico-auth api=${unreachableApi}></portico-auth>`);
    expect(el.querySelector('portico-login-form input[autocomplete~="username"]')).to.not.equal(null);
    expect(stepTags.filter((tag) => customElements.get(tag) !== undefined)).to.deep.equal([]);

    button(el, 'Forgot password?').click();
    await el.updateComplete;
    expect(heading(el)).to.equal('Reset your password');
    const email = el.querySelector<HTMLInputElement>('portico-forgot-password input[autocomplete~="username"]');
    expect(email, 'the reset form, upgraded').to.not.equal(null);
    expect(document.activeElement).to.equal(email);
  });

  it('fetches the steps the policy can lead to once the page is idle', async () => {
    await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await waitUntil(() => stepTags.every((tag) => customElements.get(tag) !== undefined), 'the later steps were not fetched at idle', {
      timeout: 5000,
    });
  });
});
