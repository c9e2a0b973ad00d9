import { type AuthStep, type CheckEmailStep, type EnterEmailStep, limits, type SetPasswordStep, type VerifyEmailStep } from '@portico/contract';
import { html, type LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import '../alert/portico-alert.ts';
import { clientFor, configFor } from '../api/api.ts';
import '../button/portico-button.ts';
import '../code-input/portico-code-input.ts';
import type { PorticoCodeInput } from '../code-input/portico-code-input.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { resendButton, submitButton } from '../shared/submit-button.ts';
import { emailField } from '../shared/email-field.ts';
import '../set-password/portico-set-password.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { announceSignedIn, type NavigateDetail, navigateEventName, requestNavigation, stepEventName } from '../shared-events.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { signupStyles } from './portico-signup.styles.ts';

/** The sign-up steps this element renders itself; null is the e-mail form. */
type SignUpShown = VerifyEmailStep | CheckEmailStep | SetPasswordStep | EnterEmailStep | null;

/** Failures that are about the code typed (so the code input is marked invalid), not about sending one. */
const codeErrors: ReadonlySet<ShownError['code']> = new Set(['invalid_code', 'code_expired', 'too_many_attempts', 'invalid_request']);

/**
 * @summary Self sign-up. Asks for an e-mail address (`input[name="username"][autocomplete="username"]`) and, where the
 * policy asks for it (`signUp.askName`), the person's name (`input[name="name"][autocomplete="name"]`), then
 * renders the server's answer: `verify_email` (a `<portico-code-input>`, checked as soon as it is complete or on
 * "Verify code"; "Resend code" counts down the server's wait, then mails a new code, clears the field and says so
 * again in the `role="status"` line), then `set_password` (`<portico-set-password>`), then `done` (signed in); or
 * `check_email` (a link was mailed). Given the `enter_email` step (an invitation link was opened), it asks for the
 * invited address and sends it with the invitation's token (then `check_email`). Errors are shown in a
 * `role="alert"` and focus goes to the field to fix (a wrong code is selected, so the next one typed replaces it).
 *
 * @fires {CustomEvent<SignedInDetail>} portico-signed-in - A code sign-up finished signed in. Bubbles, composed. `detail: SignedInDetail`.
 * Inside `<portico-auth>`, which takes every step over (`portico-step` is cancelable), that element announces it instead, once.
 * @fires {CustomEvent<StepDetail>} portico-step - Every step the server answered with (`detail: AuthStep`). Does not bubble;
 * cancelable: a host that cancels it announces the sign-in itself.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - "Back to sign in" (`{ to: 'sign-in' }`). Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown. Bubbles, composed. `detail: PorticoErrorDetail`.
 */
export class PorticoSignup extends LightDomFormElement {
  static override styles = [themeTokens, signupStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** Prefills the e-mail input. */
  @property() accessor email = '';

  /** The step shown; null is the e-mail form. Set by the element itself from the server's answers. */
  @property({ attribute: false }) accessor step: SignUpShown = null;

  private readonly request = new RequestController(this);
  /** The code the server just refused as wrong: not sent again (see onVerify). */
  private refusedCode: string | null = null;
  @state() private accessor codeMode = false;
  /** The policy asks for the person's name (`signUp.askName`). */
  @state() private accessor askName = false;
  /** The name typed: sent again with every code asked for, since the newest code carries it to the new account. */
  private name: string | undefined;
  /** The `check_email` shown follows an invitation's e-mail step (the leasing portal's second mail), not a sign-up. */
  @state() private accessor invitationConfirmed = false;
  @state() private accessor resendAt = 0;
  @state() private accessor now = Date.now();
  /** Counts the codes mailed while this element is shown, so each new one re-announces "We have sent a code". */
  @state() private accessor codesSent = 0;

  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly emailId = uniqueId('portico-signup-email');
  private readonly errorId = uniqueId('portico-signup-error');
  private readonly statusId = uniqueId('portico-signup-status');

  override connectedCallback(): void {
    super.connectedCallback();
    configFor(this.api).then(
      (config) => ((this.codeMode = config.signUp.mode === 'code'), (this.askName = config.signUp.askName)),
      () => undefined,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('step')) return;
    // Every verify_email answer (the first, and each resend) restarts the wait before "Resend code".
    if (this.step?.step === 'verify_email') this.startTimer(this.step.resendAfterSeconds);
    else this.stopTimer();
  }

  /**
   * Also waits for the step's nested form element (code input, password form), so that after `await
   * el.updateComplete` its fields are rendered and can take the focus.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let settled = await super.getUpdateComplete();
    for (const nested of this.querySelectorAll<LitElement>('portico-code-input, portico-set-password')) {
      settled = (await nested.updateComplete) && settled;
    }
    return settled;
  }

  /** Focuses the current step's first field (or the "check your e-mail" text). */
  override focus(): void {
    const step = this.step;
    if (!step || step.step === 'enter_email') this.emailInput?.focus();
    else if (step.step === 'verify_email') this.codeInput?.focus();
    else if (step.step === 'check_email') this.querySelector<HTMLElement>(`#${this.statusId}`)?.focus();
    else this.querySelector('portico-set-password')?.focus();
  }

  protected override renderForm() {
    const back = html`<portico-button variant="text">
      <button type="button" @click=${this.onBack}>${this.msg('alreadyHaveAccount')}</button>
    </portico-button>`;
    const step = this.step;
    const { busy, error } = this.request;
    const alert = html`<portico-alert id=${this.errorId}>${error ? errorMessage(this.i18n, error) : nothing}</portico-alert>`;
    if (step?.step === 'check_email') {
      const message = this.invitationConfirmed ? 'invitationCheckEmailMessage' : 'signUpCheckEmailMessage';
      return html`<p id=${this.statusId} role="status" tabindex="-1">${this.msg(message, { email: step.email })}</p>
        ${back}`;
    }
    if (step?.step === 'set_password') {
      return html`<portico-set-password .api=${this.api} .step=${step} @portico-step=${this.onPasswordStep} @portico-navigate=${this.onNavigate}></portico-set-password>`;
    }
    if (step?.step === 'verify_email') {
      const wait = Math.max(0, Math.ceil((this.resendAt - this.now) / 1000));
      const codeError = error !== null && codeErrors.has(error.code);
      return html`
        <form aria-label=${this.msg('verifyFormLabel')} @submit=${this.onVerify} @input=${this.onEdit}>
          <p role="status">${keyed(this.codesSent, this.msg('codeSentMessage', { email: step.email }))}</p>
          ${alert}
          <input type="email" name="username" autocomplete="username" value=${step.email} hidden readonly />
          <portico-code-input
            .invalid=${codeError}
            .describedBy=${error ? this.errorId : ''}
          ></portico-code-input>
          ${submitButton(busy, this.msg('verifyCodeButton'), this.msg('verifying'))}
        </form>
        ${resendButton(this.i18n, wait, () => void this.onResend())}
        ${back}
      `;
    }
    const emailError = error !== null;
    const invitation = step?.step === 'enter_email';
    return html`
      <form aria-label=${invitation ? this.msg('enterEmailFormLabel') : this.msg('signUpFormLabel')} @submit=${this.onSubmitEmail} @input=${this.onEdit}>
        <p>${invitation ? this.msg('enterEmailIntro') : this.msg('signUpIntro')}</p>
        ${alert}
        ${emailField(this.i18n, { id: this.emailId, value: this.email, invalid: emailError, describedBy: emailError ? this.errorId : undefined })}
        ${
          this.askName && !invitation
            ? // Its id is the e-mail input's plus "n": unique as that one is, without a second id to keep.
              html`<portico-field>
              <label slot="label" for="${this.emailId}n">${this.msg('nameLabel')}</label>
              <input id="${this.emailId}n" name="name" autocomplete="name" maxlength=${limits.nameMaxLength} />
            </portico-field>`
            : nothing
        }
        ${submitButton(busy, this.codeMode && !invitation ? this.msg('sendCodeButton') : this.msg('continueButton'), this.msg('sending'))}
      </form>
      ${back}
    `;
  }

  private get emailInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.emailId}`);
  }

  private get codeInput(): PorticoCodeInput | null {
    return this.querySelector('portico-code-input');
  }

  /** A field being edited: an error about what was typed there no longer applies. */
  private onEdit(): void {
    this.request.edited();
  }

  private async onSubmitEmail(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.request.busy) return;
    const email = this.emailInput?.value ?? '';
    this.email = email;
    this.name = this.querySelector<HTMLInputElement>(`#${this.emailId}n`)?.value.trim() || undefined;
    const step = this.step;
    const client = clientFor(this.api);
    await this.call(
      () =>
        step?.step === 'enter_email'
          ? client.submitInvitationEmail({ token: step.token, email, locale: this.locale })
          : client.signUp({ email, name: this.name, locale: this.locale }),
      () => this.emailInput?.focus(),
    );
  }

  private async onVerify(event?: Event): Promise<void> {
    event?.preventDefault();
    const step = this.step;
    if (this.request.busy || step?.step !== 'verify_email') return;
    const code = this.codeInput?.value ?? '';
    // Each code is sent once (as in every code field, nothing is sent until the user submits): the one just refused
    // would only spend another of the few tries. It stays selected, so the next one typed replaces it.
    if (code === this.refusedCode) return this.codeInput?.select();
    await this.call(
      () => clientFor(this.api).verifySignUpCode({ email: step.email, code }),
      () => this.codeInput?.select(),
    );
    this.refusedCode = this.request.error?.code === 'invalid_code' ? code : null;
  }

  private async onResend(): Promise<void> {
    const step = this.step;
    if (this.request.busy || step?.step !== 'verify_email') return;
    this.refusedCode = null;
    await this.call(
      () => clientFor(this.api).signUp({ email: step.email, name: this.name, locale: this.locale }),
      (refused) => {
        // Refused for now (a code was asked for elsewhere, or too many were): the button counts down the server's
        // wait, from before the refusal is announced.
        if (refused.code === 'rate_limited' && refused.retryAfterSeconds !== undefined) this.startTimer(refused.retryAfterSeconds);
        this.codeInput?.focus();
      },
    );
  }

  /** Calls the server and shows its answer; a failure is shown and `focusField` puts focus on the field to fix. */
  private async call(request: () => Promise<AuthStep>, focusField: (error: ShownError) => void): Promise<void> {
    const next = await this.request.run(request, { focus: focusField });
    if (next) await this.show(next);
  }

  private async show(next: AuthStep): Promise<void> {
    if (next.step === 'verify_email' || next.step === 'check_email' || next.step === 'set_password' || next.step === 'enter_email') {
      const resent = this.step?.step === 'verify_email' && next.step === 'verify_email';
      this.invitationConfirmed = this.step?.step === 'enter_email' && next.step === 'check_email';
      if (next.step === 'verify_email') this.codesSent += 1;
      this.step = next;
      await this.updateComplete;
      if (resent) {
        // The earlier code no longer works: clear it, so the new one goes into an empty field.
        const codeInput = this.codeInput;
        if (codeInput) codeInput.value = '';
        codeInput?.focus();
      } else this.focus();
    }
    // A step host (`<portico-auth>`) takes the step over (`preventDefault`): it shows every step and announces the
    // sign-in it ends in, once. On its own, this element announces it.
    const takenOver = !this.dispatchEvent(new CustomEvent(stepEventName, { detail: next, cancelable: true }));
    if (next.step === 'done' && !takenOver) announceSignedIn(this, next);
  }

  private onPasswordStep(event: CustomEvent<AuthStep>): void {
    event.stopPropagation();
    void this.show(event.detail);
  }

  private onNavigate(event: CustomEvent<NavigateDetail>): void {
    event.stopPropagation();
    this.dispatchEvent(new CustomEvent<NavigateDetail>(navigateEventName, { detail: event.detail }));
  }

  private onBack(): void {
    requestNavigation(this, 'sign-in');
  }

  private startTimer(seconds: number): void {
    this.stopTimer();
    this.now = Date.now();
    this.resendAt = this.now + seconds * 1000;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        this.now = Date.now();
        if (this.now >= this.resendAt) this.stopTimer();
      }, 1000);
    }
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

defineElement('portico-signup', PorticoSignup);

declare global {
  interface HTMLElementTagNameMap {
    'portico-signup': PorticoSignup;
  }
}
