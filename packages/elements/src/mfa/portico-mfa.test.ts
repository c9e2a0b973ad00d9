import type { MfaStep } from '@portico/contract';
import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoMfa } from './portico-mfa.ts';
import './portico-mfa.ts';
import { button, textOf, waitUntil } from '../test-helpers.ts';

// The step alone, as a building block: no server involved until a code is submitted.

const smsStep: MfaStep = {
  step: 'mfa',
  challenge: 'c'.repeat(32),
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
  channel: 'sms',
  options: [
    { channel: 'sms', destination: '+46 •••••••12' },
    { channel: 'totp', destination: null },
  ],
  recoveryCodes: true,
  trustDeviceDays: 30,
  codeLength: 6,
  resendAfterSeconds: 30,
  codeStatus: 'sent',
};

/** The text that describes `input` to assistive technology, by its `aria-describedby`. */
function description(input: Element | null): string {
  const ids = input?.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => textOf(document.getElementById(id)))
    .filter(Boolean)
    .join(' ');
}

describe('<portico-mfa>', () => {
  it('describes the code field by where the code was sent', async () => {
    const el = await fixture<PorticoMfa>(html`<portico-mfa .step=${smsStep}></portico-mfa>`);
    const code = el.querySelector('input[autocomplete="one-time-code"]');
    expect(description(code)).to.equal('We have sent a 6-digit code by text message to +46 •••••••12.');

    el.lang = 'sv';
    await waitUntil(() => description(code).startsWith('Vi'), 'not in Swedish');
    expect(description(code)).to.equal('Vi har skickat en 6-siffrig kod i ett sms till +46 •••••••12.');
    el.lang = 'en';
    await waitUntil(() => description(code).startsWith('We'), 'not in English');

    // A recovery code instead: its field is described by what to enter.
    button(el, 'Use a recovery code').click();
    await el.updateComplete;
    const recovery = el.querySelector('input[name="recovery-code"]');
    expect(description(recovery)).to.equal(textOf(el.querySelector('[role="status"]')));
    expect(description(recovery)).to.not.equal('');
    await expect(el).to.be.accessible();
  });
});
