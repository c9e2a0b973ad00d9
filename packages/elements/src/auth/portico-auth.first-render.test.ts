import { expect } from '@open-wc/testing';
import { seedUser } from '../../../../test/support/seed-user.ts';
import './portico-auth.ts';
import { findButton, heading, message, waitUntil } from '../test-helpers.ts';

// <portico-auth>'s first download is its sign-in form: its logic (auth-flow.ts) loads beside it, at once.

describe('<portico-auth> before its logic has loaded', () => {
  it('shows the sign-in form before its logic has loaded, and sends a sign-in submitted meanwhile once it has', async function () {
    // The first load of the logic's modules through the test server, early in a full run, with two other files
    // running: once it took longer than the usual wait.
    this.timeout(30_000);
    const { email, password } = await seedUser('first-render');
    // The logic is a module of its own (`auth-flow.ts`), fetched once the element is created. Nothing on this page
    // has loaded it yet: this file has a page of its own, and this one test.
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
      await waitUntil(() => heading(el) === 'Signed in', undefined, { timeout: 20_000 }).catch(() => {
        const shown = el.querySelector('portico-alert')?.textContent?.trim() || 'no error';
        throw new Error(`the sign-in submitted before the logic came was not sent: "${heading(el)}" shows, ${shown}`);
      });
      expect(message(el)?.textContent).to.include(email);
      // The policy was asked for once, however many parts of the page wanted it.
      expect(performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/api/config')).to.have.length(1);
    } finally {
      el.remove();
    }
  });
});
