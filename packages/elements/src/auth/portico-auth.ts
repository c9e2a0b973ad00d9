import { PorticoApiError, type PorticoClient } from '@portico/client';
import {
  type AuthStep,
  type CheckEmailStep,
  type DoneStep,
  type EnterEmailStep,
  type PasswordRules,
  type PorticoErrorDetail,
  type PublicConfig,
  type SetPasswordStep,
  type SignedInDetail,
  type SignedOutDetail,
  type VerifyEmailStep,
} from '@portico/contract';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { clientFor, configFor, keepTokenCookieFresh } from '../api/api.ts';
import { onSessionChange, type SessionListener } from '../api/session-sync.ts';
import '../button/portico-button.ts';
import { defineElement } from '../define.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../login-form/portico-login-form.ts';
import type { LoginCredentials } from '../login-form/portico-login-form.ts';
import { RequestController } from '../shared/request-controller.ts';
import '../spinner/portico-spinner.ts';
import { announceError, announceSignedIn, type NavigateDetail, type StepDetail } from '../shared-events.ts';
import { passkeysPossible } from '../shared/passkeys-possible.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { themeTokens } from '../theme/tokens.ts';
import { authStyles } from './portico-auth.styles.ts';
import type { PasskeySignIn, PasskeySignInHost } from './passkey-sign-in.ts';
import { endFlow, recordStep, stepOf } from './step-history.ts';

/**
 * What is on screen: a step the server named (the sign-in form is the `sign_in` step, with no notice at first), or
 * one of the element's own screens around them (the reset request, a link being checked, a link that failed).
 */
type ShownStep =
  | AuthStep
  | { step: 'forgot_password' }
  /**
   * Sign-up's e-mail form in `<portico-signup>`. Its later steps are the server's `verify_email` and `enter_email`,
   * and the two below, which `<portico-signup>` shows too.
   */
  | { step: 'sign_up' }
  /** Sign-up mailed a link: "Check your e-mail" in `<portico-signup>` (a reset's `check_email` is another form's). */
  | { step: 'sign_up_sent'; sent: CheckEmailStep }
  /** A code sign-up's `set_password`, inside `<portico-signup>` (a mailed link's is shown by itself). */
  | { step: 'sign_up_password'; password: SetPasswordStep }
  | { step: 'checking_link' }
  | { step: 'link_problem'; error: ShownError }
  /** The `register_email` step answered `check_email`: the verification link is on its way (customer-ID migration). */
  | { step: 'register_email_sent'; sent: CheckEmailStep; customerId: string }
  /** The sign-in form again, because the one under way ended (e.g. its second step expired): `error` says why. */
  | { step: 'sign_in_again'; error: ShownError; email: string }
  /** Signed in with a password (`done`), and offered to add a passkey before the sign-in is announced. */
  | { step: 'passkey_offer'; done: DoneStep };

const signInStart: ShownStep = { step: 'sign_in', notice: null, identifier: null };

/** How `<portico-auth>` shows one step (see `PorticoAuth.steps`). */
interface StepView<Shown extends ShownStep> {
  /** The heading's text, unless the host slotted its own. */
  readonly heading: (shown: Shown, auth: PorticoAuth) => string;
  /** The message above the form (read first when the step is moved to); none by default. */
  readonly message?: (shown: Shown, auth: PorticoAuth) => string | null;
  /** The step's form, rendered into the light DOM (where password managers see it). */
  readonly form: (shown: Shown, auth: PorticoAuth) => unknown;
  /**
   * What takes focus when the step is moved to and has no message to read first: a selector within the form (by
   * default its first field, or a status line to read); null: nothing does.
   */
  readonly focus?: string | null;
  /** The step replaces the form that held focus when the server moves to it, so focus follows to it. */
  readonly takesFocus?: true;
  /** Whether reaching it ends the flow under way: the flow's older history entries then show the sign-in form. */
  readonly endsFlow?: (shown: Shown) => boolean;
  /** What its history entry shows on a reload, Back or Forward, when not the step itself. */
  readonly reloadShows?: (shown: Shown) => ShownStep;
  /** False: the step gets no history entry. */
  readonly recorded?: false;
  /** The step after it takes over its history entry. */
  readonly nextReplaces?: true;
  /** The step's element, when it is not in the first download (`stepElements`): loaded when the step is first shown. */
  readonly load?: StepElement & {
    /** Lets the server know the step will not be followed after all. */
    readonly abandon?: (shown: Shown, client: PorticoClient) => void;
  };
}

/** A step's element that is not in the first download, and how it comes. */
interface StepElement {
  readonly module: () => Promise<unknown>;
  /** Names it in the error when it cannot be loaded. */
  readonly what: string;
}

/** The elements of the steps after the sign-in form that every policy can reach, in one chunk (see `sign-in-steps.ts`). */
const signInSteps = (): Promise<unknown> => import('../sign-in-steps.ts');

/**
 * The elements of the steps after the sign-in form. None is in the first download: the sign-in form renders without
 * them, each is loaded when its step is first shown, and the ones the policy can lead to are fetched once the page is
 * idle (`prefetchSteps`), so the step appears without a visible wait. Most come in one chunk: compressed together
 * they are about half the size of the same elements apart, and any sign-in can reach most of them. BankID and the
 * 2-step setup, which only some policies reach, come on their own.
 */
