import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoField } from './portico-field.ts';
import './portico-field.ts';

describe('<portico-field>', () => {
  it('shows its light-DOM label and input through its slots', async () => {
    const el = await fixture<PorticoField>(html`
      <portico-field><label slot="label" for="f-1">Name</label><input id="f-1" /></portico-field>
    `);
    const label = el.querySelector('label');
    const input = el.querySelector('input');
    expect(label?.assignedSlot?.name).to.equal('label');
    expect(input?.assignedSlot?.name).to.equal('');
    expect(input?.labels?.length).to.equal(1);
    expect(input?.getBoundingClientRect().height).to.be.greaterThan(0);
  });

  it('themes the slotted input from the public tokens', async () => {
    const el = await fixture<PorticoField>(html`
      <portico-field style="--portico-color-border: rgb(1, 2, 3); --portico-radius: 7px">
        <label slot="label" for="f-2">Name</label><input id="f-2" />
      </portico-field>
    `);
    const style = getComputedStyle(el.querySelector('input') as HTMLInputElement);
    expect(style.borderTopColor).to.equal('rgb(1, 2, 3)');
    expect(style.borderTopLeftRadius).to.equal('7px');
  });
});
