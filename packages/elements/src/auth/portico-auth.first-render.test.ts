import { expect } from '@open-wc/testing';
import { seedUser } from '../../../../test/support/seed-user.ts';
import './portico-auth.ts';
import { findButton, heading, message, waitUntil } from '../test-helpers.ts';

// <portico-auth>'s first download is its sign-in form: its logic (auth-flow.ts) loads beside it, at once.

describe('<portico-auth> before its logic has loaded', () => {
  it('shows the sign-in form before its logic has loaded, and sends a sign-in submitted meanwhile once it has', async function () {
    // The first load of the logic's modules through the test server, early in a full run, with two other files
    // running and every module transformed for the first time: twice it took longer than the usual wait.
    this.timeout(60_000);
    const { email, password } = await seedUser('first-render');
    // The logic is a module of its own (`auth-flow.ts`), fetched once the element is created. Nothing on this page
    // has loaded it yet: this file has a page of its own, and this one test.
    const logicFetched = (): boolean => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/auth/auth-flow.ts'));
    expect(logicFetched(), 'the logic was loaded before the element was created').to.equal(false);
    // What the test reads from resource timing from here on comes after the test runner's own modules, which can fill
    // the browser's default buffer (250 entries): later entries would be dropped.
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(10_000);
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
      const submitted = performance.now();
      await el.updateComplete;
      const logicAfterMs = performance.now() - submitted;
      // The form shows the sign-in under way while it waits (a second submit is ignored), then the sign-in is sent.
      await waitUntil(() => heading(el) === 'Signed in', undefined, { timeout: 40_000 }).catch(() => {
        // What tells a slow run from a sign-in lost: when the logic came, and whether the sign-in reached the server.
        const shown = el.querySelector('portico-alert')?.textContent?.trim() || 'no error';
        const sent = performance.getEntriesByType('resource').find((entry) => new URL(entry.name).pathname === '/api/auth/sign-in');
        const request = sent ? `answered after ${Math.round(sent.duration)} ms` : 'not answered (or not sent)';
        throw new Error(
          `the sign-in submitted before the logic came did not complete: "${heading(el)}" shows, ${shown}; the logic came ` +
            `${Math.round(logicAfterMs)} ms after the submit; the sign-in request was ${request}`,
        );
      });
      expect(message(el)?.textContent).to.include(email);
      // The policy was asked for once, however many parts of the page wanted it.
      expect(performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/api/config')).to.have.length(1);
    } finally {
      el.remove();
    }
  });
});
