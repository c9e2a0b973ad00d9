import { defaultPolicy, type PasswordRules } from '@portico/contract';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PorticoNewPassword } from './portico-new-password.ts';
import './portico-new-password.ts';

const rules: PasswordRules = defaultPolicy.passwords; // hosting: 8+ characters, lower, upper, digit, special

function parts(el: PorticoNewPassword) {
  const input = el.querySelector<HTMLInputElement>('input[autocomplete="new-password"][name="new-password"]');
  const confirm = el.querySelector<HTMLInputElement>('input[name="confirm-password"]');
  const toggle = el.querySelector<HTMLButtonElement>('button[aria-pressed]');
  const list = el.querySelector<HTMLElement>('[role="list"]');
  if (!input || !toggle) throw new Error('new-password is incomplete');
  return { input, confirm, toggle, list };
}

/** Each checklist line as read: "✓ At least 8 characters (met)". */
function checklist(el: PorticoNewPassword): string[] {
  return [...el.querySelectorAll('[role="list"] li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

describe('<portico-new-password>', () => {
  it('renders a labelled new-password input in the light DOM, described by the rule checklist', async () => {
    const el = await fixture<PorticoNewPassword>(html`<portico-new-password .rules=${rules}></portico-new-password>`);
    const { input, list } = parts(el);

    expect(input.getRootNode()).to.equal(document);
    expect(input.type).to.equal('password');
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('New password');
    expect(list?.getAttribute('aria-label')).to.equal('Password requirements');
    expect(input.getAttribute('aria-describedby')).to.equal(list?.id);
    expect(checklist(el)).to.deep.equal([
      '✗ At least 8 characters (not met)',
      '✓ At most 256 characters (met)',
      '✗ A lower-case letter (not met)',
      '✗ An upper-case letter (not met)',
      '✗ A digit (not met)',
      '✗ A special character (not a letter or digit) (not met)',
    ]);
    await expect(el).to.be.accessible();
  });

  it('updates the checklist as the user types', async () => {
    const el = await fixture<PorticoNewPassword>(html`<portico-new-password .rules=${rules}></portico-new-password>`);
    parts(el).input.focus();

    await sendKeys({ type: 'abc' });
    await el.updateComplete;
    expect(checklist(el)).to.include('✓ A lower-case letter (met)');
    expect(checklist(el)).to.include('✗ An upper-case letter (not met)');
    expect(el.value).to.equal('abc');

    await sendKeys({ type: 'DEF12!' });
    await el.updateComplete;
    expect(checklist(el).every((line) => line.endsWith('(met)'))).to.equal(true);
  });

  it('lists only the rules that apply', async () => {
    const lenient: PasswordRules = { ...rules, requireLowercase: false, requireUppercase: false, requireDigit: false, requireSpecial: false };
    const el = await fixture<PorticoNewPassword>(html`<portico-new-password .rules=${lenient}></portico-new-password>`);
    expect(checklist(el)).to.deep.equal(['✗ At least 8 characters (not met)', '✓ At most 256 characters (met)']);
  });

  it('show/hide toggles the input type and aria-pressed, by keyboard', async () => {
    const el = await fixture<PorticoNewPassword>(html`<portico-new-password confirm .rules=${rules}></portico-new-password>`);
    const { input, confirm, toggle } = parts(el);
    expect(toggle.textContent?.trim()).to.equal('Show password');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');

    input.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(toggle);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(input.type).to.equal('text');
    expect(confirm?.type).to.equal('text');

    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(input.type).to.equal('password');
  });

  it('shows the server-only rules the server refused, until the value changes', async () => {
    const el = await fixture<PorticoNewPassword>(html`<portico-new-password .rules=${rules}></portico-new-password>`);
    const { input } = parts(el);
    input.focus();
    await sendKeys({ type: 'Password1!' });
    el.failedRules = ['notCommon'];
    await el.updateComplete;

    expect(checklist(el)).to.include('✗ Not a commonly used password (not met)');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(checklist(el).join()).to.not.include('commonly used');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
  });

  it('says when the server refused a common word with digits added', async () => {
    const el = await fixture<PorticoNewPassword>(html`<portico-new-password .rules=${rules}></portico-new-password>`);
    const { input } = parts(el);
    input.focus();
    await sendKeys({ type: 'Sommar2020!' });
    el.failedRules = ['notCommonWord'];
    await el.updateComplete;

    expect(checklist(el)).to.include('✗ Not a common word with digits or symbols added (not met)');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
  });

  it('with confirm: reports a mismatch, focuses the confirmation, and clears once they match', async () => {
    const el = await fixture<PorticoNewPassword>(html`<portico-new-password confirm .rules=${rules}></portico-new-password>`);
    const { input, confirm } = parts(el);
    if (!confirm) throw new Error('no confirm field');
    expect(confirm.labels?.[0]?.textContent?.trim()).to.equal('Confirm password');
    expect(confirm.autocomplete).to.equal('new-password');

    input.focus();
    await sendKeys({ type: 'Abcdef1!' });
    confirm.focus();
    await sendKeys({ type: 'Abcdef1' });
    expect(await el.checkConfirm()).to.equal(false);
    const alert = el.querySelector(`#${confirm.getAttribute('aria-describedby')}`);
    expect(alert?.getAttribute('role')).to.equal('alert');
    expect(alert?.textContent?.trim()).to.equal('The passwords do not match.');
    expect(confirm.getAttribute('aria-invalid')).to.equal('true');
    expect(document.activeElement).to.equal(confirm);
    await expect(el).to.be.accessible();

    // The confirmation's text is selected for retyping; the user adds the missing character instead.
    await sendKeys({ press: 'End' });
    await sendKeys({ type: '!' });
    await el.updateComplete;
    expect(alert?.textContent?.trim()).to.equal('');
    expect(await el.checkConfirm()).to.equal(true);
  });
});
