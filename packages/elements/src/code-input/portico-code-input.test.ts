import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CodeCompleteDetail, PorticoCodeInput } from './portico-code-input.ts';
import './portico-code-input.ts';

function inputOf(el: PorticoCodeInput): HTMLInputElement {
  const input = el.querySelector('input');
  if (!input) throw new Error('no input');
  return input;
}

function paste(input: HTMLInputElement, text: string): void {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

describe('<portico-code-input>', () => {
  it('renders one labelled light-DOM input for one-time codes', async () => {
    const el = await fixture<PorticoCodeInput>(html`<portico-code-input></portico-code-input>`);
    const input = inputOf(el);
    expect(input.getRootNode()).to.equal(document);
    expect(input.autocomplete).to.equal('one-time-code');
    expect(input.inputMode).to.equal('numeric');
    expect(input.getAttribute('pattern')).to.equal('[0-9]*');
    expect(input.maxLength).to.equal(6);
    expect(input.labels?.[0]?.textContent?.trim()).to.equal('Verification code');
    await expect(el).to.be.accessible();
  });

  it('keeps only the digits of a pasted code and announces a complete code', async () => {
    const el = await fixture<PorticoCodeInput>(html`<portico-code-input></portico-code-input>`);
    const completed = oneEvent(el, 'portico-code-complete') as Promise<CustomEvent<CodeCompleteDetail>>;
    paste(inputOf(el), '123 456');
    expect((await completed).detail).to.deep.equal({ code: '123456' });
    expect(el.value).to.equal('123456');
    expect(inputOf(el).value).to.equal('123456');

    paste(inputOf(el), '987-654');
    expect(el.value).to.equal('987654');
  });

  it('drops what is typed that is not a digit', async () => {
    const el = await fixture<PorticoCodeInput>(html`<portico-code-input></portico-code-input>`);
    inputOf(el).focus();
    await sendKeys({ type: '1a2 b3' });
    expect(el.value).to.equal('123');
    expect(inputOf(el).value).to.equal('123');
    expect(el.checkValidity()).to.equal(false);
  });

  it('is submitted with its form under its name', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><portico-code-input name="otp"></portico-code-input></form>`);
    const el = form.querySelector('portico-code-input') as PorticoCodeInput;
    el.value = '12-34-56';
    expect(el.value).to.equal('123456');
    expect(el.form).to.equal(form);
    expect(el.checkValidity()).to.equal(true);
    const data = new FormData(form);
    expect(data.getAll('otp')).to.deep.equal(['123456']);
    form.reset();
    expect(el.value).to.equal('');
  });
});
