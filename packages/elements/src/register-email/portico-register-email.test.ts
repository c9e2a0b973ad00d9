import { createPorticoClient } from '@portico/client';
import type { PorticoErrorDetail, RegisterEmailStep } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { seedCustomerIdLogin } from '../account-test-support.ts';
import { textOf, typeInto } from '../test-helpers.ts';
import type { PorticoRegisterEmail } from './portico-register-email.ts';
import './portico-register-email.ts';

// Against the real server (preset `hosting`, where customer IDs still sign in): the `register_email` step comes from
// signing in with a seeded customer ID.

const client = createPorticoClient();

describe('<portico-register-email>', () => {
  it("drops a refused address's error, and the field's invalid mark, once the address is edited", async () => {
    const { account, password } = await seedCustomerIdLogin('Willow Hosting');
    const step = await client.signIn({ identifier: account.customerId, password });
    if (step.step !== 'register_email') throw new Error(`signing in with ${account.customerId} answered ${step.step}`);
    const el = await fixture<PorticoRegisterEmail>(html`<portico-register-email .step=${step satisfies RegisterEmailStep}></portico-register-email>`);
    const input = el.querySelector<HTMLInputElement>('input[type="email"]');
    const alert = el.querySelector('[role="alert"]');

    // A browser takes a domain without a dot; the server does not.
    const failed = oneEvent(el, 'portico-error') as Promise<CustomEvent<PorticoErrorDetail>>;
    await typeInto(input, 'ada@localhost');
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal('invalid_request');
    await el.updateComplete;
    expect(textOf(alert)).to.equal('Enter a valid e-mail address.');
    expect(input?.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    await sendKeys({ type: '.test' });
    await el.updateComplete;
    expect(textOf(alert)).to.equal('');
    expect(input?.getAttribute('aria-invalid')).to.not.equal('true');
    expect(input?.hasAttribute('aria-describedby')).to.equal(false);
  });
});
