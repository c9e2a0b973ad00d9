import { eventNames, type SecurityOverview } from '@portico/contract';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { cache } from 'lit/directives/cache.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import '../field/portico-field.ts';
import { defineElement, uniqueId } from '../define.ts';
import type { Localizer } from '../i18n/localize-controller.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import '../i18n/en/account.ts';
import '../mfa-setup/portico-mfa-setup.ts';
import '../recovery-codes/portico-recovery-codes.ts';
import { formatDate } from '../shared/format-date.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { passkeysPossible } from '../shared/passkeys-possible.ts';
import { ReauthController } from '../shared/reauth-controller.ts';
import { SessionFollower } from '../shared/session-follower.ts';
import { announceSecurityChange, type SecurityChange, type SecurityChangedDetail } from '../shared-events.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { securityStyles } from './portico-security.styles.ts';

type Method = 'totp' | 'sms';

/** What the status line says after each change (unless the change says more, see `changed`). */
const changeNotices: Record<SecurityChange, (t: Localizer) => string> = {
  mfa_enabled: (t) => t.msg('mfaEnabledNotice'),
  mfa_disabled: (t) => t.msg('mfaDisabledNotice'),
  recovery_phone_added: (t) => t.msg('recoveryPhoneAddedNotice'),
  recovery_phone_removed: (t) => t.msg('recoveryPhoneRemovedNotice'),
  recovery_codes_generated: (t) => t.msg('recoveryCodesGeneratedNotice'),
  trusted_device_revoked: (t) => t.msg('trustedDeviceRevokedNotice'),
  other_sessions_ended: () => '',
  passkey_added: (t) => t.msg('passkeyAddedNotice'),
  passkey_renamed: (t) => t.msg('passkeyRenamedNotice'),
  passkey_removed: (t) => t.msg('passkeyRemovedNotice'),
};

/** The passkey code (and @simplewebauthn/browser), loaded when a passkey is added. */
const passkeyCeremonies = () => import('../shared/passkey-ceremonies.ts');

/**
 * What to say once a method is on. The advice to add a recovery phone or codes is for those who have neither; whoever
 * turns 2-step verification back on after disabling it still has what was set up before, and is told what still
 * works. Decided now, so that codes generated a moment later are not said to "still" work.
 */
function enabledNotice(overview: SecurityOverview): (t: Localizer) => string {
  const phone = overview.recoveryPhone?.display;
  const count = overview.recoveryCodesLeft ?? 0;
  if (phone && count > 0) return (t) => t.msg('mfaEnabledWithRecoveryPhoneAndCodesNotice', { phone });
  if (phone) return (t) => t.msg('mfaEnabledWithRecoveryPhoneNotice', { phone });
  if (count > 0) return (t) => t.msg('mfaEnabledWithRecoveryCodesNotice', { count });
  return (t) => t.msg('mfaEnabledNotice');
}

