import type { BankIdStep, RfaCode } from '@portico/contract';
import { html, nothing, type PropertyValues, type ReactiveElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import { activeLocalizer, type Localizer } from '../i18n/localize-controller.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import '../i18n/en/bankid.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { requestNavigation, stepEventName } from '../shared-events.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { bankidStyles } from './portico-bankid.styles.ts';

/** Polls in a row that may fail for the network before the failure is shown (a phone switching networks, say). */
const networkRetries = 3;

/** How each of BankID's recommended user messages reads in the active language. */
const rfaMessages: Readonly<Record<RfaCode, (t: Localizer) => string>> = {
  RFA1: (t) => t.msg('bankidRfa1'),
  RFA3: (t) => t.msg('bankidRfa3'),
  RFA4: (t) => t.msg('bankidRfa4'),
  RFA5: (t) => t.msg('bankidRfa5'),
  RFA6: (t) => t.msg('bankidRfa6'),
  RFA8: (t) => t.msg('bankidRfa8'),
  RFA9: (t) => t.msg('bankidRfa9'),
  RFA13: (t) => t.msg('bankidRfa13'),
  RFA15: (t) => t.msg('bankidRfa15'),
  RFA16: (t) => t.msg('bankidRfa16'),
  RFA17: (t) => t.msg('bankidRfa17'),
  RFA21: (t) => t.msg('bankidRfa21'),
  RFA22: (t) => t.msg('bankidRfa22'),
  RFA23: (t) => t.msg('bankidRfa23'),
};

/** How BankID's recommended user message `code` reads in `t`'s language (by default the global `msg()`'s). */
export function rfaMessage(code: RfaCode, t: Localizer = activeLocalizer): string {
  return rfaMessages[code](t);
}

/** How a failure reads here: a lost connection is about the wait for BankID; the rest as everywhere. */
function bankIdErrorMessage(t: Localizer, error: ShownError): string {
  return error.code === 'network_error' ? t.msg('bankidConnectionLost') : errorMessage(t, error);
}

/** The QR content as an image (an SVG data URL). The QR generator is loaded only now, on first use. */
async function qrImage(content: string): Promise<string> {
  const { toString } = await import('qrcode');
  const svg = await toString(content, { type: 'svg', errorCorrectionLevel: 'L', margin: 4 });
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * @summary Signing in with BankID (leasing portal): renders the server's `bankid` step. Shows the animated QR code (drawn
 * by a QR generator loaded only when needed, redrawn with each poll's content, as an image named "QR code for
 * BankID"), "Open BankID on this device" (a link that starts the BankID app with the order's autostart token), and
 * BankID's recommended user message for the order's state (RFA1, RFA9, …) in a polite live region, which announces
 * a change of message, not every new QR code. Polls the server every `pollAfterMs` while the order is pending.
 *
 * A failed order (cancelled in the app, expired, …) keeps its message on screen with "Try again", which starts a
 * new order. When BankID identified someone no login has added as their personnummer (`bankid_unknown_user`), it
 * says so and how to add it. A poll that fails for the network is retried a few times before the failure is shown,
 * with "Try again". "Cancel" cancels the order and asks the owner to go back to the sign-in form; an order still
 * pending when the element or the whole page is left is cancelled too, as BankID asks of services. A failure takes
 * the keyboard focus to "Try again".
 *
 * Without a `step` it starts an order itself when connected. Calls the API itself.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<StepDetail>} portico-step - BankID approved: the server's next step (`done`, or `choose_account`). Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - "Cancel" or "Back to sign in": `{ to: 'sign-in' }`. Does not bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (`bankid_unknown_user`, `bankid_unavailable`, `network_error`, …).
 * Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-primary - The "Open BankID on this device" link.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoBankId extends LightDomFormElement {
  static override styles = [themeTokens, bankidStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The server's `bankid` step (set by the owner after starting an order); each poll replaces it from here. */
  @property({ attribute: false }) accessor step: BankIdStep | null = null;

  /** The QR code image of the current step; null while none is to be shown (or it could not be drawn). */
  @state() private accessor qr: string | null = null;
  /** "Open BankID on this device" was used: waiting for the app reads "Trying to start your BankID app" (RFA13). */
  @state() private accessor autoStarted = false;

  private readonly introId = uniqueId('portico-bankid-intro');
  private readonly statusId = uniqueId('portico-bankid-status');
  /** The order being polled; null when none is pending (over, failed, cancelled). */
  private order: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private networkFailures = 0;
  /** Starting an order (on connect, "Try again"). */
  private readonly starter = new RequestController(this, { message: (error) => bankIdErrorMessage(this.i18n, error), handled: () => this.noQr() });
  /**
   * Following the order: one collect at a time. Stopping the polling (cancel, another order, leaving the element or
   * the page) aborts the collect under way, whose answer is then never shown.
   */
  private readonly collector = new RequestController(this, {
    message: (error) => bankIdErrorMessage(this.i18n, error),
    handled: (error) => this.collectFailed(error),
  });
  /** Bumped per QR drawn, so a slow drawing never replaces a newer one. */
  private drawings = 0;
  /** The QR code being drawn for the current step. */
  private drawing: Promise<void> = Promise.resolve();

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('pagehide', this.onPageTransition);
    addEventListener('pageshow', this.onPageTransition);
    // After the owner's property bindings: a step handed in is polled, none means "start one".
    queueMicrotask(() => {
      if (!this.isConnected || this.starter.busy) return;
      const step = this.step;
      if (!step) void this.start();
      else if (step.status === 'pending' && this.timer === null) {
        // Back on the page after leaving it: that order was cancelled; a new one starts.
        if (this.order === null) void this.start();
        else this.schedule(step.order, step.pollAfterMs);
      }
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this.onPageTransition);
    removeEventListener('pageshow', this.onPageTransition);
    // The user left the order: stop polling and tell BankID, so the order does not wait for the app in vain.
    this.abandon();
  }

  /** Focuses what to read first: the scanning instructions, else the status line. */
  override focus(): void {
    (this.querySelector<HTMLElement>(`#${this.introId}`) ?? this.querySelector<HTMLElement>(`#${this.statusId}`))?.focus();
  }

  /**
   * Starts a new order (cancelling one still pending) and shows it; "Try again" does this. Resolves once the new
   * order is on screen, or its failure is.
   */
  async start(): Promise<void> {
    if (this.starter.busy) return;
    this.abandon();
    this.collector.clear();
    this.autoStarted = false;
    const next = await this.starter.run(() => clientFor(this.api).startBankId());
    if (!next) return;
    if (next.step !== 'bankid') {
      this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
      return;
    }
    this.step = next;
    await this.updateComplete;
    this.focus();
  }
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('step')) return;
    const step = this.step;
    if (!step) return;
    if (step.order !== this.order) this.stopPolling();
    if (step.status === 'pending') {
      this.order = step.order;
      if (this.isConnected) this.schedule(step.order, step.pollAfterMs);
    } else {
      this.stopPolling();
      this.order = null;
    }
    this.drawing = this.draw(step.qr);
  }

  /** Also waits for the step's QR code to be drawn (the generator loads on first use). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const settled = await super.getUpdateComplete();
    await this.drawing;
    return (await super.getUpdateComplete()) && settled;
  }

  /**
   * Keeps the keyboard focus in the element when what held it is gone (the QR code went, "Try again" came). A failure
   * ("Try again" came) takes the focus even from nowhere (the person was busy with the phone): it needs their answer.
   * Focus elsewhere on the host page is left alone.
   */
  protected override update(changed: PropertyValues<this>): void {
    const active = document.activeElement;
    const hadFocus = this.contains(active);
    const hadTryAgain = this.tryAgain() !== null;
    super.update(changed);
    const tryAgain = this.tryAgain();
    if (tryAgain && !hadTryAgain && (hadFocus || !active || active === document.body)) {
      // Focusable only once its <portico-button> has rendered the slot that shows it.
      void (tryAgain.parentElement as ReactiveElement).updateComplete.then(() => tryAgain.focus());
    } else if (hadFocus && !this.contains(document.activeElement)) (tryAgain ?? this).focus();
  }

  /** "Try again", the one button not of the `text` variant (the attribute reflects, `primary` included). */
  private tryAgain(): HTMLElement | null {
    return this.querySelector('portico-button:not([variant=text]) button');
  }

  protected override renderForm() {
    const step = this.step;
    const error = this.starter.error ?? this.collector.error;
    const starting = this.starter.busy;
    const pending = !error && step?.status === 'pending';
    const over = error !== null || step?.status === 'failed';
    let status: unknown = nothing;
    if (starting) status = html`<portico-spinner></portico-spinner>${this.msg('bankidStarting')}`;
    else if (step && !error) {
      // Once the app is being opened on this device, BankID's own wording for the wait changes (RFA1 → RFA13).
      status =
        step.message === 'RFA15' && !this.autoStarted
          ? // Started from the QR code: the BankID searched for is on the phone that scanned it, not on this device.
            this.msg('bankidRfa15Qr')
          : rfaMessage(step.message === 'RFA1' && this.autoStarted ? 'RFA13' : step.message, this.i18n);
    }
    return html`
      ${
        pending && this.qr
          ? html`<p id=${this.introId} tabindex="-1">${this.msg('bankidScanIntro')}</p>
            <img src=${this.qr} alt=${this.msg('bankidQrAlt')} width="192" height="192" />`
          : nothing
      }
      <p id=${this.statusId} role="status" aria-live="polite" tabindex="-1">${status}</p>
      <portico-alert>${error ? bankIdErrorMessage(this.i18n, error) : nothing}</portico-alert>
      ${pending && step?.autoStartUrl ? html`<a href=${step.autoStartUrl} @click=${this.onOpenApp}>${this.msg('bankidOpenOnThisDevice')}</a>` : nothing}
      ${
        over && !starting
          ? html`<portico-button>
            <button type="button" @click=${() => void this.start()}>${this.msg('bankidTryAgain')}</button>
          </portico-button>`
          : nothing
      }
      <portico-button variant="text">
        <button type="button" @click=${() => void this.cancel()}>${over ? this.msg('backToSignIn') : this.msg('cancelButton')}</button>
      </portico-button>
    `;
  }

  private onOpenApp(): void {
    this.autoStarted = true;
  }

  private async draw(content: string | null): Promise<void> {
    const drawing = ++this.drawings;
    if (content === null) {
      this.qr = null;
      return;
    }
    let image: string | null;
    try {
      image = await qrImage(content);
    } catch {
      image = null; // "Open BankID on this device" still works.
    }
    if (drawing === this.drawings) this.qr = image;
  }

  private schedule(order: string, afterMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll(order);
    }, afterMs);
  }

  private stopPolling(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.collector.abort();
  }

  /**
   * Stops polling and cancels the order still pending (without waiting for the answer). The cancel is a keepalive
   * request, so it reaches the server even as the page goes; JSON, as the server's CSRF guard requires (not
   * sendBeacon's text).
   */
  private abandon(): void {
    this.stopPolling();
    const order = this.order;
    this.order = null;
    if (order !== null)
      clientFor(this.api)
        .cancelBankId({ order })
        .catch(() => undefined);
  }

  /**
   * Leaving the page (closing the tab, going elsewhere) cancels the order, as BankID asks; disconnecting alone misses
   * that. Back on the page from the back-forward cache, that order is gone: a new one starts.
   */
  private readonly onPageTransition = (event: PageTransitionEvent): void => {
    if (event.type === 'pagehide') this.abandon();
    else if (event.persisted && this.step?.status === 'pending') void this.start();
  };

  private async poll(order: string): Promise<void> {
    const next = await this.collector.run((signal) => clientFor(this.api).collectBankId({ order, locale: this.locale }, { signal }), { replace: true });
    if (!next) return;
    this.networkFailures = 0;
    if (next.step === 'bankid') {
      this.step = next;
      return;
    }
    // Approved: the order is over; the owner shows what comes next.
    this.stopPolling();
    this.order = null;
    this.dispatchEvent(new CustomEvent(stepEventName, { detail: next }));
  }

  /**
   * A collect failed: a network failure is tried again a few times (not shown); otherwise the order cannot be
   * followed any more, and the failure is shown (false). Lost for the network, the order may still be on: it is
   * cancelled at BankID then.
   */
  private collectFailed(error: ShownError): boolean {
    const order = this.order;
    if (error.code === 'network_error' && order !== null && ++this.networkFailures < networkRetries) {
      this.schedule(order, this.step?.pollAfterMs ?? 1000);
      return true;
    }
    if (error.code === 'network_error') this.abandon();
    else {
      this.stopPolling();
      this.order = null;
    }
    return this.noQr();
  }

  /** A failure takes the QR code's place: nothing is left to scan. */
  private noQr(): false {
    this.qr = null;
    return false;
  }

  private async cancel(): Promise<void> {
    this.stopPolling();
    const order = this.order;
    this.order = null;
    if (order !== null) {
      try {
        await clientFor(this.api).cancelBankId({ order });
      } catch {
        // The order expires by itself at BankID; going back is what the user asked for.
      }
    }
    requestNavigation(this, 'sign-in');
  }
}

defineElement('portico-bankid', PorticoBankId);

declare global {
  interface HTMLElementTagNameMap {
    'portico-bankid': PorticoBankId;
  }
}
