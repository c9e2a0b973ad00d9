import { html, type PropertyValues } from 'lit';
import { PorticoElement } from './portico-element.ts';

/**
 * Base of the elements that render their form (or form controls) into their own light DOM.
 *
 * Why: browsers and password managers only see inputs that are in the document tree. An `<input>` inside a shadow
 * root is not offered for autofill, nor saved after submit, nor filled with a generated password. So the element
 * keeps a shadow tree that only styles (a single `<slot>`), and after each update renders `renderForm()` into its
 * light DOM, where the form becomes an ordinary part of the page.
 */
export abstract class LightDomFormElement extends PorticoElement {
  /**
   * The light-DOM content: the real `<form>` and its controls (or, for a building block that sits inside an
   * owner's form, just its controls). Rendered with this element as the event host.
   */
  protected abstract renderForm(): unknown;

  /** The shadow tree only projects the light-DOM content. */
  override render() {
    return html`<slot></slot>`;
  }

  /** Renders the shadow tree as usual, then the form into the light DOM so it stays in the document tree. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.renderLight(this.renderForm());
  }
}
