import type { SignedInDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clientFor } from '../api/api.ts';
import { readMailedCode } from '../../../client/src/test-support.ts';
import { button, findButton, freshEmail, heading, licensingApi, licensingServerReady, seedLicensingUser, typeInto, waitUntil } from '../test-helpers.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';

// Reload, Back and Forward inside <portico-auth>. A reload is the element made anew in the same history entry (what
// a reload keeps: history.state and this tab's sessionStorage); Back and Forward are the browser's own.

/** Back or Forward, resolved once the element shows the step of the entry moved to. */
async function go(el: PorticoAuth, delta: -1 | 1, expectedHeading: string): Promise<void> {
  const moved = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
  history.go(delta);
  await moved;
  await waitUntil(() => heading(el) === expectedHeading, `expected "${expectedHeading}", saw "${heading(el)}"`);
  await el.updateComplete;
}

/** The element made again in this history entry, as after a reload. */
async function reload(el: PorticoAuth): Promise<PorticoAuth> {
  const api = el.api;
  el.remove();
  return fixture<PorticoAuth>(html`<portico-auth api=${api}></portico-auth>`);
}

const visibleInput = (el: PorticoAuth, selector: string) => el.querySelector<HTMLInputElement>(`${selector}:not([hidden])`);

describe('<portico-auth> reload, Back and Forward', () => {
  it('shows the sign-in form for an entry naming a step it does not have (left by an older version of the page)', async () => {
    // A live entry (its flow number is ahead of any ended flow) of a step no longer in the step table.
    history.replaceState({ portico: { shown: { step: 'retired_step' }, flow: Number.MAX_SAFE_INTEGER } }, '');
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    await el.updateComplete;
    expect(heading(el)).to.equal('Sign in');
    expect(el.querySelector('portico-login-form')).to.not.equal(null);
    history.replaceState(null, '');
  });

  it('Back from "Forgot password?" returns to the sign-in form, Forward to the reset form, which a reload keeps', async () => {
    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const entries = history.length;
    button(el, 'Forgot password?').click();
    await waitUntil(() => heading(el) === 'Reset your password');
    expect(history.length).to.equal(entries + 1);

    await go(el, -1, 'Sign in');
    expect(el.querySelector('portico-login-form')).to.not.equal(null);
    // The focus goes to the form shown, not to <body>.
    expect(document.activeElement).to.equal(el.querySelector('input[autocomplete~="username"]'));

    await go(el, 1, 'Reset your password');
    const reloaded = await reload(el);
    await reloaded.updateComplete;
    expect(heading(reloaded)).to.equal('Reset your password');
    expect(reloaded.querySelector('portico-forgot-password')).to.not.equal(null);
  });

  describe('on the licensing server (codes by e-mail)', () => {
    before(async function () {
      this.timeout(60_000);
      await licensingServerReady();
    });

    it('keeps the 2-step code step through a reload: the code already sent still signs in', async function () {
      this.timeout(30_000);
      const { email, password } = await seedLicensingUser('history-mfa');
      const el = await fixture<PorticoAuth>(html`<portico-auth api=${licensingApi}></portico-auth>`);
      await typeInto(visibleInput(el, 'input[autocomplete~="username"]'), email);
      await typeInto(visibleInput(el, 'input[autocomplete="current-password"]'), password);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => heading(el) === '2-step verification', 'no 2-step step');
      const { code } = await readMailedCode(email, { api: licensingApi });

      const reloaded = await reload(el);
      await waitUntil(() => reloaded.querySelector('portico-mfa input[autocomplete="one-time-code"]'), 'the code step did not come back');
      expect(heading(reloaded)).to.equal('2-step verification');
      const signedIn = oneEvent(reloaded, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
      await typeInto(reloaded.querySelector('portico-mfa input[autocomplete="one-time-code"]'), code);
      await sendKeys({ press: 'Enter' });
      expect((await signedIn).detail.user.email).to.equal(email);

      await clientFor(licensingApi).signOut();
    });

    it('keeps the code step through a reload; Back returns to the address, Forward to the code', async function () {
      this.timeout(30_000);
      const email = freshEmail('history-sign-up');
      const password = `Licensing-${crypto.randomUUID().slice(0, 8)}-7!`;
      const el = await fixture<PorticoAuth>(html`<portico-auth api=${licensingApi}></portico-auth>`);
      await waitUntil(() => findButton(el, 'Create an account'), 'no sign-up offered');
      button(el, 'Create an account').click();
      await waitUntil(() => findButton(el, 'Send verification code'), 'no sign-up form');
      await typeInto(visibleInput(el, 'portico-signup input[type="email"]'), email);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.querySelector('portico-signup portico-code-input input'), 'no code step');

      const reloaded = await reload(el);
      await waitUntil(() => reloaded.querySelector('portico-signup portico-code-input input'), 'the code step did not come back');
      expect(heading(reloaded)).to.equal('Enter your code');
      expect(reloaded.querySelector('portico-signup [role="status"]')?.textContent).to.contain(email);

      await go(reloaded, -1, 'Create an account');
      expect(visibleInput(reloaded, 'portico-signup input[type="email"]')).to.not.equal(null);
      await go(reloaded, 1, 'Enter your code');

      // The code mailed before the reload still moves on to the password.
      const { code } = await readMailedCode(email, { api: licensingApi });
      await typeInto(reloaded.querySelector('portico-signup portico-code-input input'), code);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => reloaded.querySelector('portico-signup portico-set-password input[autocomplete="new-password"]'), 'no password step');
      const again = await reload(reloaded);
      await waitUntil(
        () => again.querySelector('portico-signup portico-set-password input[autocomplete="new-password"]'),
        'the password step did not come back',
      );
      const passwordInput = again.querySelector<HTMLInputElement>('portico-signup portico-set-password input[autocomplete="new-password"]');
      const signedIn = oneEvent(again, 'portico-signed-in') as Promise<CustomEvent<SignedInDetail>>;
      await typeInto(passwordInput, password);
      await typeInto(again.querySelector('portico-signup input[name="confirm-password"]'), password);
      await sendKeys({ press: 'Enter' });
      expect((await signedIn).detail.user.email).to.equal(email);
      // Nothing typed is kept: neither the code nor the password is in the history entry.
      expect(JSON.stringify(history.state)).to.not.contain(code).and.to.not.contain(password);

      // Signed in, the sign-up's steps are spent: Back shows the sign-in form, not a password step for a used code.
      history.back();
      await waitUntil(() => heading(again) === 'Sign in', `Back after signing up showed "${heading(again)}"`);
      expect(again.querySelector('portico-signup')).to.equal(null);
      await clientFor(licensingApi).signOut();
    });
  });
});
