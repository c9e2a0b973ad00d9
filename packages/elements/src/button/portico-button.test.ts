import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoButton } from './portico-button.ts';
import './portico-button.ts';

describe('<portico-button>', () => {
  it('styles the slotted button with the primary colour tokens', async () => {
    const el = await fixture<PorticoButton>(html`
      <portico-button style="--portico-color-primary: rgb(10, 20, 30); --portico-color-on-primary: rgb(250, 240, 230)">
        <button type="button">Go</button>
      </portico-button>
    `);
    const style = getComputedStyle(el.querySelector('button') as HTMLButtonElement);
    expect(style.backgroundColor).to.equal('rgb(10, 20, 30)');
    expect(style.color).to.equal('rgb(250, 240, 230)');
  });

  it('inherits tokens set on an ancestor', async () => {
    const wrapper = await fixture<HTMLElement>(html`
      <div style="--portico-color-primary: rgb(0, 128, 0)">
        <portico-button><button type="button">Go</button></portico-button>
      </div>
    `);
    expect(getComputedStyle(wrapper.querySelector('button') as HTMLButtonElement).backgroundColor).to.equal('rgb(0, 128, 0)');
  });
});
