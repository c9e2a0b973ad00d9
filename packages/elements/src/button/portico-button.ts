import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from '../define.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { themeTokens } from '../theme/tokens.ts';
import { buttonStyles } from './portico-button.styles.ts';

/**
 * @summary Styles a light-DOM `<button>`. The button stays a real child of the host's `<form>`, so Enter submits
 * it natively and password managers recognise the form's submit control.
 *
 * @slot - The `<button>`.
 *
 * @csspart base - The wrapper of the button (a grid: the `primary` button fills it, a `text` one sits at its start).
 * The `<button>` itself is light DOM (so forms submit natively) and has no part: its colours, border, radius, font,
 * padding and height come from the `--portico-*` tokens (set them on this element to change one button), and page
 * rules for `button` do not reach it.
 *
 * @cssproperty --portico-color-primary - Button background and border (text colour of the `secondary` and `text` variants).
 * @cssproperty --portico-color-surface - Background of the `secondary` variant.
 * @cssproperty --portico-color-on-primary - Button text colour; unset, black or white, whichever contrasts more with
 * the primary colour.
 * @cssproperty --portico-focus-ring - Box shadow of the focused button.
 * @cssproperty --portico-radius - Corner radius.
 * @cssproperty --portico-spacing - Base spacing unit.
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 * @cssproperty --portico-control-height - Minimum button height (times `--portico-density`).
 * @cssproperty --portico-density - Scales padding and the button height.
 */
export class PorticoButton extends PorticoElement {
  static override styles = [themeTokens, buttonStyles];

  /**
   * `primary` (default): a filled button; `secondary`: outlined, another way to do what the filled one does ("Sign in
   * with a passkey"); `text`: a secondary action that looks like a link.
   */
  @property({ reflect: true }) accessor variant: 'primary' | 'secondary' | 'text' = 'primary';

  override render() {
    return html`<div part="base"><slot></slot></div>`;
  }
}

defineElement('portico-button', PorticoButton);

declare global {
  interface HTMLElementTagNameMap {
    'portico-button': PorticoButton;
  }
}
