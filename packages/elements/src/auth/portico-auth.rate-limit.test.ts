import { apiPaths, defaultPolicy, type PorticoErrorDetail } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedUser } from '../../../../test/support/seed-user.ts';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import '../test-helpers.ts';

// Spends a whole failed-attempt budget (10 per account and per client address in 15 minutes, the server's default
// policy). web-test-runner.config.mjs gives each test file a client address of its own, so this spends only this
// file's budget.

async function submit(el: PorticoAuth, identifier: string, password: string): Promise<void> {
  const form = el.querySelector('portico-login-form');
  await form?.updateComplete;
  const identifierInput = el.querySelector<HTMLInputElement>('input[autocomplete~="username"]');
  const passwordInput = el.querySelector<HTMLInputElement>('input[autocomplete="current-password"]');
  if (!identifierInput || !passwordInput) throw new Error('no sign-in form shown');
  identifierInput.value = identifier;
  passwordInput.value = password;
  passwordInput.focus();
  await sendKeys({ press: 'Enter' });
}

describe('<portico-auth> rate limit', () => {
  it('after 10 failed attempts says how many minutes to wait, even for the right password', async () => {
    const { email, password } = await seedUser('limited');
    const { maxFailures, windowSeconds } = defaultPolicy.signInLimits;
    for (let attempt = 1; attempt <= maxFailures; attempt += 1) {
      const response = await fetch(apiPaths.signIn, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identifier: email, password: `wrong ${attempt}` }),
      });
      expect(response.status, `attempt ${attempt}`).to.equal(401);
    }

    const el = await fixture<PorticoAuth>(html`<portico-auth></portico-auth>`);
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await submit(el, email, password);
    const { detail } = await failed;

    expect(detail.code).to.equal('rate_limited');
    expect(detail.retryAfterSeconds).to.be.within(1, windowSeconds);
    const minutes = Math.ceil((detail.retryAfterSeconds ?? 0) / 60);
    expect(minutes).to.equal(windowSeconds / 60);
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent?.trim()).to.equal(`Too many attempts. Try again in ${minutes} minutes.`);
    // Not locked on the client: the server decides when attempts may resume.
    const button = el.querySelector('button[type="submit"]');
    expect(button?.getAttribute('aria-disabled')).to.equal('false');
  });
});
