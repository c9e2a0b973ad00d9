import { type ChangePasswordResponse, type PasswordRules } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/account.ts';
import { submitButton } from '../shared/submit-button.ts';
import { currentPasswordField, hiddenUsername } from '../shared/password-field.ts';
import '../new-password/portico-new-password.ts';
import { NewPasswordFormElement } from '../shared/new-password-form-element.ts';
import { PasswordRulesController } from '../shared/password-rules-controller.ts';
import { passwordChangedEventName } from '../shared-events.ts';
import { RequestController } from '../shared/request-controller.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { changePasswordStyles } from './portico-change-password.styles.ts';

/** Detail of `portico-password-changed`. */
export interface PasswordChangedDetail {
  /** How many other sessions of the user the server ended. */
  otherSessionsEnded: number;
}

/**
 * @summary Changes the signed-in user's password ("My details"): current password, then a new one with
 * confirmation. Calls the API itself. The form is rendered into the light DOM: `input[autocomplete="current-password"]`
 * and a `<portico-new-password confirm>` (plus a hidden `input[autocomplete="username"]` when `email` is set, so
 * password managers update the right entry).
 *
 * Errors are announced (`role="alert"`) and focus moves to the field to fix: the current password after
 * `invalid_credentials`, the new one after `weak_password`. After a success the form leaves the DOM for a
 * `role="status"` confirmation (which takes the focus) and a "Change it again" button that brings an empty form back.
 *
 * @slot - Holds the rendered form; do not put your own content here.
 *
 * @fires {CustomEvent<PasswordChangedDetail>} portico-password-changed - The password was changed. Bubbles, composed.
 * `detail: PasswordChangedDetail` (`{ otherSessionsEnded }`).
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown. Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoChangePassword extends NewPasswordFormElement {
  static override styles = [themeTokens, changePasswordStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The signed-in user's e-mail, for password managers (a hidden username input); optional. */
  @property() accessor email = '';

  /** The password rules; when null they are fetched from `GET /api/config` (once per page). */
  @property({ attribute: false }) accessor rules: PasswordRules | null = null;

  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    focus: (error) => this.focusAfterError(error),
  });
  @state() private accessor changed: ChangePasswordResponse | null = null;

  private readonly passwordRules = new PasswordRulesController(this);
  private readonly currentId = uniqueId('portico-current-password');
  private readonly errorId = uniqueId('portico-change-password-error');
  private readonly doneId = uniqueId('portico-change-password-done');

  protected override renderForm() {
    // The form goes once the change succeeded: a form disappearing after its submit is how Chromium's password
    // manager (and others') tells a successful change from a failed one, and offers to save the new password.
    if (this.changed) {
      const count = this.changed.otherSessionsEnded;
      return html`<p id=${this.doneId} role="status" tabindex="-1" data-notice>
          ${count > 0 ? this.msg('passwordChanged', { count }) : this.msg('passwordChangedAlone')}
        </p>
        <portico-button variant="text">
          <button type="button" @click=${this.again}>${this.msg('changePasswordAgainButton')}</button>
        </portico-button>`;
    }
    const rules = this.passwordRules.value;
    const { busy, error } = this.request;
    const describedBy = error ? this.errorId : undefined;
    return html`
      <form aria-label=${this.msg('changePasswordFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
        <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
        ${hiddenUsername(this.email)}
        ${currentPasswordField({
          id: this.currentId,
          label: this.msg('currentPasswordLabel'),
          name: 'current-password',
          invalid: error?.code === 'invalid_credentials',
          describedBy,
        })}
        <portico-new-password
          confirm
          .rules=${rules}
          .failedRules=${error?.rules ?? []}
          .describedBy=${describedBy ?? ''}
        ></portico-new-password>
        ${submitButton(busy, this.msg('changePasswordButton'), this.msg('changingPassword'))}
      </form>
    `;
  }

  private message(error: ShownError): string {
    if (error.code === 'invalid_credentials') return this.msg('errorCurrentPasswordIncorrect');
    return errorMessage(this.i18n, error, this.passwordRules.value ?? undefined);
  }

  private get currentInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.currentId}`);
  }

  /** "Change it again": an empty form, its first field focused. */
  private async again(): Promise<void> {
    this.changed = null;
    await this.updateComplete;
    this.currentInput?.focus();
  }

  /** A field being edited: an error about what was typed there no longer applies. */
  private onEdit(): void {
    this.request.edited();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const current = this.currentInput;
    const newPassword = this.newPassword;
    if (this.request.busy || !current || !newPassword) return;
    if (!(await newPassword.checkConfirm())) return;
    const result = await this.request.run(() =>
      clientFor(this.api).changePassword({ currentPassword: current.value, newPassword: newPassword.value, locale: this.locale }),
    );
    if (!result) return;
    this.changed = result;
    await this.updateComplete;
    // The focus was in the form that is gone: the confirmation takes it, so it is read out.
    this.querySelector<HTMLElement>(`#${this.doneId}`)?.focus();
    const detail: PasswordChangedDetail = { otherSessionsEnded: result.otherSessionsEnded };
    this.dispatchEvent(new CustomEvent(passwordChangedEventName, { detail, bubbles: true, composed: true }));
  }
  private focusAfterError(error: ShownError): void {
    const current = this.currentInput;
    if (error.code === 'invalid_credentials' || (error.code === 'invalid_request' && error.fields?.includes('currentPassword'))) {
      current?.focus();
      current?.select();
    } else if (error.code === 'weak_password' || error.code === 'invalid_request') {
      this.newPassword?.focusInput();
    }
    // Other errors (rate limit, session ended, network) leave focus where it is; the alert announces them.
  }
}

defineElement('portico-change-password', PorticoChangePassword);

declare global {
  interface HTMLElementTagNameMap {
    'portico-change-password': PorticoChangePassword;
  }
  interface GlobalEventHandlersEventMap {
    'portico-password-changed': CustomEvent<PasswordChangedDetail>;
  }
}
