import { parsePersonalNumber, type PersonalNumberInfo } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { cache } from 'lit/directives/cache.js';
import '../alert/portico-alert.ts';
import { clientFor, configFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import '../i18n/en/bankid.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { ReauthController } from '../shared/reauth-controller.ts';
import { submitButton } from '../shared/submit-button.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { personalNumberStyles } from './portico-personal-number.styles.ts';

/** The longest personnummer as typed: 12 digits and a `-` or `+`. */
const maxLength = 13;

/** Detail of `portico-personal-number-changed`. */
export interface PersonalNumberChangedDetail {
  /** The personnummer as the server now has it (masked), or null once removed. */
  personalNumber: PersonalNumberInfo['personalNumber'];
}

export const personalNumberChangedEventName = 'portico-personal-number-changed';

/**
 * @summary The personnummer BankID signs in with (leasing portal: added under "My details"; stored encrypted). Shows the
 * stored number masked (`19800101-••••`) or that none is added, a field "Personnummer" (hint "YYYYMMDD-NNNN",
 * `inputmode="numeric"`, `autocomplete="off"`) with "Save personnummer", and "Remove personnummer" once one is
 * stored. A number that is not a valid personnummer or samordningsnummer (shape, date, check digit) is refused
 * before it is sent: the error is announced (`role="alert"`), what was typed stays, and the field gets the focus.
 * When the server wants the password before the change (`reauth_required`), a password form takes the section's
 * place and the change is retried once it is accepted. A `role="status"` line says what was saved or removed.
 *
 * Shown only where the policy offers BankID (`bankid` in `GET /api/config`); elsewhere it renders nothing. Signed in
 * only; it loads the number itself. Used inside `<portico-profile>`. Its title is a `role="heading"` element at
 * `heading-level`.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<PersonalNumberChangedDetail>} portico-personal-number-changed - The personnummer was saved or removed. Bubbles, composed.
 * `detail: PersonalNumberChangedDetail` (`{ personalNumber: { masked } | null }`).
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown. Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoPersonalNumber extends LightDomFormElement {
  static override styles = [themeTokens, personalNumberStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The signed-in user's e-mail, for password managers when the password is asked for; optional. */
  @property() accessor email = '';

  /** The level (1–6) of the section's heading. */
  @property({ attribute: 'heading-level', type: Number }) accessor headingLevel = 3;

  /** Whether the policy offers BankID; null until the server said. */
  @state() private accessor enabled: boolean | null = null;
  @state() private accessor info: PersonalNumberInfo | null = null;
  /** Reading the stored personnummer, and a failure to (shown instead of the section). */
  private readonly loading = new RequestController(this);
  private get loadError(): ShownError | null {
    return this.loading.error;
  }
  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    // A failure about the number puts the focus back in the field, with what was typed kept.
    focus: (error) => ['invalid_personal_number', 'invalid_request', 'conflict'].includes(error.code) && this.input?.focus(),
  });
  @state() private accessor notice: 'saved' | 'removed' | null = null;

  private readonly reauth = new ReauthController(this);
  private readonly inputId = uniqueId('portico-personal-number');
  private readonly hintId = uniqueId('portico-personal-number-hint');
  private readonly errorId = uniqueId('portico-personal-number-error');
  private readonly noticeId = uniqueId('portico-personal-number-notice');

  override connectedCallback(): void {
    super.connectedCallback();
    configFor(this.api).then(
      (config) => {
        this.enabled = config.bankid;
        if (config.bankid) void this.reload();
      },
      () => (this.enabled = false), // Without the policy, nothing to offer.
    );
  }

  /** Asks the server for the stored personnummer again. */
  async reload(): Promise<void> {
    // A newer reload replaces one still running; a failure takes the section away before it is shown in its place.
    const answer = await this.loading.load(
      (signal) => clientFor(this.api).getPersonalNumber({ signal }),
      () => (this.info = null),
    );
    if (answer) this.info = answer;
  }

  protected override renderForm() {
    if (!this.enabled) return nothing;
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 3, 1), 6);
    const heading = html`<div role="heading" aria-level=${level}>${this.msg('personalNumberHeading')}</div>`;
    const info = this.info;
    if (!info) {
      return html`${heading}
        ${
          this.loadError
            ? html`<portico-alert>${errorMessage(this.i18n, this.loadError)}</portico-alert>
              <portico-button variant="text">
                <button type="button" @click=${() => void this.reload()}>${this.msg('tryAgainButton')}</button>
              </portico-button>`
            : html`<p role="status"><portico-spinner></portico-spinner>${this.msg('personalNumberLoading')}</p>`
        }`;
    }
    return html`${heading}${cache(this.reauth.active ? this.reauth.render() : this.renderSection(info))}`;
  }

  private renderSection(info: PersonalNumberInfo) {
    const stored = info.personalNumber;
    const { busy, error } = this.request;
    const invalid = error?.code === 'invalid_personal_number' || error?.code === 'invalid_request' || error?.code === 'conflict';
    const describedBy = [this.hintId, error ? this.errorId : ''].filter(Boolean).join(' ');
    // The format hint is a span, a plain row of the form's grid: no style of this element reaches into the form, and a
    // paragraph there would keep the browser's margins, set apart from the field it describes.
    return html`
      <p>${this.msg('personalNumberIntro')}</p>
      <p>${stored ? this.msg('personalNumberCurrent', { masked: stored.masked }) : this.msg('personalNumberNone')}</p>
      <p id=${this.noticeId} role="status" tabindex="-1" data-notice>${
        this.notice === 'saved' ? this.msg('personalNumberSaved') : this.notice === 'removed' ? this.msg('personalNumberRemoved') : nothing
      }</p>
      <form aria-label=${this.msg('personalNumberFormLabel')} novalidate @submit=${this.onSave}>
        <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
        <portico-field>
          <label slot="label" for=${this.inputId}>${this.msg('personalNumberLabel')}</label>
          <input
            id=${this.inputId}
            name="personal-number"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            spellcheck="false"
            required
            maxlength=${maxLength}
            aria-invalid=${invalid ? 'true' : 'false'}
            aria-describedby=${describedBy}
            @input=${this.onEdit}
          />
        </portico-field>
        <span id=${this.hintId}>${this.msg('personalNumberHint')}</span>
        ${submitButton(busy, this.msg('personalNumberSaveButton'), this.msg('personalNumberSaving'))}
      </form>
      ${
        stored
          ? html`<portico-button variant="text">
            <button type="button" @click=${() => void this.removeNumber()}>${this.msg('personalNumberRemoveButton')}</button>
          </portico-button>`
          : nothing
      }
    `;
  }

  private message(error: ShownError): string {
    if (error.code === 'invalid_request') return this.msg('errorInvalidPersonalNumber');
    if (error.code === 'conflict') return this.msg('personalNumberConflict');
    return errorMessage(this.i18n, error);
  }

  private get input(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.inputId}`);
  }

  /** An edit starts a new attempt: the last status line no longer describes what is on screen. */
  private onEdit(): void {
    this.notice = null;
    this.request.edited();
  }

  private async onSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.input;
    if (this.request.busy || !input) return;
    const personalNumber = input.value.trim();
    this.notice = null;
    // Checked here first (shape, date, check digit), so a typo is caught before anything is sent.
    if (parsePersonalNumber(personalNumber) === null) {
      // Cleared first, so that the same error again is new text in the live region and is read out again.
      this.request.clear();
      await this.updateComplete;
      await this.request.show({ code: 'invalid_personal_number' });
      return;
    }
    const info = await this.act(() => clientFor(this.api).setPersonalNumber({ personalNumber }));
    if (!info) return;
    await this.changed(info, 'saved');
  }

  private async removeNumber(): Promise<void> {
    const info = await this.act(() => clientFor(this.api).removePersonalNumber());
    if (!info) return;
    await this.changed(info, 'removed');
  }

  /** Calls the server (after the password, if it asks for it); a failure is shown and the result is null. */
  private async act(request: () => Promise<PersonalNumberInfo>): Promise<PersonalNumberInfo | null> {
    // "Saved" or "removed" was about the last attempt, not this one.
    this.notice = null;
    return (await this.request.run(() => this.reauth.run(request))) ?? null;
  }

  private async changed(info: PersonalNumberInfo, notice: 'saved' | 'removed'): Promise<void> {
    this.info = info;
    this.notice = notice;
    await this.updateComplete;
    // The number is stored (masked above): it does not stay in the field.
    const input = this.input;
    if (input) input.value = '';
    this.querySelector<HTMLElement>(`#${this.noticeId}`)?.focus();
    const detail: PersonalNumberChangedDetail = { personalNumber: info.personalNumber };
    this.dispatchEvent(new CustomEvent(personalNumberChangedEventName, { detail, bubbles: true, composed: true }));
  }
}

defineElement('portico-personal-number', PorticoPersonalNumber);

declare global {
  interface HTMLElementTagNameMap {
    'portico-personal-number': PorticoPersonalNumber;
  }
  interface GlobalEventHandlersEventMap {
    'portico-personal-number-changed': CustomEvent<PersonalNumberChangedDetail>;
  }
}
