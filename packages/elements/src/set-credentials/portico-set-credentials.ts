import { limits, type PasswordRules, type SetCredentialsStep } from '@portico/contract';
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
import '../new-password/portico-new-password.ts';
import { NewPasswordFormElement } from '../shared/new-password-form-element.ts';
import { currentPasswordField, hiddenUsername } from '../shared/password-field.ts';
import { PasswordRulesController } from '../shared/password-rules-controller.ts';
import { backToSignInButton, submitButton } from '../shared/submit-button.ts';
import { stepEventName } from '../shared-events.ts';
import { RequestController } from '../shared/request-controller.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { gridFormStyles } from '../shared/form-styles.ts';

/**
 * @summary Finishes joining a customer account from a mailed "Confirm" link (the server's `set_credentials` step):
 * an old customer-ID login moving to an e-mail login (customer-ID migration), an order's first login (order onboarding, "First time
 * logging in"), or a colleague's invitation. For an address without a password: "Set credentials", the name where
 * the login has none (`askName`, `input[autocomplete="name"]`), a new password with confirmation and the live
 * checklist of the rules (in the customer-ID migration it must differ from the customer ID's password). For a login
 * that has a password (`existingLogin`): "Confirm with your password", that password, which links the account. Either way the form is rendered into the light DOM with a hidden `input[autocomplete="username"]` holding
 * the e-mail address, so password managers save (or fill) the password for the right login.
 *
 * @slot - Holds the rendered form; do not put your own content here.
 *
 * @fires {CustomEvent<StepDetail>} portico-step - Done; `detail` is the server's next step (`sign_in` with `notice: 'registered'` or
 * `'account_linked'`, the e-mail address as `identifier`). Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - "Back to sign in" (`{ to: 'sign-in' }`). Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (`weak_password`, `invalid_credentials`, `invalid_link`,
 * `link_expired`, `rate_limited`, …). Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoSetCredentials extends NewPasswordFormElement {
  static override styles = [themeTokens, gridFormStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The server's `set_credentials` step (from `inspectLink`): e-mail, customer ID, whether it has a login, token. */
  @property({ attribute: false }) accessor step: SetCredentialsStep | null = null;

  /** The password rules; when null they are fetched from `GET /api/config` (once per page). */
  @property({ attribute: false }) accessor rules: PasswordRules | null = null;

  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    focus: (error) => {
      // What was typed stays; the field to correct gets focus, its content selected so typing replaces it.
      const existingLogin = this.step?.existingLogin === true;
      if (error.code === 'invalid_request' && error.fields?.includes('name')) {
        this.nameInput?.focus();
      } else if (existingLogin && (error.code === 'invalid_credentials' || error.code === 'invalid_request')) {
        this.passwordInput?.focus();
        this.passwordInput?.select();
      } else if (!existingLogin && (error.code === 'weak_password' || error.code === 'invalid_request')) {
        this.newPassword?.focusInput();
      }
    },
  });

  private readonly passwordRules = new PasswordRulesController(this);
  private readonly errorId = uniqueId('portico-set-credentials-error');
  private readonly passwordId = uniqueId('portico-set-credentials-password');
  private readonly nameId = uniqueId('portico-set-credentials-name');

  /** Focuses the password input. */
  override focus(): void {
    if (this.step?.existingLogin) this.passwordInput?.focus();
    else if (this.step?.askName) this.nameInput?.focus();
    else this.newPassword?.focusInput();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another link opened here starts with a clean form.
    if (changed.has('step') && changed.get('step') !== undefined) this.request.clear();
  }

  protected override renderForm() {
    const step = this.step;
    if (!step) return nothing;
    const { busy, error } = this.request;
    const describedBy = error ? this.errorId : undefined;
    const existing = step.existingLogin;
    return html`
      <form aria-label=${this.msg(existing ? 'confirmLinkFormLabel' : 'setCredentialsFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
        <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
        <p>${this.intro(step)}</p>
        ${hiddenUsername(step.email)}
        ${
          !existing && step.askName
            ? html`<portico-field>
              <label slot="label" for=${this.nameId}>${this.msg('nameLabel')}</label>
              <input
                id=${this.nameId}
                name="name"
                autocomplete="name"
                required
                maxlength=${limits.nameMaxLength}
                aria-invalid=${error?.code === 'invalid_request' && error.fields?.includes('name') ? 'true' : 'false'}
                aria-describedby=${describedBy ?? nothing}
              />
            </portico-field>`
            : nothing
        }
        ${
          existing
            ? currentPasswordField({
                id: this.passwordId,
                label: this.msg('passwordLabel'),
                name: 'password',
                invalid: error?.code === 'invalid_credentials',
                describedBy,
              })
            : html`<portico-new-password
              confirm
              .rules=${this.passwordRules.value}
              .failedRules=${error?.rules ?? []}
              .describedBy=${error ? this.errorId : ''}
            ></portico-new-password>`
        }
        ${
          existing
            ? submitButton(busy, this.msg('linkAccountButton'), this.msg('linkingAccount'))
            : submitButton(busy, this.msg('setCredentialsButton'), this.msg('settingPassword'))
        }
      </form>
      ${backToSignInButton(this.i18n, this)}
    `;
  }

  /** What the form is for, by the link that led here. */
  private intro(step: SetCredentialsStep): string {
    const params = { email: step.email, customerId: step.customerId, account: step.accountName ?? step.customerId };
    if (step.purpose === 'customer_id_migration') return this.msg(step.existingLogin ? 'confirmLinkIntro' : 'setCredentialsIntro', params);
    return this.msg(step.existingLogin ? 'confirmJoinIntro' : 'setCredentialsJoinIntro', params);
  }

  private get nameInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.nameId}`);
  }

  private message(error: ShownError): string {
    if (error.code === 'invalid_request' && error.fields?.includes('name')) return this.msg('errorNameRequired');
    if (error.code === 'invalid_credentials') return this.msg('errorPasswordIncorrect');
    return errorMessage(this.i18n, error, this.passwordRules.value ?? undefined);
  }

  private get passwordInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.passwordId}`);
  }

  /** A field being edited: an error about what was typed there no longer applies. */
  private onEdit(): void {
    this.request.edited();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const step = this.step;
    if (this.request.busy || !step) return;
    let password: string;
    if (step.existingLogin) {
      password = this.passwordInput?.value ?? '';
    } else {
      const newPassword = this.newPassword;
      if (!newPassword || !(await newPassword.checkConfirm())) return;
      password = newPassword.value;
    }
    const name = step.askName && !step.existingLogin ? this.nameInput?.value.trim() : undefined;
    const next = await this.request.run(() =>
      clientFor(this.api).setCredentials({ token: step.token, password, ...(name ? { name } : {}), locale: this.locale }),
    );
    if (!next) return;
    await this.updateComplete;
    this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
  }
}

defineElement('portico-set-credentials', PorticoSetCredentials);

declare global {
  interface HTMLElementTagNameMap {
    'portico-set-credentials': PorticoSetCredentials;
  }
}
