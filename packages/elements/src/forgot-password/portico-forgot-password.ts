import { type CheckEmailStep, type CheckMainContactEmailStep, isCustomerId } from '@portico/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { backToSignInButton, submitButton } from '../shared/submit-button.ts';
import { usernameField } from '../shared/email-field.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { RequestController } from '../shared/request-controller.ts';
import { stepEventName } from '../shared-events.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { forgotPasswordStyles } from './portico-forgot-password.styles.ts';

/**
 * @summary "Forgot password?": asks for the account's e-mail address and has the server mail a reset link. The
 * answer is the same for every address ("check your e-mail"), so nobody learns which addresses have accounts.
 * The form is rendered into the light DOM (`input[name="username"][autocomplete="username"][type="email"]`).
 *
 * With `customer-id-login` (the policy's `customerIdLogin`, customer-ID migration) it also takes an old customer ID such as
 * NL123421341 (the input is then `type="text"`, "E-mail or customer ID"): the server mails that account's main contact,
 * and the confirmation (`check_main_contact_email`) says so without naming the address.
 *
 * @slot - Holds the rendered form or confirmation; do not put your own content here.
 *
 * @fires {CustomEvent<StepDetail>} portico-step - The server answered with the `check_email` (or, for a customer ID,
 * `check_main_contact_email`) step (`detail: AuthStep`). Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - "Back to sign in" was chosen: `detail: { to: 'sign-in' }`. Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (e.g. `rate_limited`). Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoForgotPassword extends LightDomFormElement {
  static override styles = [themeTokens, forgotPasswordStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** Prefills the e-mail input. */
  @property() accessor email = '';

  /** Old customer-ID logins may ask for a reset too (the policy's `customerIdLogin`): the input takes either. */
  @property({ type: Boolean, attribute: 'customer-id-login' }) accessor customerIdLogin = false;

  /**
   * The step to confirm (`check_email`, or `check_main_contact_email` for a customer ID); null shows the form. Set by
   * the element itself after sending.
   */
  @property({ attribute: false }) accessor step: CheckEmailStep | CheckMainContactEmailStep | null = null;

  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    focus: (error) => error.code === 'invalid_request' && this.emailInput?.focus(),
  });

  private readonly emailId = uniqueId('portico-forgot-email');
  private readonly errorId = uniqueId('portico-forgot-error');
  private readonly confirmationId = uniqueId('portico-check-email');

  protected override updated(changed: PropertyValues<this>): void {
    // As in the sign-in form: the policy arriving mid-typing must not move the caret to the start.
    const input = this.emailInput;
    if (changed.has('customerIdLogin') && this.customerIdLogin && input && document.activeElement === input) {
      input.setSelectionRange(input.value.length, input.value.length);
    }
  }

  /** Focuses the e-mail input (or, once sent, the confirmation). */
  override focus(): void {
    this.querySelector<HTMLElement>(this.step ? `#${this.confirmationId}` : `#${this.emailId}`)?.focus();
  }

  /** The form, or once sent the confirmation; "Back to sign in" under either. */
  protected override renderForm() {
    const back = backToSignInButton(this.i18n, this);
    if (this.step) {
      return html`<p id=${this.confirmationId} role="status" tabindex="-1">
          ${
            this.step.step === 'check_main_contact_email'
              ? this.msg('checkMainContactEmailMessage', { customerId: this.step.customerId })
              : this.msg('checkEmailMessage', { email: this.step.email })
          }
        </p>
        ${back}`;
    }
    const { busy, error } = this.request;
    const describedBy = error ? this.errorId : undefined;
    return html`
      <form aria-label=${this.msg('forgotPasswordFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
        <p>${this.msg(this.customerIdLogin ? 'forgotPasswordIntroCustomerId' : 'forgotPasswordIntro')}</p>
        <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
        ${usernameField(this.i18n, {
          id: this.emailId,
          value: this.email,
          invalid: error?.code === 'invalid_request',
          describedBy,
          customerId: this.customerIdLogin,
        })}
        ${submitButton(busy, this.msg('sendResetLinkButton'), this.msg('sendingResetLink'))}
      </form>
      ${back}
    `;
  }

  private message(error: ShownError): string {
    if (error.code !== 'invalid_request') return errorMessage(this.i18n, error);
    return this.msg(this.customerIdLogin ? 'errorInvalidIdentifier' : 'errorInvalidEmail');
  }

  private get emailInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.emailId}`);
  }

  /** A field being edited: an error about what was typed there no longer applies. */
  private onEdit(): void {
    this.request.edited();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const typed = this.emailInput?.value ?? '';
    const request = this.customerIdLogin && isCustomerId(typed) ? { customerId: typed } : { email: typed };
    const next = await this.request.run(() => clientFor(this.api).forgotPassword({ ...request, locale: this.locale }));
    if (!next) return;
    if (next.step === 'check_email' || next.step === 'check_main_contact_email') this.step = next;
    await this.updateComplete;
    this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
    this.focus();
  }
}

defineElement('portico-forgot-password', PorticoForgotPassword);

declare global {
  interface HTMLElementTagNameMap {
    'portico-forgot-password': PorticoForgotPassword;
  }
}
