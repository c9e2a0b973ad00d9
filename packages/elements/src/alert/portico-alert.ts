import { html } from 'lit';
import { defineElement } from '../define.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { themeTokens } from '../theme/tokens.ts';
import { alertStyles } from './portico-alert.styles.ts';

/**
 * @summary An error message box whose text is its light-DOM content. It carries `role="alert"` from the moment it
 * is connected, empty and invisible, so that text put into it later is announced. Being in the light DOM, inputs
 * can point at it with `aria-describedby`.
 *
 * @slot - The message text.
 *
 * @csspart base - The box around the message (not shown while empty).
 *
 * @cssproperty --portico-color-danger - Text and border colour.
 * @cssproperty --portico-color-surface - Background.
 * @cssproperty --portico-radius - Corner radius.
 * @cssproperty --portico-spacing - Base spacing unit.
 */
export class PorticoAlert extends PorticoElement {
  static override styles = [themeTokens, alertStyles];

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'alert');
  }

  override render() {
    return html`<div part="base"><slot></slot></div>`;
  }
}

defineElement('portico-alert', PorticoAlert);

declare global {
  interface HTMLElementTagNameMap {
    'portico-alert': PorticoAlert;
  }
}
