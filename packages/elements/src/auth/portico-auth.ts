import type { PorticoErrorDetail, SignedInDetail, SignedOutDetail } from '@portico/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import '../button/portico-button.ts';
import { defineElement } from '../define.ts';
import type { ShownError } from '../i18n/error-message.ts';
import '../login-form/portico-login-form.ts';
import type { LoginCredentials } from '../login-form/portico-login-form.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { themeTokens } from '../theme/tokens.ts';
import type { AuthFlow } from './auth-flow.ts';
import { authStyles } from './portico-auth.styles.ts';
import { linkParameter, type ShownStep, signInStart } from './shown-step.ts';
import { stepOf } from './step-history.ts';

/*
 * `<portico-auth>` comes in two parts, so that the sign-in form shows before the rest has downloaded. This module is
 * the element: its card, its state and the sign-in form, which is all a first render needs. Everything else (the
 * other steps, the flows between them, history, mailed links, the session's changes, passkeys, the API client) is
 * `auth-flow.ts`, a chunk the element starts loading the moment it is created, beside its first render. A form
 * submitted before the chunk is in waits for it; `updateComplete` waits for it too.
 */

/** Shows a slot's wrapper only while the host put something in the slot, so an empty logo or footer takes no room. */
function showWhenFilled(event: Event): void {
  const slot = event.target as HTMLSlotElement;
  if (slot.parentElement) slot.parentElement.hidden = slot.assignedNodes({ flatten: true }).length === 0;
}

