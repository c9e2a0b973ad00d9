import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { themeTokens } from '../theme/tokens.ts';

/** Detail of `portico-code-complete`: the whole code, digits only. */
export interface CodeCompleteDetail {
  code: string;
}

export const codeCompleteEventName = 'portico-code-complete';

/** How many digits a mailed code has. */
const codeLength = 6;

/**
 * @summary A 6-digit verification code input (a form-associated custom element). Renders one light-DOM
 * `<input autocomplete="one-time-code" inputmode="numeric">` (so the browser can offer a code from a message), keeps
 * only digits (a pasted "123 456" or "123-456" becomes "123456"), and submits its value with the surrounding
 * `<form>` under its `name`.
 *
 * @slot - Holds the rendered label and input; do not put your own content here.
 *
 * @fires {CustomEvent<CodeCompleteDetail>} portico-code-complete - All 6 digits are in. Bubbles. `detail: { code }`.
 */
export class PorticoCodeInput extends LightDomFormElement {
  static formAssociated = true;
  static override styles = [
    themeTokens,
    css`
      :host {
        display: block;
      }
    `,
  ];

  /** The form field name the code is submitted under. */
  @property({ reflect: true }) accessor name = 'code';

  /** The visible label; default "Verification code". */
  @property() accessor label = '';

  /** Ids of elements that describe the input (e.g. an error message). */
  @property({ attribute: false }) accessor describedBy = '';

  /** Marks the input invalid (`aria-invalid`). */
  @property({ type: Boolean }) accessor invalid = false;

  @property({ type: Boolean, reflect: true }) accessor disabled = false;

  private readonly internals: ElementInternals;
  private readonly inputId = uniqueId('portico-code');
  private current = '';

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.syncForm();
  }

  /** The code entered so far: digits only, at most 6. */
  get value(): string {
    return this.current;
  }

  set value(next: string) {
    this.current = digitsOf(next);
    if (this.input) this.input.value = this.current;
    this.syncForm();
    this.requestUpdate();
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  /** Focuses the input with its text selected, so what is typed next replaces a code found wrong. */
  select(): void {
    this.input?.focus();
    this.input?.select();
  }

  formResetCallback(): void {
    this.value = '';
  }

  formDisabledCallback(disabled: boolean): void {
    this.disabled = disabled;
  }

  protected override renderForm() {
    return html`<portico-field>
      <label slot="label" for=${this.inputId}>${this.label || this.msg('codeLabel')}</label>
      <input
        id=${this.inputId}
        type="text"
        autocomplete="one-time-code"
        inputmode="numeric"
        pattern="[0-9]*"
        maxlength=${codeLength}
        spellcheck="false"
        .value=${this.current}
        ?disabled=${this.disabled}
        aria-invalid=${this.invalid ? 'true' : 'false'}
        aria-describedby=${ifDefined(this.describedBy || undefined)}
        @input=${this.onInput}
        @paste=${this.onPaste}
      />
    </portico-field>`;
  }

  private get input(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.inputId}`);
  }

  private onInput(event: Event): void {
    this.accept((event.target as HTMLInputElement).value);
  }

  /** A pasted code may carry spaces or dashes (and so be longer than maxlength): keep its digits. */
  private onPaste(event: ClipboardEvent): void {
    const text = event.clipboardData?.getData('text/plain');
    if (text === undefined) return;
    event.preventDefault();
    this.accept(text);
  }

  private accept(raw: string): void {
    const before = this.current;
    this.value = raw;
    if (this.current.length === codeLength && before !== this.current) {
      this.dispatchEvent(new CustomEvent<CodeCompleteDetail>(codeCompleteEventName, { detail: { code: this.current }, bubbles: true }));
    }
  }

  /** The form value and validity; the validation message in the element's language (again at each update). */
  private syncForm(): void {
    this.internals.setFormValue(this.current);
    if (this.current.length === codeLength) this.internals.setValidity({});
    else {
      const flags: ValidityStateFlags = this.current.length === 0 ? { valueMissing: true } : { tooShort: true };
      this.internals.setValidity(flags, this.msg('codeIncomplete'), this.input ?? undefined);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.syncForm();
  }
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '').slice(0, codeLength);
}

defineElement('portico-code-input', PorticoCodeInput);

declare global {
  interface HTMLElementTagNameMap {
    'portico-code-input': PorticoCodeInput;
  }
  interface HTMLElementEventMap {
    'portico-code-complete': CustomEvent<CodeCompleteDetail>;
  }
}
