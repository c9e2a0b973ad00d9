import { expect, fixture, html } from '@open-wc/testing';
import { unreachableApi } from '../../../../test/support/seed-user.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import { button, heading, waitUntil } from '../test-helpers.ts';

// The later steps' elements are not part of <portico-auth>'s first download: each is loaded when its step comes, and
// the ones the policy can lead to are fetched once the page is idle. Nothing else in this file imports them.

/** The elements of the later steps, in the chunk `<portico-auth>` loads (see `sign-in-steps.ts`). */
const stepTags = ['portico-forgot-password', 'portico-set-password', 'portico-signup', 'portico-mfa', 'portico-account-picker'];

describe('<portico-auth> loads later steps when they come', () => {
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
