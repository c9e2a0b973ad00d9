import { type PasswordRules, type SetPasswordStep } from '@portico/contract';
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import { errorMessage } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { backToSignInButton, submitButton } from '../shared/submit-button.ts';
import '../new-password/portico-new-password.ts';
import { NewPasswordFormElement } from '../shared/new-password-form-element.ts';
import { PasswordRulesController } from '../shared/password-rules-controller.ts';
import { type NavigateDetail, requestNavigation, stepEventName } from '../shared-events.ts';
import { RequestController } from '../shared/request-controller.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { gridFormStyles } from '../shared/form-styles.ts';

/**
 * @summary Chooses a password through a mailed link (the server's `set_password` step). Shows the account's
 * e-mail read-only, and renders into its light DOM a form with a hidden `input[autocomplete="username"]` holding
 * that e-mail (so password managers save the password for the right account) and a `<portico-new-password>` with
 * confirmation. For an old customer-ID login (purpose `customer_id_reset`, the customer-ID migration) the customer ID is the
 * username: the text names it ("New password for customer ID NL…") and the hidden username holds it; the main
 * contact's address the link went to is not shown.
 *
 * @slot - Holds the rendered form; do not put your own content here.
 *
 * @fires {CustomEvent<StepDetail>} portico-step - The password was set; `detail` is the server's next step (`sign_in` with
 * `notice: 'password_set'`). Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - "Back to sign in" (`{ to: 'sign-in' }`) or, after a link failure, "Request a new link"
 * (`{ to: 'forgot-password' }`). Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (`weak_password`, `invalid_link`, `link_expired`, …). Bubbles,
 * composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoSetPassword extends NewPasswordFormElement {
  static override styles = [themeTokens, gridFormStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The server's `set_password` step (from `inspectLink`): e-mail and link token. */
  @property({ attribute: false }) accessor step: SetPasswordStep | null = null;

  /** The password rules; when null they are fetched from `GET /api/config` (once per page). */
  @property({ attribute: false }) accessor rules: PasswordRules | null = null;

  private readonly request = new RequestController(this, {
    message: (error) => errorMessage(this.i18n, error, this.passwordRules.value ?? undefined),
    focus: (error) => (error.code === 'weak_password' || error.code === 'invalid_request') && this.newPassword?.focusInput(),
  });

  private readonly passwordRules = new PasswordRulesController(this);
  private readonly errorId = uniqueId('portico-set-password-error');

  /** Focuses the new-password input. */
  override focus(): void {
    this.newPassword?.focusInput();
  }

  protected override renderForm() {
    const step = this.step;
    if (!step) return nothing;
    const { busy, error } = this.request;
    const linkFailed = error?.code === 'invalid_link' || error?.code === 'link_expired';
    return html`
      <form aria-label=${this.msg('setPasswordFormLabel')} @submit=${this.onSubmit} @input=${this.onInput}>
        <portico-alert id=${this.errorId}>${error ? errorMessage(this.i18n, error, this.passwordRules.value ?? undefined) : nothing}</portico-alert>
        ${
          step.purpose === 'customer_id_reset' && step.customerId
            ? html`<p>${this.msg('customerIdPasswordFor', { customerId: step.customerId })}</p>
              <input type="text" name="username" autocomplete="username" value=${step.customerId} hidden readonly />`
            : html`<p>${this.msg('accountEmail', { email: step.email })}</p>
              <input type="email" name="username" autocomplete="username" value=${step.email} hidden readonly />`
        }
        <portico-new-password
          confirm
          .rules=${this.passwordRules.value}
          .failedRules=${error?.rules ?? []}
          .describedBy=${error ? this.errorId : ''}
        ></portico-new-password>
        ${
          step.purpose === 'sign_up'
            ? submitButton(busy, this.msg('createButton'), this.msg('creating'))
            : submitButton(busy, this.msg('setPasswordButton'), this.msg('settingPassword'))
        }
      </form>
      ${
        linkFailed
          ? html`<portico-button variant="text">
            <button type="button" @click=${() => this.navigate('forgot-password')}>${this.msg('requestNewLink')}</button>
          </portico-button>`
          : nothing
      }
      ${backToSignInButton(this.i18n, this)}
    `;
  }

  /** A refused password being changed: the refusal no longer describes what is in the field, so it goes. */
  private onInput(): void {
    if (this.request.error?.code === 'weak_password') this.request.clear();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const step = this.step;
    const newPassword = this.newPassword;
    if (this.request.busy || !step || !newPassword) return;
    if (!(await newPassword.checkConfirm())) return;
    const next = await this.request.run(() => clientFor(this.api).setPassword({ token: step.token, password: newPassword.value, locale: this.locale }));
    if (!next) return;
    await this.updateComplete;
    this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
  }

  private navigate(to: NavigateDetail['to']): void {
    requestNavigation(this, to);
  }
}

defineElement('portico-set-password', PorticoSetPassword);

declare global {
  interface HTMLElementTagNameMap {
    'portico-set-password': PorticoSetPassword;
  }
}
