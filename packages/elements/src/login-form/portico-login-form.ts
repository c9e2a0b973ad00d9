import { limits } from '@portico/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { afterEdit, errorMessage, type ShownError } from '../i18n/error-message.ts';
import { submitButton } from '../shared/submit-button.ts';
import { currentPasswordField } from '../shared/password-field.ts';
import { usernameField } from '../shared/email-field.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { loginFormStyles } from './portico-login-form.styles.ts';

/** Detail of `portico-login-submit`: what the user typed, untrimmed (the server decides what is valid). */
export interface LoginCredentials {
  identifier: string;
  password: string;
}

export const loginSubmitEventName = 'portico-login-submit';

/**
 * @summary The e-mail and password form (with `customer-id-login`, "E-mail or customer ID" and password). It renders a real `<form>` into its own light DOM, so browsers and
 * password managers can fill and save the credentials; its shadow tree and the small wrapper elements only style
 * it. It does not talk to the API: it asks its owner (normally `<portico-auth>`) to sign in, and shows the
 * `busy` and `error` state the owner sets.
 *
 * Light DOM it renders: `form` > `portico-alert` (error, `role="alert"`), two `portico-field` each holding a
 * `label` and an `input` (`name="username"`, `autocomplete="username"` (`"username webauthn"` with `passkeys`), `type="email"`, or `type="text"` with
 * `customer-id-login`; `name="password"`,
 * `autocomplete="current-password"`), and `portico-button` holding the submit `button`. Being in the document,
 * these can also be styled with ordinary selectors (e.g. `portico-login-form input`).
 *
 * @slot - Holds the rendered form; do not put your own content here.
 *
 * @fires {CustomEvent<LoginCredentials>} portico-login-submit - The form was submitted (Enter or the button) while not busy. Does not bubble.
 * `detail: LoginCredentials` (`{ identifier, password }`).
 *
 * @cssproperty --portico-spacing - Gap between the form's rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoLoginForm extends LightDomFormElement {
  static override styles = [themeTokens, loginFormStyles];

  /** A sign-in request is under way: the button shows progress and further submits are ignored. */
  @property({ type: Boolean, reflect: true }) accessor busy = false;

  /**
   * The error to show, or null. Set a new object for each failure, even a repeated one, to move focus again. One
   * about what was typed is no longer shown once the user edits a field; a limit stays.
   */
  @property({ attribute: false }) accessor error: ShownError | null = null;

  /**
   * Prefills the username input (e.g. after a password was set through a link): an e-mail address, or a customer ID
   * where those sign in.
   */
  @property() accessor identifier = '';

  /**
   * Old customer-ID logins still sign in here (the policy's `customerIdLogin`, customer-ID migration): the username input is
   * "E-mail or customer ID" and takes either.
   */
  @property({ type: Boolean, attribute: 'customer-id-login' }) accessor customerIdLogin = false;

  /**
   * Passkeys sign in here (the policy's `passkeys`, and a browser with WebAuthn): the username input reads
   * `autocomplete="username webauthn"`, so the browser can offer the user's passkeys in its autofill list. Being in
   * the light DOM, the input is one the browser's autofill can see.
   */
  @property({ type: Boolean }) accessor passkeys = false;

  private readonly identifierId = uniqueId('portico-identifier');
  private readonly passwordId = uniqueId('portico-password');
  private readonly errorId = uniqueId('portico-error');
  /**
   * The error the user has edited the fields since: one about what was typed (wrong credentials, a field the server
   * refused) goes, alert and invalid marks alike; a limit stays. The owner's `error` is left as it is.
   */
  private edited: ShownError | null = null;

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('error') && this.error) this.focusAfterError(this.error);
    // The policy can arrive while the user types: an e-mail input turned text input puts the caret at the start, so
    // the rest of what is typed would land in front. It goes back to the end, where typing was.
    const input = this.identifierInput;
    if (changed.has('customerIdLogin') && this.customerIdLogin && input && document.activeElement === input) {
      input.setSelectionRange(input.value.length, input.value.length);
    }
  }

  protected override renderForm() {
    const error = this.error === this.edited ? afterEdit(this.error) : this.error;
    const describedBy = error ? this.errorId : undefined;
    // Wrong credentials cannot say which of the two is wrong: both are marked.
    const wrong = error?.code === 'invalid_credentials';
    const invalidFields = error?.code === 'invalid_request' ? (error.fields ?? []) : [];
    return html`
      <form aria-label=${this.msg('signInFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
        <portico-alert id=${this.errorId}>${error ? errorMessage(this.i18n, error) : nothing}</portico-alert>
        ${usernameField(this.i18n, {
          id: this.identifierId,
          value: this.identifier,
          invalid: wrong || invalidFields.includes('identifier'),
          describedBy,
          maxLength: limits.identifierMaxLength,
          customerId: this.customerIdLogin,
          webauthn: this.passkeys,
        })}
        ${currentPasswordField({
          id: this.passwordId,
          label: this.msg('passwordLabel'),
          name: 'password',
          invalid: wrong || invalidFields.includes('password'),
          describedBy,
        })}
        ${submitButton(this.busy, this.msg('signInButton'), this.msg('signingIn'))}
      </form>
    `;
  }

  private get identifierInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.identifierId}`);
  }

  private get passwordInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.passwordId}`);
  }

  private onEdit(): void {
    if (this.error === this.edited) return;
    this.edited = this.error;
    this.requestUpdate();
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    // The guard against double submits: Enter and clicks keep arriving while a request is under way.
    if (this.busy) return;
    const detail: LoginCredentials = {
      identifier: this.identifierInput?.value ?? '',
      password: this.passwordInput?.value ?? '',
    };
    this.dispatchEvent(new CustomEvent<LoginCredentials>(loginSubmitEventName, { detail }));
  }

  private focusAfterError(error: ShownError): void {
    // Typed values are kept; the field to correct gets focus, its content selected so typing replaces it.
    let target: HTMLInputElement | null = null;
    if (error.code === 'invalid_credentials') target = this.passwordInput;
    // The customer ID has an e-mail login now: the username is what must change.
    else if (error.code === 'customer_id_migrated') target = this.identifierInput;
    else if (error.code === 'invalid_request') {
      target = error.fields?.includes('identifier') ? this.identifierInput : this.passwordInput;
    }
    // Other errors (rate limit, network) leave focus where the user is; the alert announces them.
    if (!target) return;
    target.focus();
    target.select();
  }
}

defineElement('portico-login-form', PorticoLoginForm);

declare global {
  interface HTMLElementTagNameMap {
    'portico-login-form': PorticoLoginForm;
  }
  interface HTMLElementEventMap {
    'portico-login-submit': CustomEvent<LoginCredentials>;
  }
}
