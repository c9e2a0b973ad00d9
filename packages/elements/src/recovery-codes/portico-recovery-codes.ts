import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { cache } from 'lit/directives/cache.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import { errorMessage } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import '../i18n/en/account.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { ReauthController } from '../shared/reauth-controller.ts';
import { announceSecurityChange } from '../shared-events.ts';
import { themeTokens } from '../theme/tokens.ts';
import { recoveryCodesStyles } from './portico-recovery-codes.styles.ts';

/**
 * @summary Recovery codes (two-step verification): "Generate codes" asks the server for ten single-use codes (regenerating first
 * asks for confirmation: the new codes replace all the old ones). They are shown once, behind a "Show codes" toggle,
 * with "Print" (just the codes, from a hidden frame) and "Download" (a text file); "Done" hides them for good and
 * the element says how many are left (`left`, from the security overview). Calls the API itself; when the server
 * wants the password first (`reauth_required`), a password form appears and generating is retried once it is
 * accepted.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<SecurityChangedDetail>} portico-security-changed - New codes were generated. Bubbles, composed.
 * `detail: SecurityChangedDetail` (`{ change: 'recovery_codes_generated', security: null }`).
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown. Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows and codes.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoRecoveryCodes extends LightDomFormElement {
  static override styles = [themeTokens, recoveryCodesStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The signed-in user's e-mail: named in the printout and file, and for password managers; optional. */
  @property() accessor email = '';

  /** Unused codes left (`SecurityOverview.recoveryCodesLeft`); null when none were ever generated. */
  @property({ attribute: false }) accessor left: number | null = null;

  @state() private accessor phase: 'idle' | 'confirm' | 'shown' = 'idle';
  @state() private accessor codes: string[] = [];
  @state() private accessor visible = false;
  private readonly request = new RequestController(this);

  private readonly reauth = new ReauthController(this);
  private readonly listId = uniqueId('portico-recovery-codes-list');
  private readonly statusId = uniqueId('portico-recovery-codes-status');
  private printFrame: HTMLIFrameElement | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.printFrame?.remove();
    this.printFrame = null;
  }

  protected override renderForm() {
    return cache(this.reauth.active ? this.reauth.render() : this.renderPhase());
  }

  private renderPhase() {
    const { busy, error } = this.request;
    const alert = html`<portico-alert>${error ? errorMessage(this.i18n, error) : nothing}</portico-alert>`;
    const button = (label: string, onClick: () => void, variant: 'primary' | 'text' = 'primary') =>
      html`<portico-button variant=${variant}><button type="button" @click=${onClick}>${label}</button></portico-button>`;
    switch (this.phase) {
      case 'idle':
        return html`<p id=${this.statusId} tabindex="-1">
            ${this.left === null ? this.msg('recoveryCodesNone') : this.msg('recoveryCodesLeft', { count: this.left })}
          </p>
          ${alert}
          <portico-button>
            <button type="button" aria-busy=${busy ? 'true' : 'false'} @click=${this.onGenerate}>
              ${this.left === null ? this.msg('recoveryCodesGenerate') : this.msg('recoveryCodesRegenerate')}
            </button>
          </portico-button>`;
      case 'confirm':
        return html`<p id=${this.statusId} tabindex="-1">${this.msg('recoveryCodesReplaceWarning')}</p>
          ${alert}
          <div>${button(this.msg('recoveryCodesRegenerate'), () => void this.generate())} ${button(this.msg('cancelButton'), () => void this.cancel(), 'text')}</div>`;
      case 'shown':
        return html`<p id=${this.statusId} role="status" tabindex="-1">${this.msg('recoveryCodesShownOnce', { count: this.codes.length })}</p>
          <portico-button variant="text">
            <button type="button" aria-expanded=${this.visible ? 'true' : 'false'} aria-controls=${this.listId} @click=${this.toggle}>
              ${this.visible ? this.msg('recoveryCodesHide') : this.msg('recoveryCodesShow')}
            </button>
          </portico-button>
          <ol id=${this.listId} aria-label=${this.msg('recoveryCodesListLabel')} ?hidden=${!this.visible}>
            ${this.codes.map((code) => html`<li><code>${code}</code></li>`)}
          </ol>
          <div>
            ${button(this.msg('recoveryCodesPrint'), () => this.print(), 'text')} ${button(this.msg('recoveryCodesDownload'), () => this.download(), 'text')}
          </div>
          ${button(this.msg('recoveryCodesDone'), () => void this.done())}`;
    }
  }

  private async focusStatus(): Promise<void> {
    await this.updateComplete;
    this.querySelector<HTMLElement>(`#${this.statusId}`)?.focus();
  }

  private onGenerate(): void {
    if (this.left === null) void this.generate();
    else {
      // New codes replace every current one: say so first.
      this.phase = 'confirm';
      void this.focusStatus();
    }
  }

  private async cancel(): Promise<void> {
    this.phase = 'idle';
    this.request.clear();
    await this.focusStatus();
  }

  private async generate(): Promise<void> {
    const result = await this.request.run(() => this.reauth.run(() => clientFor(this.api).generateRecoveryCodes()));
    if (!result) return;
    this.codes = result.codes;
    this.left = result.codes.length;
    this.visible = false;
    this.phase = 'shown';
    await this.focusStatus();
    announceSecurityChange(this, { change: 'recovery_codes_generated', security: null });
  }
  private toggle(): void {
    this.visible = !this.visible;
  }

  /** The codes are gone from the page once the user has them: only the count stays. */
  private async done(): Promise<void> {
    this.codes = [];
    this.visible = false;
    this.phase = 'idle';
    await this.focusStatus();
  }

  /** The codes as a printout or file reads them: a title naming the account, the advice, then one code a line. */
  private lines(): string[] {
    return [
      this.email ? this.msg('recoveryCodesTitleFor', { email: this.email }) : this.msg('recoveryCodesTitle'),
      this.msg('recoveryCodesAdvice'),
      '',
      ...this.codes.map((code, index) => `${index + 1}. ${code}`),
    ];
  }

  /** Prints just the codes: they go into a hidden frame of their own, which is printed instead of the page. */
  private print(): void {
    this.printFrame?.remove();
    const frame = document.createElement('iframe');
    frame.title = this.msg('recoveryCodesTitle');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.style.cssText = 'position:fixed;inset-inline-start:-10000px;inline-size:1px;block-size:1px;border:0';
    document.body.append(frame);
    this.printFrame = frame;
    const doc = frame.contentDocument;
    const view = frame.contentWindow;
    if (!doc || !view) return;
    const [title = '', ...rest] = this.lines();
    doc.documentElement.lang = this.locale;
    doc.title = title;
    const heading = doc.createElement('h1');
    heading.textContent = title;
    const body = doc.createElement('pre');
    body.style.cssText = 'font:1.1rem/1.8 ui-monospace,monospace';
    body.textContent = rest.join('\n');
    doc.body.append(heading, body);
    view.focus();
    view.print();
  }

  /** Saves the codes as a text file. */
  private download(): void {
    const url = URL.createObjectURL(new Blob([`${this.lines().join('\n')}\n`], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = this.msg('recoveryCodesFileName');
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

defineElement('portico-recovery-codes', PorticoRecoveryCodes);

declare global {
  interface HTMLElementTagNameMap {
    'portico-recovery-codes': PorticoRecoveryCodes;
  }
}
