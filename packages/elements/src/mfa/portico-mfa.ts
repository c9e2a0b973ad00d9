import { type MfaChannel, type MfaOption, type MfaStep } from '@portico/contract';
import { html, nothing, type LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import '../code-input/portico-code-input.ts';
import type { PorticoCodeInput } from '../code-input/portico-code-input.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import type { Localizer } from '../i18n/localize-controller.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { CooldownController } from '../shared/cooldown-controller.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { backToSignInButton, resendButton, submitButton } from '../shared/submit-button.ts';
import { requestNavigation, stepEventName } from '../shared-events.ts';
import { themeTokens } from '../theme/tokens.ts';
import { mfaStyles } from './portico-mfa.styles.ts';

/** Failures after which this sign-in cannot go on: the owner starts it over (with the reason shown there). */
const fatalErrors: ReadonlySet<ShownError['code']> = new Set(['mfa_expired', 'too_many_attempts']);

/** How a way to get a code reads ("Text message to +46 ••• 12"). */
function mfaOptionLabel(t: Localizer, option: MfaOption): string {
  const destination = option.destination ?? '';
  switch (option.channel) {
    case 'totp':
      return t.msg('mfaOptionTotp');
    case 'sms':
      return t.msg('mfaOptionSms', { destination });
    case 'email':
      return t.msg('mfaOptionEmail', { destination });
    case 'recovery_phone':
      return t.msg('mfaOptionRecoveryPhone', { destination });
    case 'webauthn':
      return t.msg('mfaOptionWebauthn');
  }
}

/** The passkey code, loaded only when a passkey answers the step. */
const passkeyCeremonies = () => import('../shared/passkey-ceremonies.ts');

/**
 * @summary The second step of signing in ("2-step verification"; the licensing portal's e-mailed code): renders the
 * server's `mfa` step. Says where the code comes from (the app, or the masked phone number or address it was sent
 * to), takes it in a `<portico-code-input>` (`autocomplete="one-time-code"`), or, for a passkey or security key
 * (channel `webauthn`), offers "Use passkey or security key", which opens the browser's dialog; and offers what the step allows:
 * "Trust this device for n days" (a checkbox, when the policy offers it), "Resend code" once the server's wait is
 * over (for a sent code), "Use another method" (the other channels; choosing one that sends a code asks the server
 * to send it), and "Use a recovery code" (a text field instead of the code). Calls the API itself.
 *
 * A wrong code is announced (`role="alert"`) and stays selected in its field for retyping. When this sign-in cannot
 * go on (`mfa_expired`, `too_many_attempts`) it asks its owner to start over: `portico-navigate` with the reason.
 *
 * @slot - Holds the rendered form; do not put your own content here.
 *
 * @fires {CustomEvent<StepDetail>} portico-step - The server's answer to a code: `detail: AuthStep` (normally `done`); and the new `mfa`
 * step after a code was sent again or to another method. Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - "Back to sign in", or this sign-in ended: `{ to: 'sign-in', error? }`. Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown here. Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoMfa extends LightDomFormElement {
  static override styles = [themeTokens, mfaStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The server's `mfa` step. Set by the owner; a code sent to another channel replaces it from here. */
  @property({ attribute: false }) accessor step: MfaStep | null = null;

  /** The channel whose code is typed: the step's, or the app when the user switched to it. */
  @state() private accessor channel: MfaChannel = 'totp';
  @state() private accessor recovery = false;
  @state() private accessor optionsOpen = false;
  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    // The field to fix gets the focus, its text selected so the next code typed replaces it.
    focus: () => {
      if (this.recovery) {
        this.recoveryInput?.focus();
        this.recoveryInput?.select();
      } else this.codeInput?.select();
    },
    // The sign-in cannot go on: its owner starts over, saying why.
    handled: (error) => fatalErrors.has(error.code) && (this.leave(error), true),
  });
  /** Counts the codes sent while this element is shown, so each new one is announced again. */
  @state() private accessor sends = 0;

  private readonly resend = new CooldownController(this);
  private readonly errorId = uniqueId('portico-mfa-error');
  private readonly statusId = uniqueId('portico-mfa-status');
  private readonly optionsId = uniqueId('portico-mfa-options');
  private readonly recoveryId = uniqueId('portico-mfa-recovery');
  private readonly trustId = uniqueId('portico-mfa-trust');

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('step') || !this.step) return;
    this.channel = this.step.channel;
    this.resend.start(this.step.resendAfterSeconds);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const settled = await super.getUpdateComplete();
    const codeInput: LitElement | null = this.codeInput;
    return (await codeInput?.updateComplete) ?? settled;
  }

  /** Focuses the field the code goes into. */
  override focus(): void {
    if (this.recovery) this.recoveryInput?.focus();
    else if (this.channel === 'webauthn') this.querySelector<HTMLButtonElement>('form button[type="submit"]')?.focus();
    else this.codeInput?.focus();
  }

  protected override renderForm() {
    const step = this.step;
    if (!step) return nothing;
    const option = step.options.find((candidate) => candidate.channel === this.channel);
    const destination = option?.destination ?? '';
    const sent = this.channel !== 'totp' && this.channel !== 'webauthn';
    const passkey = this.channel === 'webauthn' && !this.recovery;
    const { busy, error } = this.request;
    const codeError = error !== null && ['invalid_code', 'code_expired', 'invalid_request'].includes(error.code);
    // The field is described by where the code was sent ("We have sent a code to …"), and by the error if any.
    const describedBy = error ? `${this.statusId} ${this.errorId}` : this.statusId;
    const others = step.options.filter((candidate) => candidate.channel !== this.channel);
    const wait = this.resend.seconds;
    return html`
      <form aria-label=${this.msg('mfaFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
        <p id=${this.statusId} role="status">
          ${keyed(`${this.sends}-${this.channel}-${this.recovery}`, this.recovery ? this.msg('mfaRecoveryIntro') : this.intro(step, this.channel, destination))}
        </p>
        <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
        ${
          passkey
            ? nothing
            : this.recovery
              ? html`<portico-field>
              <label slot="label" for=${this.recoveryId}>${this.msg('recoveryCodeLabel')}</label>
              <input
                id=${this.recoveryId}
                name="recovery-code"
                type="text"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                required
                maxlength="64"
                aria-invalid=${codeError ? 'true' : 'false'}
                aria-describedby=${describedBy}
              />
            </portico-field>`
              : html`<portico-code-input .invalid=${codeError} .describedBy=${describedBy}></portico-code-input>`
        }
        ${
          step.trustDeviceDays !== null
            ? html`<div>
              <input id=${this.trustId} name="trust-device" type="checkbox" />
              <label for=${this.trustId}>${this.msg('trustDevice', { days: step.trustDeviceDays })}</label>
            </div>`
            : nothing
        }
        ${passkey ? submitButton(busy, this.msg('mfaPasskeyButton'), this.msg('passkeySigningIn')) : submitButton(busy, this.msg('mfaVerifyButton'), this.msg('verifying'))}
      </form>
      ${sent && !this.recovery ? resendButton(this.i18n, wait, () => void this.send(this.channel)) : nothing}
      ${
        others.length > 0
          ? html`<portico-button variant="text">
              <button type="button" aria-expanded=${this.optionsOpen ? 'true' : 'false'} aria-controls=${this.optionsId} @click=${this.toggleOptions}>
                ${this.msg('mfaOtherMethod')}
              </button>
            </portico-button>
            <ul id=${this.optionsId} ?hidden=${!this.optionsOpen}>
              ${others.map(
                (other) => html`<li>
                  <portico-button variant="text">
                    <button type="button" @click=${() => void this.choose(other.channel)}>${mfaOptionLabel(this.i18n, other)}</button>
                  </portico-button>
                </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        step.recoveryCodes
          ? html`<portico-button variant="text">
            <button type="button" @click=${this.toggleRecovery}>${this.recovery ? this.msg('mfaUseCode') : this.msg('mfaUseRecoveryCode')}</button>
          </portico-button>`
          : nothing
      }
      ${backToSignInButton(this.i18n, this)}
    `;
  }

  private intro(step: MfaStep, channel: MfaChannel, destination: string): string {
    // No code went out and none is waiting: say so, and for how long, rather than claim one was sent.
    if (step.codeStatus === 'limited' && channel === step.channel) {
      const minutes = Math.max(1, Math.ceil(step.resendAfterSeconds / 60));
      const limited = minutes === 1 ? this.msg('mfaCodeLimitedOneMinute', { destination }) : this.msg('mfaCodeLimitedMinutes', { destination, minutes });
      const otherWays = step.options.length > 1 || step.recoveryCodes;
      return `${limited} ${otherWays ? this.msg('mfaCodeLimitedOtherMethod') : this.msg('mfaCodeLimitedTryThen')}`;
    }
    switch (channel) {
      case 'totp':
        return this.msg('mfaTotpIntro');
      case 'sms':
        return this.msg('mfaSmsIntro', { destination });
      case 'email':
        return this.msg('mfaEmailIntro', { destination });
      case 'recovery_phone':
        return this.msg('mfaRecoveryPhoneIntro', { destination });
      case 'webauthn':
        return this.msg('mfaPasskeyIntro');
    }
  }

  private message(error: ShownError): string {
    // A malformed recovery code is, to the person typing it, just a wrong one.
    if (this.recovery && (error.code === 'invalid_request' || error.code === 'invalid_code')) return this.msg('errorInvalidRecoveryCode');
    if (error.code === 'invalid_request') return this.msg('codeIncomplete');
    return errorMessage(this.i18n, error);
  }

  private get codeInput(): PorticoCodeInput | null {
    return this.querySelector('portico-code-input');
  }

  private get recoveryInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.recoveryId}`);
  }

  private get trustInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.trustId}`);
  }

  private toggleOptions(): void {
    this.optionsOpen = !this.optionsOpen;
  }

  private async toggleRecovery(): Promise<void> {
    this.recovery = !this.recovery;
    this.request.clear();
    await this.updateComplete;
    this.focus();
  }

  /** Another way to get a code: the app needs nothing sent; the others ask the server to send one. */
  private async choose(channel: MfaChannel): Promise<void> {
    this.optionsOpen = false;
    this.recovery = false;
    // The app and a passkey need nothing sent; the others ask the server to send one.
    if (channel === 'totp' || channel === 'webauthn') {
      this.request.clear();
      this.channel = channel;
      await this.updateComplete;
      this.focus();
      return;
    }
    await this.send(channel);
  }

  private async send(channel: MfaChannel): Promise<void> {
    const step = this.step;
    if (!step || channel === 'totp' || channel === 'webauthn') return;
    const next = await this.request.run(() => clientFor(this.api).sendMfaCode({ challenge: step.challenge, channel }), {
      focus: (refused) => {
        // Refused for now: the button counts down the server's wait, from before the refusal is announced.
        if (refused.code === 'rate_limited' && refused.retryAfterSeconds !== undefined) this.resend.start(refused.retryAfterSeconds);
        this.codeInput?.select();
      },
    });
    if (!next) return;
    this.sends += 1;
    this.step = next;
    await this.updateComplete;
    // An earlier code may no longer work: the new one goes into an empty field.
    const codeInput = this.codeInput;
    if (codeInput) codeInput.value = '';
    this.focus();
    // The owner keeps the step (a reload then expects the code of the method switched to).
    this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
  }
  /** A field being edited: an error about what was typed there no longer applies. */
  private onEdit(): void {
    this.request.edited();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const step = this.step;
    if (this.request.busy || !step) return;
    const trustDevice = this.trustInput?.checked ?? false;
    const channel = this.channel;
    if (channel === 'webauthn' && !this.recovery) {
      await this.answerWithPasskey(step, trustDevice);
      return;
    }
    const recoveryCode = this.recoveryInput?.value.trim() ?? '';
    // An incomplete code or an empty recovery field never gets here: the form's own validation stops it.
    const code = this.codeInput?.value ?? '';
    const next = await this.request.run(() =>
      clientFor(this.api).verifyMfa(
        // A passkey's step with the recovery field open takes the recovery code.
        this.recovery || channel === 'webauthn'
          ? { challenge: step.challenge, recoveryCode, trustDevice }
          : { challenge: step.challenge, channel, code, trustDevice },
      ),
    );
    if (next) this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
  }
  /** The browser's passkey dialog answers the step; closing it changes nothing (the button stays). */
  private async answerWithPasskey(step: MfaStep, trustDevice: boolean): Promise<void> {
    const next = await this.request.run(async () => {
      const ceremonies = await passkeyCeremonies();
      try {
        return await ceremonies.answerSecondStep(clientFor(this.api), step.challenge, trustDevice);
      } catch (error) {
        if (ceremonies.isCancelled(error)) return null;
        throw error;
      }
    });
    if (next) this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
  }
  private leave(error?: ShownError): void {
    requestNavigation(this, 'sign-in', error);
  }
}

defineElement('portico-mfa', PorticoMfa);

declare global {
  interface HTMLElementTagNameMap {
    'portico-mfa': PorticoMfa;
  }
}
