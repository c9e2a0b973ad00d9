import type { CheckEmailStep } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import { clientFor, toShownError } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import { msg } from '../i18n/msg.ts';
import { submitButton } from '../shared/submit-button.ts';
import { emailField } from '../shared/email-field.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { announceError, type NavigateDetail, navigateEventName, stepEventName } from '../shared-events.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { forgotPasswordStyles } from './portico-forgot-password.styles.ts';

/**
 * @summary "Forgot password?": asks for the account's e-mail address and has the server mail a reset link. The
 * answer is the same for every address ("check your e-mail"), so nobody learns which addresses have accounts.
 * The form is rendered into the light DOM (`input[name="username"][autocomplete="username"][type="email"]`).
 *
 * @slot - Holds the rendered form or confirmation; do not put your own content here.
 *
 * @event portico-step - The server answered with the `check_email` step (`detail: AuthStep`). Does not bubble.
 * @event portico-navigate - "Back to sign in" was chosen: `detail: { to: 'sign-in' }`. Does not bubble.
 * @event portico-error - A failure was shown (e.g. `rate_limited`). Bubbles, composed. `detail: PorticoErrorDetail`.
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

  /** The `check_email` step to confirm; null shows the form. Set by the element itself after sending. */
  @property({ attribute: false }) accessor step: CheckEmailStep | null = null;

  @state() private accessor busy = false;
  @state() private accessor error: ShownError | null = null;

  private readonly emailId = uniqueId('portico-forgot-email');
  private readonly errorId = uniqueId('portico-forgot-error');
  private readonly confirmationId = uniqueId('portico-check-email');

  /** Focuses the e-mail input (or, once sent, the confirmation). */
  override focus(): void {
    this.querySelector<HTMLElement>(this.step ? `#${this.confirmationId}` : `#${this.emailId}`)?.focus();
  }

  /** The form, or once sent the confirmation; "Back to sign in" under either. */
  protected override renderForm() {
    const back = html`<portico-button variant="text">
      <button type="button" @click=${this.onBack}>${msg('backToSignIn')}</button>
    </portico-button>`;
    if (this.step) {
      return html`<p id=${this.confirmationId} role="status" tabindex="-1">
          ${msg('checkEmailMessage', { email: this.step.email })}
        </p>
        ${back}`;
    }
    const describedBy = this.error ? this.errorId : undefined;
    return html`
      <form aria-label=${msg('forgotPasswordFormLabel')} @submit=${this.onSubmit}>
        <p>${msg('forgotPasswordIntro')}</p>
        <portico-alert id=${this.errorId}>${this.error ? this.message(this.error) : nothing}</portico-alert>
        ${emailField({ id: this.emailId, value: this.email, invalid: this.error?.code === 'invalid_request', describedBy })}
        ${submitButton(this.busy, msg('sendResetLinkButton'), msg('sendingResetLink'))}
      </form>
      ${back}
    `;
  }

  private message(error: ShownError): string {
    return error.code === 'invalid_request' ? msg('errorInvalidEmail') : errorMessage(error);
  }

  private get emailInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.emailId}`);
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.error = null;
    this.busy = true;
    try {
      const next = await clientFor(this.api).forgotPassword({ email: this.emailInput?.value ?? '' });
      this.busy = false;
      if (next.step === 'check_email') this.step = next;
      await this.updateComplete;
      this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
      this.focus();
    } catch (error) {
      this.busy = false;
      this.error = toShownError(error);
      await this.updateComplete;
      if (this.error.code === 'invalid_request') this.emailInput?.focus();
      announceError(this, this.error, this.message(this.error));
    }
  }

  private onBack(): void {
    const detail: NavigateDetail = { to: 'sign-in' };
    this.dispatchEvent(new CustomEvent(navigateEventName, { detail }));
  }
}

defineElement('portico-forgot-password', PorticoForgotPassword);

declare global {
  interface HTMLElementTagNameMap {
    'portico-forgot-password': PorticoForgotPassword;
  }
}
