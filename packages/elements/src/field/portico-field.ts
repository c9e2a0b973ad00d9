import { html } from 'lit';
import { defineElement } from '../define.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { themeTokens } from '../theme/tokens.ts';
import { fieldStyles } from './portico-field.styles.ts';

/**
 * @summary Lays out and styles one light-DOM label and input. The input stays in the document tree, inside the
 * host's `<form>`, so autofill and password managers see it; this element only contributes styling.
 *
 * @slot label - The field's `<label for=…>`.
 * @slot - The `<input>` itself.
 *
 * @csspart base - The grid wrapping label and input.
 *
 * @cssproperty --portico-color-text - Label and input text colour.
 * @cssproperty --portico-color-surface - Input background.
 * @cssproperty --portico-color-border - Input border.
 * @cssproperty --portico-color-primary - Border of the focused input.
 * @cssproperty --portico-color-danger - Border of an input marked `aria-invalid="true"`.
 * @cssproperty --portico-focus-ring - Box shadow of the focused input.
 * @cssproperty --portico-radius - Input corner radius.
 * @cssproperty --portico-spacing - Base spacing unit.
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoField extends PorticoElement {
  static override styles = [themeTokens, fieldStyles];

  override render() {
    return html`<div part="base"><slot name="label"></slot><slot></slot></div>`;
  }
}

defineElement('portico-field', PorticoField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-field': PorticoField;
  }
}
