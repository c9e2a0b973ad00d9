import type { CheckEmailStep, RegisterEmailStep } from '@portico/contract';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { emailField } from '../shared/email-field.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { backToSignInButton, submitButton } from '../shared/submit-button.ts';
import { stepEventName } from '../shared-events.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { registerEmailStyles } from './portico-register-email.styles.ts';

/**
 * @summary Registers a user e-mail login for an old customer-ID login (the server's `register_email` step, customer-ID migration
 * step 5): says that the customer ID now needs an e-mail address to sign in with, asks for it, and has the server
 * mail a verification link there (the same answer whether or not the address already has a login; with a login, the
 * link leads to linking the customer ID to it). Then shows the confirmation ("We have sent a verification link to
 * …", step 6) in place of the form, and focuses it. The form is rendered into the light DOM
 * (`input[name="username"][autocomplete="username"][type="email"]`).
 *
 * @slot - Holds the rendered form or confirmation; do not put your own content here.
 *
 * @fires {CustomEvent<StepDetail>} portico-step - The server answered with the `check_email` step (`detail: AuthStep`). Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - "Back to sign in" was chosen: `detail: { to: 'sign-in' }`. Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (`invalid_request`, `link_expired`, `rate_limited`, …). Bubbles,
 * composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoRegisterEmail extends LightDomFormElement {
  static override styles = [themeTokens, registerEmailStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The server's `register_email` step (from signing in with the customer ID): the customer ID and its ticket. */
  @property({ attribute: false }) accessor step: RegisterEmailStep | null = null;

  /** The `check_email` step to confirm; null shows the form. Set by the element itself after sending. */
  @property({ attribute: false }) accessor sent: CheckEmailStep | null = null;

  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    focus: (error) => {
      // What was typed stays, to be corrected rather than retyped.
      if (error.code !== 'invalid_request') return;
      this.emailInput?.focus();
      this.emailInput?.select();
    },
  });

  private readonly emailId = uniqueId('portico-register-email');
  private readonly errorId = uniqueId('portico-register-email-error');
  private readonly confirmationId = uniqueId('portico-register-email-sent');

  /** Focuses the e-mail input (or, once sent, the confirmation). */
  override focus(): void {
    this.querySelector<HTMLElement>(this.sent ? `#${this.confirmationId}` : `#${this.emailId}`)?.focus();
  }

  /** The form, or once sent the confirmation; "Back to sign in" under either. */
  protected override renderForm() {
    const back = backToSignInButton(this.i18n, this);
    if (this.sent) {
      return html`<p id=${this.confirmationId} role="status" tabindex="-1">
          ${this.msg('registerEmailSentMessage', { email: this.sent.email })}
        </p>
        ${back}`;
    }
    const step = this.step;
    if (!step) return nothing;
    const { busy, error } = this.request;
    const describedBy = error ? this.errorId : undefined;
    return html`
      <form aria-label=${this.msg('registerEmailFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
        <p>${this.msg('registerEmailIntro', { customerId: step.customerId })}</p>
        <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
        ${emailField(this.i18n, { id: this.emailId, value: '', invalid: error?.code === 'invalid_request', describedBy })}
        ${submitButton(busy, this.msg('registerEmailButton'), this.msg('sending'))}
      </form>
      ${back}
    `;
  }

  private message(error: ShownError): string {
    switch (error.code) {
      case 'invalid_request':
        return this.msg('errorInvalidEmail');
      // The ticket from signing in with the customer ID is short-lived: the way on is to sign in again.
      case 'invalid_link':
      case 'link_expired':
        return this.msg('errorRegisterEmailExpired');
      default:
        return errorMessage(this.i18n, error);
    }
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
    const step = this.step;
    if (!step) return;
    const email = this.emailInput?.value ?? '';
    const next = await this.request.run(() => clientFor(this.api).registerCustomerIdEmail({ token: step.token, email, locale: this.locale }));
    if (!next) return;
    if (next.step === 'check_email') this.sent = next;
    await this.updateComplete;
    this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
    this.focus();
  }
}

defineElement('portico-register-email', PorticoRegisterEmail);

declare global {
  interface HTMLElementTagNameMap {
    'portico-register-email': PorticoRegisterEmail;
  }
}