const stepElements = {
  forgotPassword: { module: signInSteps, what: 'The password reset' },
  setPassword: { module: signInSteps, what: 'The new password form' },
  signUp: { module: signInSteps, what: 'The sign-up' },
  registerEmail: { module: signInSteps, what: 'The e-mail registration' },
  setCredentials: { module: signInSteps, what: 'The credentials form' },
  mfa: { module: signInSteps, what: 'The 2-step verification' },
  accountPicker: { module: signInSteps, what: 'The account choice' },
  mfaSetup: { module: () => import('../mfa-setup/portico-mfa-setup.ts'), what: 'The two-factor setup' },
  bankid: { module: () => import('../bankid/portico-bankid.ts'), what: 'The BankID sign-in' },
} as const satisfies Record<string, StepElement>;

/** Runs `task` when the page has nothing else to do (soon after, where the browser cannot say). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 500);
}

/** One view per step: a step with none does not compile. */
type StepTable = { readonly [Name in ShownStep['step']]: StepView<Extract<ShownStep, { step: Name }>> };

/** What takes focus on a step moved to, unless its view names something else: its first field, or a status to read. */
const firstField = 'input:not([type="hidden"]):not([hidden]), [role="status"][tabindex]';

/** Shows a slot's wrapper only while the host put something in the slot, so an empty logo or footer takes no room. */
function showWhenFilled(event: Event): void {
  const slot = event.target as HTMLSlotElement;
  if (slot.parentElement) slot.parentElement.hidden = slot.assignedNodes({ flatten: true }).length === 0;
}

/** The fragment parameter a mailed link carries its token in (`#portico-link=<token>`). */
const linkParameter = 'portico-link=';

/**
 * Takes a mailed link's token out of the address bar (history.replaceState, other fragment content kept), so it is
 * neither bookmarked nor left in the history. Null when the page was not opened from a link.
 */
