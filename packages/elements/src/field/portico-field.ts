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
 * @csspart base - The grid wrapping label and input (also named `field`).
 * @csspart field - The same element as `base`, under the name `<portico-auth>`'s documentation uses for fields.
 * @csspart control - The wrapper of the input. The label and input themselves are light DOM (so password managers
 * see them) and have no part: their colours, border, radius, font, padding and height come from the
 * `--portico-*` tokens, and page rules for `label` or `input` do not reach them.
 *
 * @cssproperty --portico-color-text - Label and input text colour.
 * @cssproperty --portico-color-background - Input background.
 * @cssproperty --portico-color-border - Input border.
 * @cssproperty --portico-color-primary - Border of the focused input.
 * @cssproperty --portico-color-danger - Border of an input marked `aria-invalid="true"`.
 * @cssproperty --portico-focus-ring - Box shadow of the focused input.
 * @cssproperty --portico-radius - Input corner radius.
 * @cssproperty --portico-spacing - Base spacing unit.
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 * @cssproperty --portico-control-height - Minimum input height (times `--portico-density`).
 * @cssproperty --portico-density - Scales spacing and the input height.
 */
export class PorticoField extends PorticoElement {
  static override styles = [themeTokens, fieldStyles];

  override render() {
    return html`<div part="base field"><slot name="label"></slot><div part="control"><slot></slot></div></div>`;
  }
}

defineElement('portico-field', PorticoField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-field': PorticoField;
  }
}
