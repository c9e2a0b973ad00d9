import { checkLocalPasswordRules, limits, type PasswordRuleId, type PasswordRules } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { passwordRuleLabel } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { themeTokens } from '../theme/tokens.ts';
import { newPasswordStyles } from './portico-new-password.styles.ts';

/** The rules only the server can check: shown once it has said the value fails them. */
const serverOnlyRules: readonly PasswordRuleId[] = ['notCommon', 'notCommonWord', 'notCurrent'];

/**
 * @summary A new-password input with a show/hide toggle, a live checklist of the password rules, and optionally a
 * confirmation field. It is a building block for a form: it renders its inputs into its own light DOM (inside the
 * owner's `<form>`, so password managers offer to generate and save a password) and does not submit anything.
 *
 * Light DOM it renders: `portico-field` (`label` + `input[name="new-password"][autocomplete="new-password"]`),
 * `portico-button[variant="text"]` holding the toggle (`button[aria-pressed]`, "Show password"), a `ul[role="list"]`
 * checklist (each item says "(met)" or "(not met)" in text, the input is described by it), and with `confirm` a
 * second `portico-field` ("Confirm password") and a `portico-alert` for a mismatch.
 *
 * The checklist follows `checkLocalPasswordRules` of the contract for `rules`, as the user types. Rules only the
 * server knows (`notCommon`, `notCommonWord`, `notCurrent`) appear once the owner passes them in `failedRules` (from a
 * `weak_password` answer), until the value changes.
 *
 * @slot - Holds the rendered inputs; do not put your own content here.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoNewPassword extends LightDomFormElement {
  static override styles = [themeTokens, newPasswordStyles];

  /** The server's password rules (`PublicConfig.passwords`); null shows no live checklist. */
  @property({ attribute: false }) accessor rules: PasswordRules | null = null;

  /** Rules the server said the current value fails (`weak_password`); cleared when the value changes. */
  @property({ attribute: false }) accessor failedRules: PasswordRuleId[] = [];

  /** Also render a "Confirm password" field; `checkConfirm()` then compares the two. */
  @property({ type: Boolean }) accessor confirm = false;

  /** The label of the new-password input; default "New password". */
  @property() accessor label = '';

  /** Extra ids (space-separated) that describe the input, e.g. the owner's error alert. */
  @property({ attribute: false }) accessor describedBy = '';

  @state() private accessor current = '';
  @state() private accessor confirmation = '';
  @state() private accessor visible = false;
  @state() private accessor mismatch = false;

  private readonly inputId = uniqueId('portico-new-password');
  private readonly confirmId = uniqueId('portico-confirm-password');
  private readonly checklistId = uniqueId('portico-password-rules');
  private readonly mismatchId = uniqueId('portico-password-mismatch');

  /** What is typed in the new-password input. */
  get value(): string {
    return this.current;
  }

  /** What is typed in the confirmation input ('' without `confirm`). */
  get confirmValue(): string {
    return this.confirmation;
  }

  /**
   * With `confirm`: whether both inputs hold the same text. If not, shows the mismatch message and moves focus to
   * the confirmation. Always true without `confirm`.
   */
  async checkConfirm(): Promise<boolean> {
    if (!this.confirm) return true;
    this.mismatch = this.current !== this.confirmation;
    if (this.mismatch) {
      await this.updateComplete;
      this.confirmInput?.focus();
      this.confirmInput?.select();
    }
    return !this.mismatch;
  }

  /** Focuses the new-password input, its content selected so typing replaces it. */
  focusInput(): void {
    this.input?.focus();
    this.input?.select();
  }

  /** Empties both inputs (e.g. after the password was changed) and hides the password again. */
  reset(): void {
    for (const input of [this.input, this.confirmInput]) if (input) input.value = '';
    this.current = '';
    this.confirmation = '';
    this.visible = false;
    this.mismatch = false;
    this.failedRules = [];
  }

  /** The inputs go into the owner's `<form>`, so they too must be in the document tree. */
  protected override renderForm() {
    const type = this.visible ? 'text' : 'password';
    const checklist = this.checklist();
    const failing = this.failedRules.length > 0;
    const describedBy = [checklist.length > 0 ? this.checklistId : '', this.describedBy].filter(Boolean).join(' ');
    return html`
      ${this.renderField({
        id: this.inputId,
        name: 'new-password',
        label: this.label || this.msg('newPasswordLabel'),
        type,
        invalid: failing,
        describedBy,
        onInput: this.onInput,
      })}
      <portico-button variant="text">
        <button type="button" aria-pressed=${this.visible ? 'true' : 'false'} aria-controls=${this.inputId} @click=${this.toggle}>
          ${this.msg('showPassword')}
        </button>
      </portico-button>
      ${
        checklist.length > 0
          ? // role="list": Safari drops the list semantics of a <ul> styled without bullets.
            // eslint-disable-next-line lit-a11y/no-redundant-role
            html`<ul role="list" id=${this.checklistId} aria-label=${this.msg('passwordRequirements')}>
            ${checklist.map(
              ({ rule, ok }) =>
                html`<li data-rule=${rule} data-met=${ok ? 'true' : 'false'}>
                  <span aria-hidden="true">${ok ? '✓' : '✗'}</span>
                  ${passwordRuleLabel(this.i18n, rule, this.rules ?? undefined)} ${ok ? this.msg('ruleMet') : this.msg('ruleNotMet')}
                </li>`,
            )}
          </ul>`
          : nothing
      }
      ${
        this.confirm
          ? html`${this.renderField({
              id: this.confirmId,
              name: 'confirm-password',
              label: this.msg('confirmPasswordLabel'),
              type,
              invalid: this.mismatch,
              describedBy: this.mismatchId,
              onInput: this.onConfirmInput,
            })}
            <portico-alert id=${this.mismatchId}>${this.mismatch ? this.msg('errorPasswordsDoNotMatch') : nothing}</portico-alert>`
          : nothing
      }
    `;
  }

  /** One labelled password input; the new password and its confirmation differ only in these details. */
  private renderField(field: {
    id: string;
    name: string;
    label: string;
    type: 'text' | 'password';
    invalid: boolean;
    describedBy: string;
    onInput: (event: InputEvent) => void;
  }) {
    return html`<portico-field>
      <label slot="label" for=${field.id}>${field.label}</label>
      <input
        id=${field.id}
        name=${field.name}
        type=${field.type}
        autocomplete="new-password"
        autocapitalize="off"
        spellcheck="false"
        required
        maxlength=${this.rules?.maxLength ?? limits.passwordMaxLength}
        aria-invalid=${field.invalid ? 'true' : 'false'}
        aria-describedby=${field.describedBy || nothing}
        @input=${field.onInput}
      />
    </portico-field>`;
  }

  /** The local rules as typed, then the server-only rules the server refused (until the value changes). */
  private checklist(): { rule: PasswordRuleId; ok: boolean }[] {
    const local: { rule: PasswordRuleId; ok: boolean }[] = this.rules ? checkLocalPasswordRules(this.current, this.rules) : [];
    const server = this.failedRules.filter((rule) => serverOnlyRules.includes(rule)).map((rule) => ({ rule, ok: false }));
    return [...local, ...server];
  }

  private get input(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.inputId}`);
  }

  private get confirmInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.confirmId}`);
  }

  private onInput(event: InputEvent): void {
    this.current = (event.target as HTMLInputElement).value;
    // The server judged the previous value; its verdict does not carry over to a new one.
    if (this.failedRules.length > 0) this.failedRules = [];
    if (this.mismatch && this.current === this.confirmation) this.mismatch = false;
  }

  private onConfirmInput(event: InputEvent): void {
    this.confirmation = (event.target as HTMLInputElement).value;
    if (this.mismatch && this.current === this.confirmation) this.mismatch = false;
  }

  private toggle(): void {
    this.visible = !this.visible;
  }
}

defineElement('portico-new-password', PorticoNewPassword);

declare global {
  interface HTMLElementTagNameMap {
    'portico-new-password': PorticoNewPassword;
  }
}