function takeLinkToken(): string | null {
  const parts = location.hash.replace(/^#/, '').split('&');
  const found = parts.find((part) => part.startsWith(linkParameter));
  if (found === undefined) return null;
  const rest = parts.filter((part) => part !== found && part !== '').join('&');
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  try {
    return decodeURIComponent(found.slice(linkParameter.length));
  } catch {
    return found.slice(linkParameter.length);
  }
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

  @state() private accessor current: ShownStep = signInStart;
  /** The element's own requests (a password sign-in, a BankID order started, a step's element loaded) and their failures. */
  private readonly request = new RequestController(this, {
    // A notice ("Your password has been set") must not stand beside the error that follows it.
    handled: () => {
      if (this.current.step === 'sign_in' && this.current.notice !== null) this.current = { ...this.current, notice: null };
      return false;
    },
  });

  /** The failure shown in the form, or null. */
  private get error(): ShownError | null {
    return this.request.error;
  }
  @state() private accessor passwordRules: PasswordRules | null = null;
  /** Whether the server's policy lets people create accounts themselves (`signUp.mode` is not `none`). */
  @state() private accessor signUpOpen = false;
  /** Whether old customer-ID logins still sign in (the policy's `customerIdLogin`): the forms then take one. */
  @state() private accessor customerIdLogin = false;
  /** Whether the policy offers BankID sign-in (leasing portal): "Sign in with BankID" under the form. */
  @state() private accessor bankid = false;
  /** "Sign in with BankID" was pressed: the order is being started. */
  @state() private accessor bankidStarting = false;
  /** Passkeys sign in here: the policy offers them and the browser runs WebAuthn. */
  @state() private accessor passkeys = false;
  /** A passkey sign-in or the addition of one is under way (the browser's dialog, then the server). */
  @state() private accessor passkeyBusy = false;
  /** The passkey of the offer was added: the "signed in" message says so. */
  @state() private accessor passkeyAdded = false;
  /** The customer ID the last `set_credentials` step was for, named in the notice that follows it. */
  @state() private accessor noticeCustomerId: string | null = null;

  /**
   * Set where the host page manages the browser's history itself: steps then get no entries of their own (Back leaves
   * the sign-in), though a reload still shows the step it left.
   */
  @property({ type: Boolean, attribute: 'no-history' }) accessor noHistory = false;

  /** Set when the user moved to another screen: focus follows to it (never on the first render). */
  private moveFocus = false;
  /** The step on screen came from a history entry (Back, Forward, a reload): it is not recorded again. */
  private fromHistory = false;
  /** The identifier last signed in with, for the form when a sign-in has to start over. */
  private signInEmail = '';
  /** The passkey code, once asked for (see `passkeySignIn`). */
  private passkeyFlows: Promise<PasskeySignIn> | null = null;
  /** The server offered a passkey with the account picker: the offer follows the choice. */
  private offerAfterChoice = false;
  /** The element of the step about to be shown, while it loads: `updateComplete` waits for it too. */
  private stepLoading: Promise<boolean> | null = null;
  /** Focus on its way to the step just shown (its form renders first): `updateComplete` waits for it too. */
  private focusing: Promise<void> | null = null;
  /** Counts the steps asked for by navigation, so that one whose element loads late does not replace a newer one. */
  private navigation = 0;

  /**
   * Every step `<portico-auth>` shows, and how: its heading, the message above its form, the form itself (rendered into
   * the light DOM), what takes focus when it is moved to, and what its history entry holds. A step the server may name
   * that has no entry here does not compile; the routing below only looks steps up.
   */
  private static readonly steps: StepTable = {
    sign_in: {
      heading: (_shown, auth) => auth.msg('signInHeading'),
      message: (shown, auth) => {
        switch (shown.notice) {
          case 'password_set':
            return auth.msg('passwordSetNotice');
          case 'registered':
            // After a customer ID's `set_credentials` the new e-mail login is for that customer ID; else a sign-up.
            return auth.noticeCustomerId !== null
              ? auth.msg('customerIdRegisteredNotice', { customerId: auth.noticeCustomerId })
              : auth.msg('registeredNotice');
          case 'account_linked':
            return auth.noticeCustomerId !== null
              ? auth.msg('accountLinkedNotice', { customerId: auth.noticeCustomerId })
              : auth.msg('accountLinkedNoticeGeneric');
          default:
            return null;
        }
      },
      form: (shown, auth) => auth.signInForm(shown.identifier ?? ''),
      // A notice means a flow (a reset, a registration) ended in it.
      endsFlow: (shown) => shown.notice !== null,
    },
    sign_in_again: {
      heading: (_shown, auth) => auth.msg('signInHeading'),
      message: (shown, auth) => (shown.error.code === 'too_many_attempts' ? auth.msg('errorMfaTooManyAttempts') : errorMessage(auth.i18n, shown.error)),
      form: (shown, auth) => auth.signInForm(shown.email),
      endsFlow: () => true,
      reloadShows: (shown) => ({ ...signInStart, identifier: shown.email }),
    },
    done: {
      heading: (_shown, auth) => auth.msg('signedInHeading'),
      message: (shown, auth) =>
        auth.passkeyAdded ? auth.msg('passkeyAddedSignedIn', { email: shown.user.email }) : auth.msg('signedInAs', { email: shown.user.email }),
      form: () => nothing,
      endsFlow: () => true,
      // Signed in, the flow is over: a reload or Back shows the sign-in form.
      reloadShows: () => signInStart,
      nextReplaces: true,
    },
    passkey_offer: {
      heading: (_shown, auth) => auth.msg('passkeyOfferHeading'),
      message: (_shown, auth) => auth.msg('passkeyOfferText'),
      form: (shown, auth) =>
        html`<portico-alert>${auth.error ? errorMessage(auth.i18n, auth.error) : nothing}</portico-alert>
          <portico-button>
            <button
              type="button"
              aria-busy=${auth.passkeyBusy ? 'true' : 'false'}
              aria-disabled=${auth.passkeyBusy ? 'true' : 'false'}
              @click=${() => void auth.withPasskeys((flows) => flows.addFromOffer(shown.done))}
            >
              ${auth.passkeyBusy ? html`<portico-spinner></portico-spinner>${auth.msg('passkeyAdding')}` : auth.msg('passkeyOfferAdd')}
            </button>
          </portico-button>
          <portico-button variant="text">
            <button type="button" @click=${() => void auth.endOffer(shown.done, false)}>${auth.msg('passkeyOfferSkip')}</button>
          </portico-button>`,
      endsFlow: () => true,
      // The offer is not made again.
      reloadShows: () => signInStart,
    },
    forgot_password: {
      heading: (_shown, auth) => auth.msg('forgotPasswordHeading'),
      form: (_shown, auth) => auth.forgotPasswordForm(null),
      load: stepElements.forgotPassword,
    },
    check_email: {
      heading: (_shown, auth) => auth.msg('checkEmailHeading'),
      form: (shown, auth) => auth.forgotPasswordForm(shown),
      load: stepElements.forgotPassword,
    },
    check_main_contact_email: {
      heading: (_shown, auth) => auth.msg('checkEmailHeading'),
      form: (shown, auth) => auth.forgotPasswordForm(shown),
      load: stepElements.forgotPassword,
    },
    register_email: {
      heading: (_shown, auth) => auth.msg('registerEmailHeading'),
      form: (shown, auth) => auth.registerEmailForm(shown, null),
      takesFocus: true,
      load: stepElements.registerEmail,
    },
    register_email_sent: {
      heading: (_shown, auth) => auth.msg('checkEmailHeading'),
      form: (shown, auth) => auth.registerEmailForm(null, shown.sent),
      load: stepElements.registerEmail,
    },
    set_credentials: {
      heading: (shown, auth) => auth.msg(shown.existingLogin ? 'confirmLinkHeading' : 'setCredentialsHeading'),
      form: (shown, auth) =>
        html`<portico-set-credentials
          .api=${auth.api}
          .step=${shown}
          .rules=${auth.passwordRules}
          @portico-step=${auth.onStep}
          @portico-navigate=${auth.onNavigate}
        ></portico-set-credentials>`,
      load: stepElements.setCredentials,
    },
    sign_up: { heading: (_shown, auth) => auth.msg('signUpHeading'), form: (shown, auth) => auth.signUpForm(shown, null), load: stepElements.signUp },
    verify_email: {
      heading: (_shown, auth) => auth.msg('verifyEmailHeading'),
      form: (shown, auth) => auth.signUpForm(shown, shown),
      load: stepElements.signUp,
    },
    enter_email: { heading: (_shown, auth) => auth.msg('enterEmailHeading'), form: (shown, auth) => auth.signUpForm(shown, shown), load: stepElements.signUp },
    sign_up_sent: {
      heading: (_shown, auth) => auth.msg('checkEmailHeading'),
      form: (shown, auth) => auth.signUpForm(shown, shown.sent),
      load: stepElements.signUp,
    },
    sign_up_password: {
      heading: (_shown, auth) => auth.msg('signUpSetPasswordHeading'),
      form: (shown, auth) => auth.signUpForm(shown, shown.password),
      load: stepElements.signUp,
    },
    set_password: {
      heading: (shown, auth) =>
        auth.msg(shown.purpose === 'password_reset' || shown.purpose === 'customer_id_reset' ? 'setPasswordHeading' : 'signUpSetPasswordHeading'),
      form: (shown, auth) =>
        html`<portico-set-password
          .api=${auth.api}
          .step=${shown}
          .rules=${auth.passwordRules}
          @portico-step=${auth.onStep}
          @portico-navigate=${auth.onNavigate}
        ></portico-set-password>`,
      load: stepElements.setPassword,
    },
    checking_link: {
      heading: (_shown, auth) => auth.msg('setPasswordHeading'),
      message: (_shown, auth) => auth.msg('checkingLink'),
      form: () => nothing,
      // A wait: nothing to act on, so focus stays; the step that follows replaces it in the history.
      focus: null,
      recorded: false,
      nextReplaces: true,
    },
    link_problem: {
      heading: (_shown, auth) => auth.msg('linkProblemHeading'),
      message: (shown, auth) => errorMessage(auth.i18n, shown.error),
      form: (_shown, auth) =>
        html`<portico-button variant="text">
            <button type="button" @click=${() => auth.navigate('forgot-password')}>${auth.msg('requestNewLink')}</button>
          </portico-button>
          <portico-button variant="text">
            <button type="button" @click=${() => auth.navigate('sign-in')}>${auth.msg('backToSignIn')}</button>
          </portico-button>`,
    },
    mfa: {
      heading: (_shown, auth) => auth.msg('mfaHeading'),
      form: (shown, auth) =>
        html`<portico-mfa .api=${auth.api} .step=${shown} @portico-step=${auth.onStep} @portico-navigate=${auth.onNavigate}></portico-mfa>`,
      // The element knows its own first field (or what to read first).
      focus: 'portico-mfa',
      takesFocus: true,
      load: stepElements.mfa,
    },
    mfa_setup: {
      heading: (_shown, auth) => auth.msg('mfaSetupHeading'),
      form: (shown, auth) =>
        html`<portico-mfa-setup
          .api=${auth.api}
          .challenge=${shown.challenge}
          .methods=${shown.methods}
          @portico-step=${auth.onStep}
          @portico-navigate=${auth.onNavigate}
        ></portico-mfa-setup>`,
      focus: 'portico-mfa-setup',
      takesFocus: true,
      // Needed only where the policy requires a factor the user lacks.
      load: stepElements.mfaSetup,
    },
    choose_account: {
      heading: (_shown, auth) => auth.msg('chooseAccountHeading'),
      form: (shown, auth) =>
        html`<portico-account-picker
          .api=${auth.api}
          .accounts=${shown.accounts}
          .activeAccount=${null}
          @portico-step=${auth.onStep}
          @portico-navigate=${auth.onPickerNavigate}
        ></portico-account-picker>`,
      focus: 'portico-account-picker',
      takesFocus: true,
      endsFlow: () => true,
      load: stepElements.accountPicker,
    },
    bankid: {
      heading: (_shown, auth) => auth.msg('bankidHeading'),
      form: (shown, auth) =>
        html`<portico-bankid .api=${auth.api} .step=${shown} @portico-step=${auth.onStep} @portico-navigate=${auth.onNavigate}></portico-bankid>`,
      focus: 'portico-bankid',
      takesFocus: true,
      // A BankID order is cancelled when its page goes: after a reload, the sign-in form.
      reloadShows: () => signInStart,
      // BankID asks that an order nobody will follow be cancelled.
      load: {
        ...stepElements.bankid,
        abandon: (shown, client) => void client.cancelBankId({ order: shown.order }).catch(() => undefined),
      },
    },
  };

  /** The entry of the step `shown`. */
  private static stepView<Shown extends ShownStep>(shown: Shown): StepView<Shown> {
    return PorticoAuth.steps[shown.step] as unknown as StepView<Shown>;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    configFor(this.api).then(
      (config) => {
        this.signUpOpen = config.signUp.mode !== 'none';
        this.customerIdLogin = config.customerIdLogin;
        this.bankid = config.bankid;
        this.passkeys = config.passkeys && passkeysPossible();
        this.prefetchSteps(config);
      },
      () => undefined, // Without the policy, no "Create an account": the sign-in form still works.
    );
    addEventListener('hashchange', this.onHashChange);
    addEventListener('popstate', this.onPopState);
    this.stopWatchingSession = onSessionChange(this.onSessionChange);
    const token = takeLinkToken();
    if (token !== null) void this.openLink(token);
    // Reloaded (or come back to) mid-flow: the step this entry left.
    else if (stepOf(history.state)) this.showEntry(history.state);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHashChange);
    removeEventListener('popstate', this.onPopState);
    this.stopWatchingSession();
    void this.passkeyFlows?.then((flows) => flows.keepAutofill(false));
  }

  private stopWatchingSession = (): unknown => undefined;

  /**
   * The session changed outside this element: signed out (here, in another tab) or found ended, and "signed in" or
   * the account picker gives way to the sign-in form (saying why, when the session ended by itself); signed in in
   * another tab, a sign-in form with no flow under way follows it.
   */
  private readonly onSessionChange: SessionListener = (api, signedIn, reason) => {
    const step = this.current.step;
    if (api !== this.api) return;
    if (signedIn) {
      if (step === 'sign_in' || step === 'sign_in_again') void this.followSignIn();
    } else if (step === 'done' || step === 'choose_account' || step === 'passkey_offer') {
      this.current = reason === 'session_ended' ? { step: 'sign_in_again', error: { code: 'unauthenticated' }, email: this.signInEmail } : signInStart;
    }
  };

  /** Another tab signed in: this one is signed in too (the session is the browser's), unless an account is still to be chosen there. */
  private async followSignIn(): Promise<void> {
    const session = await this.apiClient()
      .getSession()
      .catch(() => null);
    if (session && (session.activeAccount !== null || session.accounts.length < 2)) await this.show({ step: 'done', ...session });
  }

  /** Back or Forward between this element's entries: the step of the entry. */
  private readonly onPopState = (event: PopStateEvent): void => {
    this.moveFocus = true;
    this.showEntry(event.state);
  };

  /**
   * Shows the step a history entry holds. An entry of a flow that has ended since (its sign-in handle or link used up)
   * shows the sign-in form instead, and says so from then on; an entry not of ours is where the sign-in began.
   */
  private showEntry(state: unknown): void {
    const entry = stepOf<ShownStep>(state);
    // A request made on the step left is not followed: its answer would take the person away from where they went.
    this.request.abort();
    this.request.clear();
    if (entry && !entry.live) recordStep(signInStart, 'replace');
    // An entry left by another version of this element may name a step it does not have.
    const shown = entry?.live && Object.hasOwn(PorticoAuth.steps, entry.shown.step) ? entry.shown : signInStart;
    if (shown.step === 'choose_account') void this.resumeAccountChoice();
    else {
      this.loadPasswordRules();
      void this.goTo(shown, () => {
        // Unchanged (the form already shows), there is no update to skip recording in.
        this.fromHistory = shown !== this.current;
      });
    }
  }

  /** A mailed link pasted into this open tab changes only the address's `#portico-link=` part: act on it at once. */
  private readonly onHashChange = (): void => {
    const token = takeLinkToken();
    if (token !== null) void this.openLink(token);
  };

  /**
   * The page was reloaded (or left and come back to) while the account picker showed: the session exists but works
   * in no account yet, so the picker comes back rather than a form to sign in again.
   */
  private async resumeAccountChoice(): Promise<void> {
    const session = await this.apiClient()
      .getSession()
      .catch(() => null);
    this.fromHistory = false;
    if (session && session.activeAccount === null && session.accounts.length > 1) {
      this.moveFocus = true;
      await this.show({ step: 'choose_account', accounts: session.accounts });
    } else this.current = signInStart;
  }

  /** The password rules, for the checklist of the password steps; fetched once per page. */
  private loadPasswordRules(): void {
    configFor(this.api).then(
      (config) => (this.passwordRules = config.passwords),
      () => undefined, // The checklist stays empty; the server still checks the rules.
    );
  }

  /**
   * Handles a mailed link's token as if the page had been opened from the link (which `<portico-auth>` does by
   * itself on connect): asks the server what the link is for and shows that step, e.g. the new-password form.
   * Resolves once the answer is on screen.
   */
  async openLink(token: string): Promise<void> {
    this.request.clear();
    this.current = { step: 'checking_link' };
    // In parallel with the link check.
    this.loadPasswordRules();
    let next: AuthStep;
    try {
      next = await this.apiClient().inspectLink({ token });
    } catch (error) {
      await this.showLinkProblem(error);
      return;
    }
    this.moveFocus = true;
    await this.show(next);
  }

  /**
   * Ends the session on the server and shows the sign-in form again. Dispatches no event: the returned promise
   * is the signal. Rejects with a `PorticoApiError` (e.g. `network_error`) and stays signed in if the server could
   * not be told.
   */
  async signOut(): Promise<void> {
    // What was under way when sign-out was asked is not followed. The client announces the sign-out before it
    // resolves, and a signed-in step gives way to the sign-in form then: a flow begun on it is the person's next one.
    this.request.abort();
    this.request.clear();
    const asked = this.current;
    await this.apiClient().signOut();
    if (this.current === asked) this.current = signInStart;
    await this.updateComplete;
  }

  /**
   * A session token (JWT) for the page's own back end, to send as `Authorization: Bearer`; null when signed out.
   * Cached, and fetched anew shortly before it expires and after any change (an account switch, sign-out), so it
   * says what is true now. Verify it with `@portico/verify` (or any JWT library and the server's JWKS).
   */
  getToken(): Promise<string | null> {
    return this.apiClient().getToken();
  }

  override render() {
    const message = this.message();
    const heading = PorticoAuth.stepView(this.current).heading(this.current, this);
    return html`
      <div part="card">
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

  /** The step's message in the card, or null. */
  private message(): string | null {
    return PorticoAuth.stepView(this.current).message?.(this.current, this) ?? null;
  }

  /** Renders the shadow card as usual, then the current step's form into the light DOM. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.renderLight(PorticoAuth.stepView(this.current).form(this.current, this));
  }

  /** Also waits for a step's element being loaded, and for the light-DOM form, which renders what this element hands it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    while (this.stepLoading) await this.stepLoading;
    let settled = await super.getUpdateComplete();
    settled = (await this.lightFormUpdated()) && settled;
    // Focus moving to the step just shown is part of showing it.
    if (this.focusing) await this.focusing;
    return settled;
  }

  /** Waits for the light-DOM form's elements to render what this element handed them. */
  private async lightFormUpdated(): Promise<boolean> {
    let settled = true;
    for (const child of Array.from(this.children)) {
      if (child instanceof LitElement) settled = (await child.updateComplete) && settled;
    }
    return settled;
  }

  protected override updated(changed: PropertyValues): void {
    // The autofill waits while the sign-in form shows, and stops when it goes.
    const onForm = this.current.step === 'sign_in' || this.current.step === 'sign_in_again';
    if (this.passkeys && (onForm || this.passkeyFlows))
      void this.passkeySignIn().then(
        (flows) => flows.keepAutofill(onForm),
        () => undefined,
      );
    if (!changed.has('current')) return;
    const step = this.current.step;
    this.recordHistory(changed.get('current') as ShownStep | undefined);
    // The form that held focus is gone; carry focus to the confirmation instead of dropping it on <body>.
    if (step === 'done') {
      this.focusMessage();
      keepTokenCookieFresh(this.api);
      return;
    }
    if (!this.moveFocus) return;
    this.moveFocus = false;
    const focus = PorticoAuth.stepView(this.current).focus;
    if (focus === null) return;
    // A message to read first (the password was set, the link failed), else what the step names, or its first field.
    if (this.message() !== null) this.focusMessage();
    else {
      const focusing = this.focusWithin(focus ?? firstField);
      this.focusing = focusing;
      void focusing.then(() => {
        if (this.focusing === focusing) this.focusing = null;
      });
    }
  }

  /**
   * Gives the step now shown its history entry: a new one for a step moved on to, the same one for a step that
   * replaces its predecessor (an answer on the same screen, a step opened from a link, the end of a flow). A flow's
   * end (signed in, a password set, an account to choose) makes its older entries spent; signed in, the entry shows
   * the sign-in form on its return.
   */
  private recordHistory(previous: ShownStep | undefined): void {
    const current = this.current;
    const view = PorticoAuth.stepView(current);
    if (this.fromHistory || previous === undefined || view.recorded === false) {
      this.fromHistory = false;
      return;
    }
    const ends = view.endsFlow?.(current) ?? false;
    if (ends) endFlow();
    const same = ends || this.noHistory || previous.step === current.step || PorticoAuth.stepView(previous).nextReplaces === true;
    recordStep(view.reloadShows?.(current) ?? current, same ? 'replace' : 'push');
  }

  private focusMessage(): void {
    this.renderRoot.querySelector<HTMLElement>('[part="message"]')?.focus();
  }

  private async focusWithin(selector: string): Promise<void> {
    await this.lightFormUpdated();
    this.querySelector<HTMLElement>(selector)?.focus();
  }

  /** The sign-in form, with the ways on from it; also after a sign-in that has to start over. */
  private signInForm(identifier: string) {
    return html`<portico-login-form
        .busy=${this.request.busy && !this.bankidStarting}
        .error=${this.error}
        .identifier=${identifier}
        .customerIdLogin=${this.customerIdLogin}
        .passkeys=${this.passkeys}
        @portico-login-submit=${this.onLoginSubmit}
        @focusin=${() => void this.passkeyFlows?.then((flows) => flows.resumeAutofill())}
      ></portico-login-form>
      ${
        this.bankid
          ? html`<portico-button>
            <button
              type="button"
              aria-busy=${this.bankidStarting ? 'true' : 'false'}
              aria-disabled=${this.bankidStarting ? 'true' : 'false'}
              @click=${() => void this.startBankId()}
            >
              ${this.bankidStarting ? html`<portico-spinner></portico-spinner>${this.msg('bankidStarting')}` : this.msg('bankidSignInButton')}
            </button>
          </portico-button>`
          : nothing
      }
      ${
        this.passkeys
          ? html`<portico-button variant="secondary">
            <button
              type="button"
              aria-busy=${this.passkeyBusy ? 'true' : 'false'}
              aria-disabled=${this.passkeyBusy ? 'true' : 'false'}
              @click=${() => void this.withPasskeys((flows) => flows.signInWithButton())}
            >
              ${this.passkeyBusy ? html`<portico-spinner></portico-spinner>${this.msg('passkeySigningIn')}` : this.msg('passkeySignInButton')}
            </button>
          </portico-button>`
          : nothing
      }
      <portico-button variant="text">
        <button type="button" @click=${() => this.navigate('forgot-password')}>${this.msg('forgotPasswordLink')}</button>
      </portico-button>
      ${
        this.signUpOpen
          ? html`<portico-button variant="text">
            <button type="button" @click=${() => this.navigate('sign-up')}>
              ${
                // Self sign-up is offered after a failed sign-in too. After any failure, whatever the address, so it
                // tells nobody whether one has an account.
                this.msg(this.error ? 'noAccountSignUp' : 'createAccountLink')
              }
            </button>
          </portico-button>`
          : nothing
      }`;
  }

  /**
   * Every sign-up step is one template, so `<portico-signup>` (and the focus it holds) survives the steps it moves
   * through by itself; `step` is what it shows (null: the e-mail form).
   */
  private signUpForm(shown: ShownStep, step: VerifyEmailStep | CheckEmailStep | SetPasswordStep | EnterEmailStep | null) {
    return html`<portico-signup
      .api=${this.api}
      .step=${
        // Set only when this element's step changes: the sign-up element moves on through its own steps.
        guard([shown], () => step)
      }
      @portico-step=${this.onSignUpStep}
      @portico-navigate=${this.onNavigate}
    ></portico-signup>`;
  }

  /** The reset request and its confirmation: one template, so the element (and its focus) survives its own answer. */
  private forgotPasswordForm(step: CheckEmailStep | Extract<AuthStep, { step: 'check_main_contact_email' }> | null) {
    return html`<portico-forgot-password
      .api=${this.api}
      .customerIdLogin=${this.customerIdLogin}
      .step=${step}
      @portico-step=${this.onStep}
      @portico-navigate=${this.onNavigate}
    ></portico-forgot-password>`;
  }

  /** Registering an e-mail login for a customer ID, and its confirmation: one template, as above. */
  private registerEmailForm(step: Extract<AuthStep, { step: 'register_email' }> | null, sent: CheckEmailStep | null) {
    return html`<portico-register-email
      .api=${this.api}
      .step=${step}
      .sent=${sent}
      @portico-step=${this.onRegisterEmailStep}
      @portico-navigate=${this.onNavigate}
    ></portico-register-email>`;
  }

  private navigate(to: NavigateDetail['to']): void {
    this.request.clear();
    void this.goTo(to === 'forgot-password' ? { step: 'forgot_password' } : to === 'sign-up' ? { step: 'sign_up' } : signInStart, () => {
      this.moveFocus = true;
    });
  }

  private async onNavigate(event: CustomEvent<NavigateDetail>): Promise<void> {
    const { to, error } = event.detail;
    if (!error) {
      this.navigate(to);
      return;
    }
    // The sign-in under way cannot go on (its second step expired, too many wrong codes): start over, saying why.
    this.request.clear();
    this.moveFocus = true;
    this.current = { step: 'sign_in_again', error, email: this.signInEmail };
    await this.updateComplete;
    announceError(this, error, (failure) => this.message() ?? errorMessage(this.i18n, failure));
  }

  /**
   * The picker found the session gone (`unauthenticated`): start over at the sign-in form, saying why. The picker has
   * announced the error already.
   */
  private onPickerNavigate(event: CustomEvent<NavigateDetail>): void {
    const { error } = event.detail;
    this.request.clear();
    this.moveFocus = true;
    this.current = error ? { step: 'sign_in_again', error, email: this.signInEmail } : signInStart;
  }

  private async onStep(event: CustomEvent<StepDetail>): Promise<void> {
    // The forgot-password element keeps focus on its own confirmation; other answers lead to a new screen.
    this.moveFocus = event.detail.step !== 'check_email' && event.detail.step !== 'check_main_contact_email';
    await this.show(event.detail);
  }

  /**
   * A step from `<portico-register-email>`: `check_email` is its own confirmation, which it shows and focuses (only
   * the heading follows); any other answer is shown here.
   */
  private async onRegisterEmailStep(event: CustomEvent<StepDetail>): Promise<void> {
    const next = event.detail;
    const current = this.current;
    if (next.step === 'check_email' && current.step === 'register_email') {
      this.moveFocus = false;
      this.current = { step: 'register_email_sent', sent: next, customerId: current.customerId };
      return;
    }
    this.moveFocus = true;
    await this.show(next);
  }

  /**
   * A step from `<portico-signup>`. Its own steps it renders itself (only the heading and the history follow here);
   * any other is shown here like every step, and a sign-up that ends signed in is announced here, as every sign-in is
   * (taking the step over, `preventDefault`, tells the sign-up element not to announce it itself).
   */
  private async onSignUpStep(event: CustomEvent<StepDetail>): Promise<void> {
    event.preventDefault();
    const next = event.detail;
    if (next.step === 'verify_email' || next.step === 'enter_email') this.current = next;
    else if (next.step === 'check_email') this.current = { step: 'sign_up_sent', sent: next };
    else if (next.step === 'set_password') this.current = { step: 'sign_up_password', password: next };
    else {
      this.moveFocus = next.step !== 'done';
      await this.show(next);
    }
  }

  /** A link that cannot be used: say why, offer a new link and the way back to sign-in. */
  private async showLinkProblem(error: unknown): Promise<void> {
    const code = error instanceof PorticoApiError ? error.code : 'internal_error';
    // A malformed token is, to the person who clicked it, just a link that does not work.
    const shown: ShownError = { code: code === 'invalid_request' ? 'invalid_link' : code };
    this.moveFocus = true;
    this.current = { step: 'link_problem', error: shown };
    await this.updateComplete;
    announceError(this, shown, (failure: ShownError) => errorMessage(this.i18n, failure));
  }

  /** The page's one client of this API: its token cache then follows changes any Portico element makes. */
  private apiClient(): PorticoClient {
    return clientFor(this.api);
  }

  private async onLoginSubmit(event: CustomEvent<LoginCredentials>): Promise<void> {
    this.signInEmail = event.detail.identifier;
    const next = await this.request.run(() => this.apiClient().signIn({ ...event.detail, locale: this.locale }));
    if (next) await this.show(next);
  }

  /** "Sign in with BankID": starts an order and shows it. */
  private async startBankId(): Promise<void> {
    if (this.request.busy) return;
    this.bankidStarting = true;
    const next = await this.request.run(() => this.apiClient().startBankId());
    this.bankidStarting = false;
    if (next) await this.show(next);
  }
  /**
   * Passkey sign-in (the button, the e-mail field's autofill) and the offer after a password sign-in: loaded after the
   * first render where the policy offers passkeys, so the sign-in form never waits for it.
   */
  private passkeySignIn(): Promise<PasskeySignIn> {
    this.passkeyFlows ??= import('./passkey-sign-in.ts').then(
      ({ PasskeySignIn }) => new PasskeySignIn(this.passkeyHost()),
      (error: unknown) => {
        this.passkeyFlows = null;
        throw error;
      },
    );
    return this.passkeyFlows;
  }

  /** What the passkey code may use of this element. */
  private passkeyHost(): PasskeySignInHost {
    // The host's getters read the element's state when the passkey code asks, not when the host is made.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const auth = this;
    return {
      get client() {
        return auth.apiClient();
      },
      get locale() {
        return auth.locale;
      },
      get passwordBusy() {
        return auth.request.busy;
      },
      get passkeyBusy() {
        return auth.passkeyBusy;
      },
      set passkeyBusy(busy) {
        auth.passkeyBusy = busy;
      },
      clearError: () => auth.request.clear(),
      fail: (error) => auth.request.fail(error),
      show: (next) => auth.show(next),
      endOffer: (done, added) => auth.endOffer(done, added),
    };
  }

  /** Runs `action` with the passkey code; without it (it could not be loaded), says so. */
  private async withPasskeys(action: (flows: PasskeySignIn) => Promise<void>): Promise<void> {
    let flows: PasskeySignIn;
    try {
      flows = await this.passkeySignIn();
    } catch {
      await this.request.fail(new PorticoApiError(0, 'network_error', 'Passkeys could not be loaded.'));
      return;
    }
    await action(flows);
  }

  /** The offer is over (a passkey added, or "Not now"): signed in. */
  private async endOffer(done: DoneStep, added: boolean): Promise<void> {
    this.request.clear();
    this.passkeyAdded = added;
    await this.show({ ...done, offerPasskey: false });
  }

  /**
   * Loads the element of a step that is not in the first download (none: at once), then runs `show`, as one piece of
   * work that `updateComplete` waits for. If the element cannot be loaded, says so in the form on screen and answers
   * false.
   */
  private async loadThen(element: StepElement | undefined, show: () => void): Promise<boolean> {
    if (!element) {
      show();
      return true;
    }
    const loading = element.module().then(
      () => {
        show();
        return true;
      },
      (error: unknown) => {
        console.error(`Portico: ${element.what} could not be loaded`, error);
        return false;
      },
    );
    this.stepLoading = loading;
    const loaded = await loading;
    if (this.stepLoading === loading) this.stepLoading = null;
    // Shown once nothing is loading any more: showing it waits for `updateComplete`, which waits for the load.
    if (!loaded) await this.request.fail(new PorticoApiError(0, 'network_error', `${element.what} could not be loaded.`));
    return loaded;
  }

  /**
   * Shows a step the person moved to (a link on the form, Back or Forward) once its element is loaded; `before` runs
   * just before it shows. Nothing changes when it cannot be loaded, or when another step was shown while it loaded.
   */
  private async goTo(next: ShownStep, before: () => void): Promise<void> {
    const asked = ++this.navigation;
    const shown = this.current;
    await this.loadThen(PorticoAuth.stepView(next).load, () => {
      if (asked !== this.navigation || shown !== this.current) return;
      before();
      this.current = next;
    });
  }

  /**
   * Fetches, once the page is idle, the elements of the steps this policy can lead to from the sign-in form (a link
   * on it, or what the server answers a sign-in), so that none waits for its download when it comes. Steps opened from
   * a mailed link load while the link is checked.
   */
  private prefetchSteps(config: PublicConfig): void {
    const elements: StepElement[] = [stepElements.forgotPassword];
    if (config.bankid) elements.push(stepElements.bankid);
    whenIdle(() => {
      for (const element of elements) void element.module().catch(() => undefined);
    });
  }

  /** Renders the server's step; every flow decision was made by the server. */
  private async show(next: AuthStep): Promise<void> {
    // The server's step comes after whatever the person moved to before it.
    ++this.navigation;
    const view = PorticoAuth.stepView(next);
    let signedIn = false;
    const loaded = await this.loadThen(view.load, () => {
      // The form that held focus is gone: take the focus to the new step's.
      if (view.takesFocus) this.moveFocus = true;
      // Right after a password sign-in, a passkey may be offered first (after the account is chosen, if there is one
      // to choose); a browser without WebAuthn goes straight on.
      if (next.step === 'choose_account') this.offerAfterChoice = next.offerPasskey === true;
      if (next.step === 'done' && (next.offerPasskey || this.offerAfterChoice)) {
        this.offerAfterChoice = false;
        if (passkeysPossible()) {
          this.moveFocus = true;
          this.current = { step: 'passkey_offer', done: next };
          return;
        }
      }
      if (next.step !== 'done') this.passkeyAdded = false;
      // The notice after `set_credentials` names the customer ID it was for.
      const previous = this.current;
      this.noticeCustomerId = next.step === 'sign_in' && previous.step === 'set_credentials' ? previous.customerId : null;
      this.current = next;
      signedIn = next.step === 'done';
    });
    if (!loaded) {
      view.load?.abandon?.(next, this.apiClient());
      return;
    }
    // Events go out once the new state is on screen, so a host reacting to them sees what the user sees.
    await this.updateComplete;
    if (signedIn && next.step === 'done') announceSignedIn(this, next);
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