/**
 * @summary Drop-in sign-in. Shows the step the server names: the sign-in form first, then "signed in". The form
 * is rendered into this element's light DOM (so password managers can fill and save it) and slotted into a card.
 * Under the form, "Forgot password?" leads to `<portico-forgot-password>` (then "Check your e-mail"). Opened from a
 * mailed link (`#portico-link=<token>` in the address), it removes the token from the address bar, asks the server
 * what the link is for, and shows `<portico-set-password>`, or a clear error with ways back for a bad or expired
 * link; once the password is set, the sign-in form returns with a notice and the e-mail filled in. When a second
 * factor is due ("2-step verification", the `mfa` step) it shows `<portico-mfa>`, and `<portico-mfa-setup>` when the
 * policy requires one the user has not set up (`mfa_setup`); a sign-in that expires there starts over with the reason.
 * A user linked to several customer accounts then chooses one ("Choose an account", the `choose_account` step) in
 * `<portico-account-picker>`; the sign-in is done once the server has the choice.
 *
 * Where the policy offers BankID (`bankid`, leasing portal), "Sign in with BankID" under the form starts a BankID order
 * and shows `<portico-bankid>` (loaded only then): the animated QR code, "Open BankID on this device", BankID's
 * messages while the app is used, and "Cancel" back to the form. Approved in the app, the sign-in ends as a password
 * sign-in does (an account to choose, or signed in).
 *
 * Where the policy allows old customer-ID logins (`customerIdLogin`, customer-ID migration), the sign-in and reset forms take a
 * customer ID too. Signing in with one leads to `<portico-register-email>` (register a user e-mail login, then
 * "Check your e-mail"); the verification link leads to `<portico-set-credentials>` (a new password, or the existing
 * login's password to link the customer ID to it), then back to the sign-in form with the e-mail filled in.
 *
 * Each step moved on to gets a history entry: Back and Forward move between steps, and a reload shows the step again
 * (the entry holds what the server sent for it, never a password). Attribute `no-history`: steps replace the current
 * entry instead, for pages that manage history themselves.
 *
 * @slot logo - An optional logo above the heading (its wrapper, part `logo`, takes no room while empty).
 * @slot heading - Replaces the heading text of every step (e.g. your portal's name); without it each step names
 * itself ("Sign in", "2-step verification", …).
 * @slot footer - Optional content under the step (help links, terms); its wrapper, part `footer`, takes no room
 * while empty.
 * @slot - Filled by the element itself with the current step's form; do not put your own content here.
 *
 * @fires {CustomEvent<SignedInDetail>} portico-signed-in - Sign-in finished. Bubbles, composed. `detail: SignedInDetail`
 * (`{ user, session, activeAccount, accounts }`).
 * @fires {CustomEvent<AccountChangedDetail>} portico-account-changed - From the account picker of the `choose_account` step, just before
 * `portico-signed-in`. Bubbles, composed. `detail: AccountChangedDetail` (`{ account, accounts }`).
 * @fires {CustomEvent<SignedOutDetail>} portico-signed-out - On `document` (from any Portico element's requests): the
 * session at `api` ended: signed out in this or another tab of the browser (`reason: 'signed_out'`), or found ended by
 * a request (`'session_ended'`: a password reset elsewhere, expiry). "Signed in" then gives way to the sign-in form;
 * a sign-in in another tab likewise shows here as signed in (`portico-signed-in`) where no flow is under way.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown to the user. Bubbles, composed. `detail: PorticoErrorDetail`
 * (`{ code, message, retryAfterSeconds? }`; `message` is the text shown).
 *
 * @csspart card - The card around everything.
 * @csspart header - The logo and the heading.
 * @csspart logo - The wrapper of the `logo` slot.
 * @csspart heading - The heading ("Sign in", "Signed in", "Reset your password", "2-step verification", "Choose an
 * account", "Register your e-mail login", "Set credentials", "Sign in with BankID", …).
 * @csspart message - The step's message: "You are signed in as …", "Your password has been set …", a link error,
 * why a sign-in has to start over.
 * @csspart body - The wrapper of the current step. The step's form, inputs and buttons are in this element's light
 * DOM (for password managers), not in its shadow tree, so they have no parts: theme them with the `--portico-*`
 * tokens, which reach them; `portico-button::part(base)` and `portico-field::part(base)` style their wrappers.
 * @csspart footer - The wrapper of the `footer` slot.
 *
 * @cssproperty --portico-color-primary - Filled buttons, text buttons and links, the focused input border, the current
 * account; default #1d4ed8 (dark #93c5fd). It is also link text on the card: for the dark scheme set a lighter value
 * in your own `@media (prefers-color-scheme: dark)` rule (a per-scheme pair).
 * @cssproperty --portico-color-on-primary - Text on filled (primary) buttons; default black or white, whichever
 * contrasts more with the primary colour (at least 4.58:1, so a light or dark brand colour stays readable in either
 * scheme); browsers without relative colours (before 2024) use #ffffff (dark #0b1220).
 * @cssproperty --portico-color-text - Text, headings, labels, input text; default #1f2937 (dark #f3f4f6).
 * @cssproperty --portico-color-text-muted - Secondary text: hints, customer IDs, the password rule checklist, the
 * footer; default #4b5563 (dark #a7b0be).
 * @cssproperty --portico-color-surface - The card, alerts, account buttons, secondary buttons; default #ffffff (dark
 * #1f2937).
 * @cssproperty --portico-color-background - Input fields and inset blocks (recovery codes, the setup key); behind a
 * dark element; default #ffffff (dark #111827).
 * @cssproperty --portico-color-border - Borders of the card, inputs and account buttons; default #6b7280 (dark
 * #9ca3af).
 * @cssproperty --portico-color-danger - Error messages and the border of an invalid input; default #b91c1c (dark
 * #fca5a5).
 * @cssproperty --portico-color-success - Confirmations: the status line after a change (2-step verification,
 * personnummer, a linked or chosen account); default #15803d (dark #86efac).
 * @cssproperty --portico-color-focus - The focus ring; default #1d4ed8 (dark #93c5fd).
 * @cssproperty --portico-font-family - All text; default system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica
 * Neue', Arial, sans-serif.
 * @cssproperty --portico-font-size - Base font size; text, controls and spacing in em scale with it; default 1rem.
 * @cssproperty --portico-line-height - Line height of text; default 1.5.
 * @cssproperty --portico-heading-font-size - The card heading (section headings are smaller); default 1.5em.
 * @cssproperty --portico-heading-font-weight - Headings; default 700.
 * @cssproperty --portico-radius - Corner radius of the card, inputs, buttons, alerts; default 0.5rem.
 * @cssproperty --portico-spacing - Base spacing unit: gaps and paddings are multiples of it (times the density);
 * default 1rem.
 * @cssproperty --portico-density - A factor for spacing and control heights: 0.75 compact, 1 normal, 1.25 roomy;
 * default 1.
 * @cssproperty --portico-control-height - Minimum height of inputs and buttons (times the density, never under
 * 1.5rem); default 2.75rem.
 * @cssproperty --portico-focus-ring-width - Width of the focus ring; default 3px.
 * @cssproperty --portico-focus-ring-offset - Gap between a focused control and its ring; default 1px.
 * @cssproperty --portico-focus-ring - The whole focus ring as a box-shadow; set it to replace width, offset and
 * colour; default a ring of the focus colour, width and offset.
 */
export class PorticoAuth extends PorticoElement {
  static override styles = [themeTokens, authStyles];

  /** Base URL of the Portico API, e.g. `https://auth.example.com`; empty means this page's origin. */
  @property({ type: String }) accessor api = '';

  /**
   * Set where the host page manages the browser's history itself: steps then get no entries of their own (Back leaves
   * the sign-in), though a reload still shows the step it left.
   */
  @property({ type: Boolean, attribute: 'no-history' }) accessor noHistory = false;

  /** @internal The step on screen; the flow's to change (`auth-flow.ts`). */
  @state() accessor current: ShownStep = signInStart;
  /**
   * @internal Opened from a mailed link, or reloaded on a step: the card stays empty until the flow shows that step,
   * rather than the sign-in form for a moment.
   */
  @state() accessor resuming = false;

