import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoAlert } from './portico-alert.ts';
import './portico-alert.ts';

describe('<portico-alert>', () => {
  it('is an alert region from the start, taking no room while empty', async () => {
    const el = await fixture<PorticoAlert>(html`<portico-alert></portico-alert>`);
    expect(el.getAttribute('role')).to.equal('alert');
    expect(el.getBoundingClientRect().height).to.equal(0);
  });

  it('shows its text in a visible box', async () => {
    const el = await fixture<PorticoAlert>(html`<portico-alert>Something failed.</portico-alert>`);
    expect(el.getBoundingClientRect().height).to.be.greaterThan(0);
    expect(el.textContent).to.equal('Something failed.');
    await expect(el).to.be.accessible();
  });
});
