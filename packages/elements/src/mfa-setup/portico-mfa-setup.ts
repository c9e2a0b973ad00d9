import { PorticoApiError } from '@portico/client';
import { type AuthStep, type PhoneCodeSent, type SecurityOverview, type TotpSetup } from '@portico/contract';
import { html, nothing, type LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { cache } from 'lit/directives/cache.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import '../code-input/portico-code-input.ts';
import type { PorticoCodeInput } from '../code-input/portico-code-input.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import '../i18n/en/mfa-setup.ts';
import { CooldownController } from '../shared/cooldown-controller.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import type { ReauthController } from '../shared/reauth-controller.ts';
import { backToSignInButton, resendButton, submitButton } from '../shared/submit-button.ts';
import { announceSecurityChange, requestNavigation, stepEventName } from '../shared-events.ts';
import { themeTokens } from '../theme/tokens.ts';
import { mfaSetupStyles } from './portico-mfa-setup.styles.ts';

type SetupMethod = 'totp' | 'sms';
type Phase = 'choose' | 'totp' | 'phone' | 'code';

/** The `otpauth://` URI as a QR code image (an SVG data URL). The QR generator is loaded only now, on first use. */
async function qrImage(uri: string): Promise<string> {
  const { toString } = await import('qrcode');
  const svg = await toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** A base32 key in groups of four, as people type it: `JBSW Y3DP EHPK 3PXP`. */
const groupKey = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * @summary Sets up a second factor (two-step verification): choose "Authenticator app" (advised) or "Text message (SMS)", which
 * carries a visible note that SMS is the weaker of the two. App: a QR code of the `otpauth://` URI (drawn by a QR
 * generator loaded only when needed) and the key in groups of four for typing, then a code from the app and
 * "Enable". SMS: a phone number (`input[type="tel"][autocomplete="tel"]`), then the texted code, with "Resend code"
 * once the server's wait is over and "Use another number". Calls the API itself.
 *
 * Signed in (in `<portico-security>`), changes need a recent password: when the server asks for it
 * (`reauth_required`), a password form appears in place of the setup and the step is retried once it is accepted.
 * Given a `challenge` (the `mfa_setup` step of a sign-in whose policy requires a factor), it uses the sign-in's
 * endpoints instead and ends signed in. With `purpose="recovery-phone"` it adds and verifies a recovery phone number
 * (the SMS steps only).
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<SecurityChangedDetail>} portico-security-changed - Signed in: a method was enabled or the recovery phone verified. Bubbles,
 * composed. `detail: SecurityChangedDetail` (`{ change: 'mfa_enabled' | 'recovery_phone_added', security }`).
 * @fires {CustomEvent<StepDetail>} portico-step - With a challenge: the server's answer once the factor is enabled (`done`). Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - With a challenge: "Back to sign in", or the sign-in expired (`{ to: 'sign-in', error? }`).
 * Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown. Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoMfaSetup extends LightDomFormElement {
  static override styles = [themeTokens, mfaSetupStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The signed-in user's e-mail, for password managers when the password is asked for; optional. */
  @property() accessor email = '';

  /** The `mfa_setup` step's challenge: set up during sign-in. Empty (the default): for the signed-in user. */
  @property() accessor challenge = '';

  /** The methods offered (the policy's: `SecurityOverview.available`, or the `mfa_setup` step's `methods`). */
  @property({ attribute: false }) accessor methods: SetupMethod[] = ['totp', 'sms'];

  /** `factor` (default): set up a second factor. `recovery-phone`: add a recovery phone number. */
  @property() accessor purpose: 'factor' | 'recovery-phone' = 'factor';

  @state() private accessor phase: Phase = 'choose';
  @state() private accessor totp: TotpSetup | null = null;
  /** The QR code image; '' while it is drawn, null if it could not be (the key is shown anyway). */
  @state() private accessor qr: string | null = '';
  @state() private accessor sent: PhoneCodeSent | null = null;
  private readonly request = new RequestController(this, {
    // A second step that expired cannot be set up any more: the sign-in starts over, saying why.
    handled: (error) => this.challenge !== '' && error.code === 'mfa_expired' && (this.leave(error), true),
  });
  @state() private accessor sends = 0;

  /**
   * Asks for the password when a signed-in change needs a recent sign-in. Loaded on the first signed-in call: during
   * sign-in (the `mfa_setup` step) nothing needs it, so `<portico-auth>` never downloads it.
   */
  private reauth: ReauthController | null = null;
  private readonly resend = new CooldownController(this);
  private readonly errorId = uniqueId('portico-mfa-setup-error');
  private readonly introId = uniqueId('portico-mfa-setup-intro');
  private readonly phoneId = uniqueId('portico-mfa-setup-phone');
  private readonly phoneHintId = uniqueId('portico-mfa-setup-phone-hint');
  private readonly appHintId = uniqueId('portico-mfa-setup-app-hint');
  private readonly smsHintId = uniqueId('portico-mfa-setup-sms-hint');
  private lastPhone = '';

  protected override willUpdate(changed: PropertyValues): void {
    // One way only: no choice to make.
    if (!this.hasUpdated && (this.purpose === 'recovery-phone' || this.only('sms'))) this.phase = 'phone';
    if (changed.has('sent') && this.sent) this.resend.start(this.sent.resendAfterSeconds);
  }

  protected override firstUpdated(): void {
    // Only the app: its key is fetched at once (after this update, as that changes the state again).
    if (this.only('totp')) queueMicrotask(() => void this.begin('totp'));
  }

  private only(method: SetupMethod): boolean {
    return this.purpose === 'factor' && this.methods.length === 1 && this.methods[0] === method;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const settled = await super.getUpdateComplete();
    const codeInput: LitElement | null = this.codeInput;
    return (await codeInput?.updateComplete) ?? settled;
  }

  /** Focuses the current step: its first field, or its introduction when there is something to read first. */
  override focus(): void {
    if (this.phase === 'phone') this.phoneInput?.focus();
    else if (this.phase === 'code') this.codeInput?.focus();
    else this.querySelector<HTMLElement>(`#${this.introId}`)?.focus();
  }

  protected override renderForm() {
    return cache(this.reauth?.active ? this.reauth.render() : this.renderPhase());
  }

  private renderPhase() {
    const { busy, error } = this.request;
    const alert = html`<portico-alert id=${this.errorId}>${error ? errorMessage(this.i18n, error) : nothing}</portico-alert>`;
    const invalid = error !== null && ['invalid_code', 'code_expired', 'too_many_attempts', 'invalid_request', 'invalid_phone'].includes(error.code);
    const describedBy = error ? this.errorId : '';
    const back = this.challenge ? backToSignInButton(this.i18n, this) : nothing;
    const otherMethod =
      this.purpose === 'factor' && this.methods.length > 1
        ? html`<portico-button variant="text">
            <button type="button" @click=${this.chooseAgain}>${this.msg('mfaSetupOtherMethod')}</button>
          </portico-button>`
        : nothing;
    const smsNote = html`<p id=${this.smsHintId}>${this.msg('mfaSetupSmsWeaker')}</p>`;

    switch (this.phase) {
      case 'choose':
        return html`<p id=${this.introId} tabindex="-1">${this.challenge ? this.msg('mfaSetupRequiredIntro') : this.msg('mfaSetupIntro')}</p>
          ${alert}
          <ul>
            ${
              this.methods.includes('totp')
                ? html`<li>
                  <portico-button>
                    <button type="button" aria-describedby=${this.appHintId} @click=${() => void this.begin('totp')}>${this.msg('mfaSetupAppButton')}</button>
                  </portico-button>
                  <p id=${this.appHintId}>${this.msg('mfaSetupAppHint')}</p>
                </li>`
                : nothing
            }
            ${
              this.methods.includes('sms')
                ? html`<li>
                  <portico-button variant=${this.methods.includes('totp') ? 'text' : 'primary'}>
                    <button type="button" aria-describedby=${this.smsHintId} @click=${() => void this.begin('sms')}>${this.msg('mfaSetupSmsButton')}</button>
                  </portico-button>
                  ${smsNote}
                </li>`
                : nothing
            }
          </ul>
          ${back}`;
      case 'totp': {
        const secret = this.totp?.secret ?? '';
        return html`<p id=${this.introId} tabindex="-1">${this.msg('mfaSetupScan')}</p>
          ${
            this.qr
              ? html`<img src=${this.qr} alt=${this.msg('mfaSetupQrAlt')} width="192" height="192" />`
              : this.qr === ''
                ? html`<p role="status">${this.msg('mfaSetupQrLoading')}</p>`
                : nothing
          }
          <p>${this.msg('mfaSetupKeyIntro')}</p>
          <code>${groupKey(secret)}</code>
          <form aria-label=${this.msg('mfaSetupAppFormLabel')} @submit=${this.onConfirm} @input=${this.onEdit}>
            ${alert}
            <portico-code-input .label=${this.msg('mfaSetupAppCodeLabel')} .invalid=${invalid} .describedBy=${describedBy}></portico-code-input>
            ${submitButton(busy, this.msg('mfaEnableButton'), this.msg('mfaEnabling'))}
          </form>
          ${otherMethod} ${back}`;
      }
      case 'phone': {
        const recovery = this.purpose === 'recovery-phone';
        return html`<form aria-label=${recovery ? this.msg('recoveryPhoneFormLabel') : this.msg('mfaSetupSmsFormLabel')} @submit=${this.onSendCode} @input=${this.onEdit}>
            ${recovery ? html`<p>${this.msg('recoveryPhoneIntro')}</p>` : smsNote}
            ${alert}
            <portico-field>
              <label slot="label" for=${this.phoneId}>${this.msg('phoneLabel')}</label>
              <input
                id=${this.phoneId}
                name="phone"
                type="tel"
                autocomplete="tel"
                required
                maxlength="32"
                .value=${this.lastPhone}
                aria-invalid=${invalid ? 'true' : 'false'}
                aria-describedby=${ifDefined([this.phoneHintId, describedBy].filter(Boolean).join(' '))}
              />
            </portico-field>
            <p id=${this.phoneHintId}>${this.msg('phoneHint')}</p>
            ${submitButton(busy, this.msg('sendCodeButton'), this.msg('sending'))}
          </form>
          ${otherMethod} ${back}`;
      }
      case 'code': {
        const wait = this.resend.seconds;
        return html`<form aria-label=${this.purpose === 'recovery-phone' ? this.msg('recoveryPhoneFormLabel') : this.msg('mfaSetupSmsFormLabel')} @submit=${this.onConfirm} @input=${this.onEdit}>
            <p role="status">${keyed(this.sends, this.msg('phoneCodeSent', { phone: this.sent?.phone ?? '' }))}</p>
            ${alert}
            <portico-code-input .invalid=${invalid} .describedBy=${describedBy}></portico-code-input>
            ${submitButton(busy, this.purpose === 'recovery-phone' ? this.msg('verifyCodeButton') : this.msg('mfaEnableButton'), this.msg('verifying'))}
          </form>
          ${resendButton(this.i18n, wait, () => void this.onResend())}
          <portico-button variant="text">
            <button type="button" @click=${this.otherNumber}>${this.msg('phoneOtherNumber')}</button>
          </portico-button>
          ${back}`;
      }
    }
  }

  private get codeInput(): PorticoCodeInput | null {
    return this.querySelector('portico-code-input');
  }

  private get phoneInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.phoneId}`);
  }

  private async begin(method: SetupMethod): Promise<void> {
    if (this.request.busy) return;
    this.request.clear();
    if (method === 'sms') {
      await this.go('phone');
      return;
    }
    const client = clientFor(this.api);
    const totp = await this.call(() => (this.challenge ? client.startChallengeTotpSetup({ challenge: this.challenge }) : client.startTotpSetup()));
    if (!totp) return;
    this.totp = totp;
    this.qr = '';
    await this.go('totp');
    try {
      this.qr = await qrImage(totp.uri);
    } catch {
      this.qr = null; // The key below the QR code still works.
    }
  }

  private async chooseAgain(): Promise<void> {
    this.request.clear();
    await this.go('choose');
  }

  private async otherNumber(): Promise<void> {
    this.request.clear();
    await this.go('phone');
  }

  private async go(phase: Phase): Promise<void> {
    this.phase = phase;
    await this.updateComplete;
    this.focus();
  }

  /** A field being edited: an error about what was typed there no longer applies. */
  private onEdit(): void {
    this.request.edited();
  }

  private async onSendCode(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.lastPhone = this.phoneInput?.value ?? '';
    await this.sendCode(() => this.phoneInput?.focus());
  }

  private async onResend(): Promise<void> {
    await this.sendCode((refused) => {
      // Refused for now: the button counts down the server's wait, from before the refusal is announced.
      if (refused.code === 'rate_limited' && refused.retryAfterSeconds !== undefined) this.resend.start(refused.retryAfterSeconds);
      this.codeInput?.focus();
    });
  }

  private async sendCode(focusOnError: (error: ShownError) => void): Promise<void> {
    const phone = this.lastPhone;
    const client = clientFor(this.api);
    const sent = await this.call(
      () =>
        this.purpose === 'recovery-phone'
          ? client.addRecoveryPhone({ phone })
          : this.challenge
            ? client.startChallengeSmsSetup({ challenge: this.challenge, phone })
            : client.startSmsSetup({ phone }),
      focusOnError,
    );
    if (!sent) return;
    this.sent = sent;
    this.sends += 1;
    await this.go('code');
    const codeInput = this.codeInput;
    if (codeInput) codeInput.value = '';
  }

  private async onConfirm(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = this.codeInput?.value ?? '';
    const client = clientFor(this.api);
    const selectCode = () => this.codeInput?.select();
    const app = this.phase === 'totp';
    if (this.challenge) {
      const request = { challenge: this.challenge, code };
      const next = await this.call<AuthStep>(() => (app ? client.confirmChallengeTotpSetup(request) : client.confirmChallengeSmsSetup(request)), selectCode);
      if (next) this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
      return;
    }
    const security = await this.call<SecurityOverview>(
      () =>
        this.purpose === 'recovery-phone' ? client.confirmRecoveryPhone({ code }) : app ? client.confirmTotpSetup({ code }) : client.confirmSmsSetup({ code }),
      selectCode,
    );
    if (security) announceSecurityChange(this, { change: this.purpose === 'recovery-phone' ? 'recovery_phone_added' : 'mfa_enabled', security });
  }

  /**
   * Calls the server (signed in: after the password, if it asks for it). A failure is shown, `focusOnError` puts the
   * focus on the field to fix, and the result is null; so is it when the password prompt was cancelled.
   */
  private async call<T>(request: () => Promise<T>, focusOnError?: (error: ShownError) => void): Promise<T | null> {
    const answer = await this.request.run(
      async () => {
        if (this.challenge) return request();
        if (!this.reauth) {
          const { ReauthController } = await import('../shared/reauth-controller.ts').catch(() => {
            throw new PorticoApiError(0, 'network_error', 'The password check could not be loaded.');
          });
          this.reauth ??= new ReauthController(this);
        }
        return this.reauth.run(request);
      },
      { focus: focusOnError },
    );
    return answer ?? null;
  }

  private leave(error?: ShownError): void {
    requestNavigation(this, 'sign-in', error);
  }
}

defineElement('portico-mfa-setup', PorticoMfaSetup);

declare global {
  interface HTMLElementTagNameMap {
    'portico-mfa-setup': PorticoMfaSetup;
  }
}
