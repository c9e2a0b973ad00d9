import { createPorticoClient } from '@portico/client';
import type { AuthStep, SetPasswordStep } from '@portico/contract';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { readMailedLinkToken } from '../../../client/src/test-support.ts';
import { seedUser } from '../../../../test/support/seed-user.ts';
import type { NavigateDetail } from '../shared-events.ts';
import type { PorticoSetPassword } from './portico-set-password.ts';
import './portico-set-password.ts';
import { typeInto, waitUntil } from '../test-helpers.ts';

// Against the real server: a reset link is requested, read from the dev outbox, and inspected.

const client = createPorticoClient();

async function resetStep(name: string): Promise<SetPasswordStep> {
  const { email } = await seedUser(name);
  await client.forgotPassword({ email });
  const step = await client.inspectLink({ token: await readMailedLinkToken(email) });
  if (step.step !== 'set_password') throw new Error(`expected set_password, got ${step.step}`);
  return step;
}

async function setPasswordForm(step: SetPasswordStep) {
  const el = await fixture<PorticoSetPassword>(html`<portico-set-password .step=${step}></portico-set-password>`);
  await waitUntil(() => el.querySelector('[role="list"]'), 'no password checklist');
  return {
    el,
    next: el.querySelector<HTMLInputElement>('input[name="new-password"]'),
    confirm: el.querySelector<HTMLInputElement>('input[name="confirm-password"]'),
    alert: el.querySelector<HTMLElement>('form > [role="alert"]'),
  };
}

describe('<portico-set-password>', () => {
  it('shows the account read-only, with a hidden username input for password managers', async () => {
    const step = await resetStep('set-render');
    const { el, next } = await setPasswordForm(step);

    expect(el.querySelector('form p')?.textContent?.trim()).to.equal(`Account: ${step.email}`);
    const username = el.querySelector<HTMLInputElement>('input[autocomplete~="username"]');
    expect(username?.value).to.equal(step.email);
    expect(username?.hidden).to.equal(true);
    expect(next?.autocomplete).to.equal('new-password');
    expect(next?.getRootNode()).to.equal(document);
    await expect(el).to.be.accessible();
  });

  it('announces the rules a weak password fails, then sets a good one (portico-step sign_in)', async () => {
    const step = await resetStep('set-weak');
    const { el, next, confirm, alert } = await setPasswordForm(step);

    const failed = oneEvent(el, 'portico-error');
    await typeInto(next, 'password');
    await typeInto(confirm, 'password');
    await sendKeys({ press: 'Enter' });
    await failed;
    await el.updateComplete;
    expect(alert?.textContent?.trim()).to.equal(
      'Choose another password. It must meet: An upper-case letter; A digit; A special character (not a letter or digit); Not a commonly used password.',
    );
    expect(document.activeElement).to.equal(next);
    expect(el.querySelector('[role="list"]')?.textContent).to.include('Not a commonly used password');
    await expect(el).to.be.accessible();

    // Once the refused password is being changed, the refusal no longer describes the field: it goes.
    await typeInto(next, 'Fresh-Start-2024!x');
    await el.updateComplete;
    expect(alert?.textContent?.trim()).to.equal('');
    expect(next?.getAttribute('aria-describedby') ?? '').to.not.include(alert?.id ?? 'none');

    const stepped = oneEvent(el, 'portico-step') as Promise<CustomEvent<AuthStep>>;
    await typeInto(confirm, 'Fresh-Start-2024!x');
    await sendKeys({ press: 'Enter' });
    expect((await stepped).detail).to.deep.equal({ step: 'sign_in', notice: 'password_set', identifier: step.email });
  });

  it('after a used link, offers a new link', async () => {
    const step = await resetStep('set-used');
    await client.setPassword({ token: step.token, password: 'Used-Up-Link-77!' });
    const { el, next, confirm, alert } = await setPasswordForm(step);

    const failed = oneEvent(el, 'portico-error');
    await typeInto(next, 'Another-Try-88!');
    await typeInto(confirm, 'Another-Try-88!');
    await sendKeys({ press: 'Enter' });
    await failed;
    await el.updateComplete;
    expect(alert?.textContent?.trim()).to.equal('This link is not valid. It may have been used already. Request a new one.');

    const again = [...el.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Request a new link');
    const navigated = oneEvent(el, 'portico-navigate') as Promise<CustomEvent<NavigateDetail>>;
    again?.click();
    expect((await navigated).detail).to.deep.equal({ to: 'forgot-password' });
  });
});
