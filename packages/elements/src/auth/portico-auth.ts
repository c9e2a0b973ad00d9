import { createPorticoClient, PorticoApiError, type PorticoClient } from '@portico/client';
import { type AuthStep, eventNames, type PorticoErrorDetail, type SignedInDetail } from '@portico/contract';
import { html, LitElement, nothing, render, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defineElement } from '../define.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import { msg } from '../i18n/msg.ts';
import { type LoginCredentials, loginSubmitEventName } from '../login-form/portico-login-form.ts';
import { themeTokens } from '../theme/tokens.ts';
import { authStyles } from './portico-auth.styles.ts';

/** The step on screen: the initial form, or one the server named. */
type ShownStep = { step: 'sign-in' } | AuthStep;

/**
 * @summary Drop-in sign-in. Shows the step the server names: the sign-in form first, then "signed in". The form
 * is rendered into this element's light DOM (so password managers can fill and save it) and slotted into a card.
 *
 * @slot logo - An optional logo above the heading.
 * @slot - Filled by the element itself with the current step's form; do not put your own content here.
 *
 * @event portico-signed-in - Sign-in finished. Bubbles, composed. `detail: SignedInDetail` (`{ user, session }`).
 * @event portico-error - A failure was shown to the user. Bubbles, composed. `detail: PorticoErrorDetail`
 * (`{ code, message, retryAfterSeconds? }`; `message` is the text shown).
 *
 * @csspart card - The card around everything.
 * @csspart heading - The heading ("Sign in", "Signed in").
 * @csspart message - The "You are signed in as …" text.
 *
 * @cssproperty --portico-color-primary - Buttons and focus.
 * @cssproperty --portico-color-on-primary - Text on primary-coloured buttons.
 * @cssproperty --portico-color-text - Text.
 * @cssproperty --portico-color-surface - Card and input background.
 * @cssproperty --portico-color-border - Card and input borders.
 * @cssproperty --portico-color-danger - Error messages.
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size - Base font size; everything scales with it.
 * @cssproperty --portico-radius - Corner radius of card, inputs and buttons.
 * @cssproperty --portico-spacing - Base spacing unit.
 * @cssproperty --portico-focus-ring - Box shadow of focused controls.
 */
export class PorticoAuth extends LitElement {
  static override styles = [themeTokens, authStyles];

  /** Base URL of the Portico API, e.g. `https://auth.example.com`; empty means this page's origin. */
  @property({ type: String }) accessor api = '';

  @state() private accessor current: ShownStep = { step: 'sign-in' };
  @state() private accessor busy = false;
  @state() private accessor error: ShownError | null = null;

  private client: PorticoClient | null = null;
  private clientBaseUrl = '';

  /**
   * Ends the session on the server and shows the sign-in form again. Dispatches no event: the returned promise
   * is the signal. Rejects with a `PorticoApiError` (e.g. `network_error`) and stays signed in if the server could
   * not be told.
   */
  async signOut(): Promise<void> {
    await this.apiClient().signOut();
    this.current = { step: 'sign-in' };
    this.error = null;
    this.busy = false;
    await this.updateComplete;
  }

  override render() {
    const current = this.current;
    return html`
      <div part="card">
        <slot name="logo"></slot>
        <h2 part="heading">${current.step === 'done' ? msg('signedInHeading') : msg('signInHeading')}</h2>
        ${current.step === 'done'
          ? html`<p part="message" tabindex="-1">${msg('signedInAs', { email: current.user.email })}</p>`
          : nothing}
        <slot></slot>
      </div>
    `;
  }

  /** Renders the shadow card as usual, then the current step's form into the light DOM. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    render(this.renderStepForm(), this, { host: this });
  }

  /** Also waits for the light-DOM form, which renders what this element hands it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const settled = await super.getUpdateComplete();
    const form = this.querySelector('portico-login-form');
    return form ? (await form.updateComplete) && settled : settled;
  }

  protected override updated(changed: PropertyValues): void {
    // The form that held focus is gone; carry focus to the confirmation instead of dropping it on <body>.
    if (changed.has('current') && this.current.step === 'done') {
      this.renderRoot.querySelector<HTMLElement>('[part="message"]')?.focus();
    }
  }

  private renderStepForm() {
    if (this.current.step !== 'sign-in') return nothing;
    return html`<portico-login-form
      .busy=${this.busy}
      .error=${this.error}
      @portico-login-submit=${this.onLoginSubmit}
    ></portico-login-form>`;
  }

  private apiClient(): PorticoClient {
    if (!this.client || this.clientBaseUrl !== this.api) {
      this.client = createPorticoClient({ baseUrl: this.api });
      this.clientBaseUrl = this.api;
    }
    return this.client;
  }

  private async onLoginSubmit(event: CustomEvent<LoginCredentials>): Promise<void> {
    // Cleared first, so a repeated error is new text in the live region and is announced again.
    this.error = null;
    this.busy = true;
    let next: AuthStep;
    try {
      next = await this.apiClient().signIn(event.detail);
    } catch (error) {
      this.busy = false;
      await this.fail(error);
      return;
    }
    this.busy = false;
    await this.show(next);
  }

  /** Renders the server's step; every flow decision was made by the server. */
  private async show(next: AuthStep): Promise<void> {
    this.current = next;
    // Events go out once the new state is on screen, so a host reacting to them sees what the user sees.
    await this.updateComplete;
    switch (next.step) {
      case 'done': {
        const detail: SignedInDetail = { user: next.user, session: next.session };
        this.dispatchEvent(new CustomEvent(eventNames.signedIn, { detail, bubbles: true, composed: true }));
        break;
      }
    }
  }

  private async fail(error: unknown): Promise<void> {
    const shown: ShownError =
      error instanceof PorticoApiError
        ? {
            code: error.code,
            ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
            ...(error.fields !== undefined ? { fields: error.fields } : {}),
          }
        : { code: 'internal_error' };
    this.error = shown;
    await this.updateComplete;
    const detail: PorticoErrorDetail = { code: shown.code, message: errorMessage(shown) };
    if (shown.retryAfterSeconds !== undefined) detail.retryAfterSeconds = shown.retryAfterSeconds;
    this.dispatchEvent(new CustomEvent(eventNames.error, { detail, bubbles: true, composed: true }));
  }
}

defineElement('portico-auth', PorticoAuth);

declare global {
  interface HTMLElementTagNameMap {
    'portico-auth': PorticoAuth;
  }
  // Both events bubble out of shadow roots, so they reach document and window too.
  interface GlobalEventHandlersEventMap {
    'portico-signed-in': CustomEvent<SignedInDetail>;
    'portico-error': CustomEvent<PorticoErrorDetail>;
  }
}