  /** The element's logic, once loaded. */
  private flow: AuthFlow | null = null;
  /** The logic loading; null when it could not be loaded. */
  private readonly flowLoaded: Promise<AuthFlow | null>;
  /** The logic could not be loaded: the form says so. */
  @state() private accessor loadFailure: ShownError | null = null;
  /** The form was submitted before the logic came: it shows the sign-in under way until then. */
  @state() private accessor waiting = false;

  constructor() {
    super();
    this.flowLoaded = import('./auth-flow.ts').then(
      ({ AuthFlow }) => {
        this.flow = new AuthFlow(this);
        this.waiting = false;
        this.requestUpdate();
        return this.flow;
      },
      (error: unknown) => {
        console.error('Portico: the sign-in could not be loaded', error);
        this.resuming = false;
        this.waiting = false;
        this.loadFailure = { code: 'network_error' };
        return null;
      },
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.flow) this.resuming = location.hash.includes(linkParameter) || stepOf(history.state) !== null;
  }

  /** The logic, loaded; rejects when it could not be. */
  private async loaded(): Promise<AuthFlow> {
    const flow = await this.flowLoaded;
    if (!flow) throw new Error('Portico: the sign-in could not be loaded');
    return flow;
  }

  /** Runs `action` with the logic: at once once it is loaded, else when it is. */
  private withFlow(action: (flow: AuthFlow) => unknown): void {
    if (this.flow) void action(this.flow);
    else void this.flowLoaded.then((flow) => flow && action(flow));
  }

  /**
   * Handles a mailed link's token as if the page had been opened from the link (which `<portico-auth>` does by
   * itself on connect): asks the server what the link is for and shows that step, e.g. the new-password form.
   * Resolves once the answer is on screen.
   */
  async openLink(token: string): Promise<void> {
    await (await this.loaded()).openLink(token);
  }

  /**
   * Ends the session on the server and shows the sign-in form again. Dispatches no event: the returned promise
   * is the signal. Rejects with a `PorticoApiError` (e.g. `network_error`) and stays signed in if the server could
   * not be told.
   */
  async signOut(): Promise<void> {
    await (await this.loaded()).signOut();
  }

  /**
   * A session token (JWT) for the page's own back end, to send as `Authorization: Bearer`; null when signed out.
   * Cached, and fetched anew shortly before it expires and after any change (an account switch, sign-out), so it
   * says what is true now. Verify it with `@portico/verify` (or any JWT library and the server's JWKS).
   */
  async getToken(): Promise<string | null> {
    return (await this.loaded()).getToken();
  }

  override render() {
    const flow = this.flow;
    const message = flow?.message() ?? null;
    const heading = this.resuming ? '' : flow ? flow.heading() : this.msg('signInHeading');
    return html`
      <div part="card" aria-busy=${this.resuming ? 'true' : 'false'}>
        <div part="header">
          <div part="logo" hidden><slot name="logo" @slotchange=${showWhenFilled}></slot></div>
          <h2 part="heading"><slot name="heading">${heading}</slot></h2>
        </div>
        ${message !== null ? html`<p part="message" tabindex="-1">${message}</p>` : nothing}
        <div part="body"><slot></slot></div>
        <div part="footer" hidden><slot name="footer" @slotchange=${showWhenFilled}></slot></div>
      </div>
    `;
  }

  /** Renders the shadow card as usual, then the current step's form into the light DOM. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.renderLight(this.resuming ? nothing : this.flow ? this.flow.form() : this.signInForm(''));
  }

  /**
   * Also waits for the logic to load, for a step's element being loaded, for the light-DOM form, which renders what
   * this element hands it, and for focus moving to the step just shown.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const flow = await this.flowLoaded;
    await flow?.loaded();
    const settled = await super.getUpdateComplete();
    return flow ? (await flow.rendered()) && settled : settled;
  }

  /**
   * @internal The sign-in form, with the ways on from it; also after a sign-in that has to start over. The ways the
   * policy adds (BankID, passkeys, sign-up) come with the flow, which knows the policy.
   */
  signInForm(identifier: string) {
    const flow = this.flow;
    return html`<portico-login-form
        .busy=${flow ? flow.formBusy : this.waiting}
        .error=${flow ? flow.error : this.loadFailure}
        .identifier=${identifier}
        .customerIdLogin=${flow?.customerIdLogin ?? false}
        .passkeys=${flow?.passkeys ?? false}
        @portico-login-submit=${(event: CustomEvent<LoginCredentials>) => {
          this.waiting = !this.flow;
          this.withFlow((flow) => flow.signIn(event.detail));
        }}
        @focusin=${() => this.flow?.resumeAutofill()}
      ></portico-login-form>
      ${flow?.otherWaysIn()}
      <portico-button variant="text">
        <button type="button" @click=${() => this.withFlow((flow) => flow.navigate('forgot-password'))}>${this.msg('forgotPasswordLink')}</button>
      </portico-button>
      ${flow?.signUpLink()}`;
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
    'portico-signed-out': CustomEvent<SignedOutDetail>;
    'portico-error': CustomEvent<PorticoErrorDetail>;
  }
}
