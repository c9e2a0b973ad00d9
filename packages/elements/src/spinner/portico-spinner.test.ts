import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoSpinner } from './portico-spinner.ts';
import './portico-spinner.ts';

describe('<portico-spinner>', () => {
  it('is hidden from assistive technology and visibly animated', async () => {
    const el = await fixture<PorticoSpinner>(html`<portico-spinner></portico-spinner>`);
    expect(el.getAttribute('aria-hidden')).to.equal('true');
    const ring = el.shadowRoot?.querySelector('[part="base"]') as HTMLElement;
    expect(ring.getAnimations().length).to.equal(1);
    expect(el.getBoundingClientRect().width).to.be.greaterThan(0);
  });
});