/**
 * @summary The 2-step verification section of a profile: whether 2-step verification is on and with which
 * methods ("Turn on" opens `<portico-mfa-setup>`; "Turn off" asks for confirmation with the password), the recovery
 * phone number (add and verify by a texted code, or remove), `<portico-recovery-codes>`, and the trusted devices
 * (label, last use, "Revoke"). Where the policy offers passkeys, "Passkeys" lists them (name, synced or on one device,
 * added, last used) with "Rename" and "Remove" (confirmed with the password), and "Add a passkey" where the browser
 * runs WebAuthn. After a change it says so in a `role="status"` line and offers "Sign out other
 * sessions". When the server wants the password before a change (`reauth_required`), a password form takes the
 * section's place and the change is retried once it is accepted. Where the policy's second factor is an e-mailed
 * code (licensing portal) there is nothing to set up: it says so.
 *
 * Signed in only; it loads `GET /api/account/security` itself, and again at each new sign-in (in this or another tab),
 * with nothing left of what the last session showed. Subsection titles are `role="heading"` elements at
 * `heading-level`.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<SecurityChangedDetail>} portico-security-changed - A setting changed (here or in a nested element). Bubbles, composed.
 * `detail: SecurityChangedDetail` (`{ change, security }`).
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown. Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoSecurity extends LightDomFormElement {
  static override styles = [themeTokens, securityStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The signed-in user's e-mail: for password managers when the password is asked for, and on printed codes. */
  @property() accessor email = '';

  /** The level (1–6) of the subsection headings (recovery phone, recovery codes, trusted devices). */
  @property({ attribute: 'heading-level', type: Number }) accessor headingLevel = 3;

  @state() private accessor overview: SecurityOverview | null = null;
  /** Reading the settings, and a failure to (shown instead of the section). */
  private readonly loading = new RequestController(this);
  private get loadError(): ShownError | null {
    return this.loading.error;
  }
  /** What is open: the setup of a method, or of the recovery phone. */
  @state() private accessor open: 'setup' | 'recovery-phone' | null = null;
  /** The status line, written when rendered (so in the element's language then). */
  @state() private accessor notice: ((t: Localizer) => string) | null = null;
  @state() private accessor offerSignOut = false;
  /** The passkey being renamed (its inline form shows), or null. */
  @state() private accessor renaming: string | null = null;

  private readonly reauth = new ReauthController(this);
  private readonly request = new RequestController(this);
  /** A new sign-in (here or in another tab) finds the settings as they are now, with nothing of the last session's. */
  private readonly sessionFollower = new SessionFollower(this, (signedIn) => {
    if (!signedIn) return;
    this.request.clear();
    this.notice = null;
    this.open = null;
    this.offerSignOut = false;
    void this.reload();
  });
  private readonly noticeId = uniqueId('portico-security-notice');
  private readonly deviceId = uniqueId('portico-security-device');
  private readonly methodId = uniqueId('portico-security-method');
  private readonly passkeyId = uniqueId('portico-security-passkey');

  constructor() {
    super();
    // A failure shown here or in a nested setup or recovery codes: the last change's notice must not stand beside it.
    this.addEventListener(eventNames.error, () => (this.notice = null));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Asks the server for the settings again. */
  async reload(): Promise<void> {
    // A newer reload replaces one still running; a failure takes the section away before it is shown in its place.
    const answer = await this.loading.load(
      (signal) => clientFor(this.api).getSecurity({ signal }),
      () => (this.overview = null),
    );
    if (answer) this.overview = answer;
  }

  protected override renderForm() {
    const overview = this.overview;
    if (!overview) {
      return this.loadError
        ? html`<portico-alert>${errorMessage(this.i18n, this.loadError)}</portico-alert>
            <portico-button variant="text">
              <button type="button" @click=${() => void this.reload()}>${this.msg('tryAgainButton')}</button>
            </portico-button>`
        : html`<p role="status"><portico-spinner></portico-spinner>${this.msg('securityLoading')}</p>`;
    }
    return cache(this.reauth.active ? this.reauth.render() : this.renderOverview(overview));
  }

  private renderOverview(overview: SecurityOverview) {
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 3, 1), 6);
    const heading = (text: string) => html`<div role="heading" aria-level=${level}>${text}</div>`;
    const status = html`<p id=${this.noticeId} role="status" tabindex="-1" data-notice>${this.notice?.(this.i18n) ?? nothing}</p>
      ${this.offerSignOut ? this.button(this.msg('endOtherSessionsButton'), () => void this.endOtherSessions()) : nothing}
      <portico-alert>${this.request.error ? errorMessage(this.i18n, this.request.error) : nothing}</portico-alert>`;
    if (overview.emailCode) {
      return html`${status}<p>${this.msg('mfaEmailCodeNote')}</p>${this.renderDevices(overview, true, heading)}${this.renderPasskeys(overview, heading)}`;
    }
    const enabled: Method[] = overview.available.filter((method) => overview[method] !== null);
    for (const method of ['totp', 'sms'] as const) if (overview[method] && !enabled.includes(method)) enabled.push(method);
    const addable = overview.available.filter((method) => overview[method] === null);
    // Where passkeys answer the second step, having one turns 2-step verification on; they are managed below.
    const passkeyFactor = overview.passkeySecondFactor && (overview.passkeys?.length ?? 0) > 0;
    const on = enabled.length > 0 || passkeyFactor;
    // The policy's last required factor cannot be turned off: no button for it.
    const canDisable = !overview.required || enabled.length > 1;
    return html`
      ${status}
      <p>${on ? this.msg('mfaStatusOn') : this.msg('mfaStatusOff')}</p>
      ${
        on
          ? html`<ul>
            ${enabled.map(
              (method) => html`<li>
                <p id=${`${this.methodId}-${method}`}>${this.methodLine(overview, method)}</p>
                ${
                  canDisable
                    ? html`<portico-button variant="text">
                      <button type="button" aria-describedby=${`${this.methodId}-${method}`} @click=${() => void this.disable(method)}>
                        ${this.msg('mfaDisableButton')}
                      </button>
                    </portico-button>`
                    : nothing
                }
              </li>`,
            )}
            ${passkeyFactor ? html`<li><p>${this.msg('mfaMethodPasskeys', { count: overview.passkeys?.length ?? 0 })}</p></li>` : nothing}
          </ul>`
          : nothing
      }
      ${on && !canDisable ? html`<p>${this.msg('mfaRequiredNote')}</p>` : nothing}
      ${
        this.open === 'setup'
          ? html`<portico-mfa-setup .api=${this.api} .email=${this.email} .methods=${addable} @portico-security-changed=${this.onChanged}></portico-mfa-setup>
            ${this.button(this.msg('cancelButton'), () => void this.close())}`
          : addable.length > 0
            ? this.button(
                on ? this.msg('mfaAddMethodButton') : this.msg('mfaTurnOnButton'),
                () => void this.show('setup'),
                on ? 'text' : 'primary',
                this.opener('setup'),
              )
            : nothing
      }
      ${on && overview.available.includes('sms') ? html`${heading(this.msg('recoveryPhoneHeading'))}${this.renderRecoveryPhone(overview)}` : nothing}
      ${
        on
          ? html`${heading(this.msg('recoveryCodesHeading'))}
            <portico-recovery-codes
              .api=${this.api}
              .email=${this.email}
              .left=${overview.recoveryCodesLeft}
              @portico-security-changed=${this.onChanged}
            ></portico-recovery-codes>`
          : nothing
      }
      ${this.renderDevices(overview, on, heading)}
      ${this.renderPasskeys(overview, heading)}
    `;
  }

  /** Passkeys and security keys: listed with rename and remove, and added where the browser runs WebAuthn. */
  private renderPasskeys(overview: SecurityOverview, heading: (text: string) => TemplateResult) {
    const passkeys = overview.passkeys;
    if (passkeys === null) return nothing;
    return html`${heading(this.msg('passkeysHeading'))}
      <p>${this.msg('passkeysIntro')}${overview.passkeySecondFactor ? ` ${this.msg('passkeysSecondFactorNote')}` : ''}</p>
      ${
        passkeys.length === 0
          ? html`<p>${this.msg('passkeysNone')}</p>`
          : html`<ul>
            ${passkeys.map((passkey, index) => {
              const id = `${this.passkeyId}-${index}`;
              if (this.renaming === passkey.id) return html`<li>${this.renderRename(passkey.id, passkey.name, id)}</li>`;
              const kind = passkey.deviceType === 'multi_device' ? this.msg('passkeySynced') : this.msg('passkeyOneDevice');
              const used = passkey.lastUsedAt
                ? this.msg('passkeyLastUsed', { date: formatDate(this.i18n.locale, passkey.lastUsedAt) })
                : this.msg('passkeyNeverUsed');
              return html`<li data-passkey=${passkey.id}>
                <p id=${id}>${passkey.name}</p>
                <p>${kind} · ${this.msg('passkeyAdded', { date: formatDate(this.i18n.locale, passkey.createdAt) })} · ${used}</p>
                <portico-button variant="text">
                  <button type="button" aria-describedby=${id} @click=${() => void this.startRename(passkey.id)}>${this.msg('passkeyRenameButton')}</button>
                </portico-button>
                <portico-button variant="text">
                  <button type="button" aria-describedby=${id} @click=${() => void this.removePasskey(passkey.id, passkey.name)}>
                    ${this.msg('passkeyRemoveButton')}
                  </button>
                </portico-button>
              </li>`;
            })}
          </ul>`
      }
      ${
        // Without WebAuthn here, passkeys are listed (and may be removed) but not added.
        passkeysPossible()
          ? html`<portico-button variant="text">
            <button type="button" aria-busy=${this.request.busy ? 'true' : 'false'} @click=${() => void this.addPasskey()}>${this.msg('passkeyAddButton')}</button>
          </portico-button>`
          : nothing
      }`;
  }

  private renderRename(id: string, name: string, labelId: string) {
    return html`<form aria-label=${this.msg('passkeyRenameFormLabel')} @submit=${(event: SubmitEvent) => void this.rename(event, id)}>
      <portico-field>
        <label slot="label" for=${labelId}>${this.msg('passkeyNameLabel')}</label>
        <input id=${labelId} name="passkey-name" type="text" autocomplete="off" required maxlength="64" .value=${name} />
      </portico-field>
      <portico-button><button type="submit">${this.msg('passkeySaveNameButton')}</button></portico-button>
      <portico-button variant="text"><button type="button" @click=${() => void this.endRename(id)}>${this.msg('cancelButton')}</button></portico-button>
    </form>`;
  }

  private async startRename(id: string): Promise<void> {
    this.request.clear();
    this.renaming = id;
    await this.updateComplete;
    const input = this.querySelector<HTMLInputElement>('input[name="passkey-name"]');
    input?.focus();
    input?.select();
  }

  /** The rename form goes; focus returns to its passkey's "Rename". */
  private async endRename(id: string): Promise<void> {
    this.renaming = null;
    await this.updateComplete;
    this.querySelector<HTMLElement>(`[data-passkey="${CSS.escape(id)}"] button`)?.focus();
  }

  private async rename(event: SubmitEvent, id: string): Promise<void> {
    event.preventDefault();
    const name = this.querySelector<HTMLInputElement>('input[name="passkey-name"]')?.value.trim() ?? '';
    if (!name) return;
    const security = await this.act(() => clientFor(this.api).renamePasskey({ id, name }));
    if (!security) return;
    this.renaming = null;
    await this.changed('passkey_renamed', security, true);
    // A new name is no change of factors: nobody else need be signed out for it.
    this.offerSignOut = false;
  }

  /** "Add a passkey": the browser's dialog (after the password, if the server wants it first). Closing it changes nothing. */
  private async addPasskey(): Promise<void> {
    let ceremonies: Awaited<ReturnType<typeof passkeyCeremonies>>;
    try {
      ceremonies = await passkeyCeremonies();
    } catch (error) {
      await this.request.fail(error);
      return;
    }
    let cancelled = false;
    const security = await this.act(async () => {
      try {
        return await ceremonies.addPasskey(clientFor(this.api));
      } catch (error) {
        if (!ceremonies.isCancelled(error)) throw error;
        cancelled = true;
        return null;
      }
    });
    if (security && !cancelled) await this.changed('passkey_added', security, true);
  }

  private async removePasskey(id: string, name: string): Promise<void> {
    const confirmed = await this.reauth.ask(
      () => this.msg('passkeyRemoveConfirm', { name }),
      () => this.msg('passkeyRemoveButton'),
    );
    if (!confirmed) return;
    const security = await this.act(() => clientFor(this.api).removePasskey({ id }));
    if (security) await this.changed('passkey_removed', security, true);
  }

  private methodLine(overview: SecurityOverview, method: Method): string {
    if (method === 'totp') return this.msg('mfaMethodTotpSince', { date: formatDate(this.i18n.locale, overview.totp?.enabledAt ?? '') });
    return this.msg('mfaMethodSmsSince', { phone: overview.sms?.display ?? '', date: formatDate(this.i18n.locale, overview.sms?.enabledAt ?? '') });
  }

  private renderRecoveryPhone(overview: SecurityOverview) {
    const phone = overview.recoveryPhone;
    if (phone) {
      return html`<p>${this.msg('recoveryPhoneVerified', { phone: phone.display, date: formatDate(this.i18n.locale, phone.verifiedAt) })}</p>
        ${this.button(this.msg('recoveryPhoneRemoveButton'), () => void this.removeRecoveryPhone())}`;
    }
    if (this.open === 'recovery-phone') {
      return html`<portico-mfa-setup purpose="recovery-phone" .api=${this.api} .email=${this.email} @portico-security-changed=${this.onChanged}></portico-mfa-setup>
        ${this.button(this.msg('cancelButton'), () => void this.close())}`;
    }
    return html`<p>${this.msg('recoveryPhoneNone')}</p>
      ${this.button(this.msg('recoveryPhoneAddButton'), () => void this.show('recovery-phone'), 'text', this.opener('recovery-phone'))}`;
  }

  /** Trusted devices: listed when there are any; while a factor is on, also to say how one is trusted. */
  private renderDevices(overview: SecurityOverview, on: boolean, heading: (text: string) => TemplateResult) {
    const devices = overview.trustedDevices;
    if (devices.length === 0 && (!on || overview.trustDeviceDays === null)) return nothing;
    return html`${heading(this.msg('trustedDevicesHeading'))}
      ${
        devices.length === 0
          ? html`<p>${this.msg('trustedDevicesNone', { days: overview.trustDeviceDays ?? 0 })}</p>`
          : html`<ul>
            ${devices.map((device, index) => {
              const id = `${this.deviceId}-${index}`;
              return html`<li>
                <p id=${id}>${device.current ? this.msg('trustedDeviceCurrent', { label: device.label }) : device.label}</p>
                <p>${this.msg('trustedDeviceDates', { used: formatDate(this.i18n.locale, device.lastUsedAt), until: formatDate(this.i18n.locale, device.expiresAt) })}</p>
                <portico-button variant="text">
                  <button type="button" aria-describedby=${id} @click=${() => void this.revoke(device.id)}>${this.msg('trustedDeviceRevokeButton')}</button>
                </portico-button>
              </li>`;
            })}
          </ul>`
      }`;
  }

  private button(label: string, onClick: () => void, variant: 'primary' | 'text' = 'text', id?: string) {
    return html`<portico-button variant=${variant}><button id=${ifDefined(id)} type="button" @click=${onClick}>${label}</button></portico-button>`;
  }

  /** The id of the button that opens `what`, which gets the focus back on "Cancel". */
  private opener(what: 'setup' | 'recovery-phone'): string {
    return `${this.noticeId}-${what}`;
  }

  private async show(what: 'setup' | 'recovery-phone'): Promise<void> {
    this.request.clear();
    this.open = what;
    await this.updateComplete;
    // The setup's first step takes the focus: its first field, or, with a choice to make, its introduction.
    const setup = this.querySelector('portico-mfa-setup');
    await setup?.updateComplete;
    setup?.focus();
  }

  private async close(): Promise<void> {
    const closed = this.open;
    this.open = null;
    await this.updateComplete;
    if (closed) this.querySelector<HTMLElement>(`#${this.opener(closed)}`)?.focus();
  }

  private async focusNotice(): Promise<void> {
    await this.updateComplete;
    this.querySelector<HTMLElement>(`#${this.noticeId}`)?.focus();
  }

  /** Calls the server (after the password, if it asks for it); a failure is shown and the result is null. */
  private async act<T>(request: () => Promise<T>): Promise<T | null> {
    return (await this.request.run(() => this.reauth.run(request))) ?? null;
  }

  /**
   * A change was made: show the settings as they now are, say so (with `notice`, or the change's usual words), and
   * offer to sign the other sessions out.
   */
  private async changed(change: SecurityChange, security: SecurityOverview | null, announce: boolean, notice?: (t: Localizer) => string): Promise<void> {
    this.open = null;
    this.request.clear();
    if (security) this.overview = security;
    else await this.reload();
    this.notice = notice ?? (change === 'mfa_enabled' && this.overview ? enabledNotice(this.overview) : changeNotices[change]);
    this.offerSignOut = change !== 'trusted_device_revoked';
    await this.focusNotice();
    if (announce) announceSecurityChange(this, { change, security: this.overview });
  }

  /** From the nested setup or recovery codes (the event goes on to the page by itself). */
  private onChanged(event: CustomEvent<SecurityChangedDetail>): void {
    // New recovery codes are on screen in their own element, which has the focus: only the count is refreshed here.
    if (event.detail.change === 'recovery_codes_generated') void this.reload();
    else void this.changed(event.detail.change, event.detail.security, false);
  }

  private async disable(method: Method): Promise<void> {
    const before = this.overview;
    if (!before) return;
    // With another method left, 2-step verification stays on: the question and the notice name the method that goes,
    // and must not say that 2-step verification is off.
    const oneOfTwo = before.totp !== null && before.sms !== null;
    const phone = before.sms?.display ?? '';
    const question = !oneOfTwo
      ? () => this.msg('mfaDisableConfirm')
      : method === 'totp'
        ? () => this.msg('mfaDisableTotpConfirm')
        : () => this.msg('mfaDisableSmsConfirm', { phone });
    const confirmed = await this.reauth.ask(question, () => this.msg('mfaDisableButton'));
    if (!confirmed) return;
    const security = await this.act(() => clientFor(this.api).disableMfa({ method }));
    if (!security) return;
    const stillOn = security.totp !== null || security.sms !== null;
    const notice = !stillOn ? undefined : method === 'totp' ? () => this.msg('mfaTotpDisabledNotice') : () => this.msg('mfaSmsDisabledNotice', { phone });
    await this.changed('mfa_disabled', security, true, notice);
  }

  private async removeRecoveryPhone(): Promise<void> {
    const security = await this.act(() => clientFor(this.api).removeRecoveryPhone());
    if (security) await this.changed('recovery_phone_removed', security, true);
  }

  private async revoke(id: string): Promise<void> {
    const security = await this.act(() => clientFor(this.api).revokeTrustedDevice({ id }));
    if (security) await this.changed('trusted_device_revoked', security, true);
  }

  private async endOtherSessions(): Promise<void> {
    const result = await this.act(() => clientFor(this.api).endOtherSessions());
    if (!result) return;
    this.offerSignOut = false;
    const ended = result.ended;
    // "(0)" reads as a glitch: with nobody else signed in, say that instead.
    this.notice = ended > 0 ? (t) => t.msg('otherSessionsEnded', { count: ended }) : (t) => t.msg('noOtherSessions');
    await this.focusNotice();
    announceSecurityChange(this, { change: 'other_sessions_ended', security: this.overview });
  }
}

defineElement('portico-security', PorticoSecurity);

declare global {
  interface HTMLElementTagNameMap {
    'portico-security': PorticoSecurity;
  }
}
