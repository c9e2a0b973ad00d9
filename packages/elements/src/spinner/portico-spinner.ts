import { html } from 'lit';
import { defineElement } from '../define.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { spinnerStyles } from './portico-spinner.styles.ts';

/**
 * @summary A decorative progress indicator in the current text colour, sized by `font-size`. It is hidden from
 * assistive technology: whatever shows it must also say in words what is happening (e.g. `aria-busy` and a label).
 *
 * @csspart base - The spinning ring.
 */
export class PorticoSpinner extends PorticoElement {
  static override styles = spinnerStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('aria-hidden', 'true');
  }

  override render() {
    return html`<div part="base"></div>`;
  }
}

defineElement('portico-spinner', PorticoSpinner);

declare global {
  interface HTMLElementTagNameMap {
    'portico-spinner': PorticoSpinner;
  }
}
