import { html, LitElement } from 'lit';
import { defineElement } from '../define.ts';
import { themeTokens } from '../theme/tokens.ts';
import { buttonStyles } from './portico-button.styles.ts';

/**
 * @summary Styles a light-DOM `<button>`. The button stays a real child of the host's `<form>`, so Enter submits
 * it natively and password managers recognise the form's submit control.
 *
 * @slot - The `<button>`.
 *
 * @cssproperty --portico-color-primary - Button background and border.
 * @cssproperty --portico-color-on-primary - Button text colour.
 * @cssproperty --portico-focus-ring - Box shadow of the focused button.
 * @cssproperty --portico-radius - Corner radius.
 * @cssproperty --portico-spacing - Base spacing unit.
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoButton extends LitElement {
  static override styles = [themeTokens, buttonStyles];

  override render() {
    return html`<slot></slot>`;
  }
}

defineElement('portico-button', PorticoButton);

declare global {
  interface HTMLElementTagNameMap {
    'portico-button': PorticoButton;
  }
}
