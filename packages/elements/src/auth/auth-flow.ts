import { PorticoApiError, type PorticoClient } from '@portico/client';
import type { AuthStep, CheckEmailStep, DoneStep, EnterEmailStep, PasswordRules, PublicConfig, SetPasswordStep, VerifyEmailStep } from '@portico/contract';
import { html, LitElement, nothing, type ReactiveController } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { clientFor, configFor, keepTokenCookieFresh } from '../api/api.ts';
import { onSessionChange, type SessionListener } from '../api/session-sync.ts';
import '../button/portico-button.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import type { Localizer } from '../i18n/localize-controller.ts';
import type { MessageKey, ParamArgs } from '../i18n/msg.ts';
import type { LoginCredentials } from '../login-form/portico-login-form.ts';
import { RequestController } from '../shared/request-controller.ts';
import { announceError, announceSignedIn, type NavigateDetail, type StepDetail } from '../shared-events.ts';
import { passkeysPossible } from '../shared/passkeys-possible.ts';
import '../spinner/portico-spinner.ts';
import type { PasskeySignIn, PasskeySignInHost } from './passkey-sign-in.ts';
import type { PorticoAuth } from './portico-auth.ts';
import { linkParameter, type ShownStep, signInStart } from './shown-step.ts';
import { endFlow, recordStep, stepOf } from './step-history.ts';

/**
 * What `<portico-auth>` does beyond showing its sign-in form: every other step, the flows between them, the history
 * entries, mailed links, the session's changes, passkeys. The element loads this module the moment it is created,
 * beside its first render, so the sign-in form shows without waiting for it (see `portico-auth.ts`).
 */

/** How `<portico-auth>` shows one step (see `AuthFlow.steps`). */
interface StepView<Shown extends ShownStep> {
  /** The heading's text, unless the host slotted its own. */
  readonly heading: (shown: Shown, auth: AuthFlow) => string;
  /** The message above the form (read first when the step is moved to); none by default. */
  readonly message?: (shown: Shown, auth: AuthFlow) => string | null;
  /** The step's form, rendered into the light DOM (where password managers see it). */
  readonly form: (shown: Shown, auth: AuthFlow) => unknown;
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
 * `<portico-auth>`'s logic, one per element: a controller of it (connected and disconnected with it, told after each
 * of its updates). It holds the element's requests and the state of the flow under way; what shows is the element's.
 */
export class AuthFlow implements ReactiveController {
  /** The element's own requests (a password sign-in, a BankID order started, a step's element loaded) and their failures. */
  private readonly request: RequestController;

  // What the element shows besides its step. Each change is followed by an update of the element.

  /** The password rules, for the checklist of the password steps. */
  private passwordRules: PasswordRules | null = null;
  /** Whether the server's policy lets people create accounts themselves (`signUp.mode` is not `none`). */
  private signUpOpen = false;
  /** Whether old customer-ID logins still sign in (the policy's `customerIdLogin`): the forms then take one. */
  customerIdLogin = false;
  /** Whether the policy offers BankID sign-in (leasing portal): "Sign in with BankID" under the form. */
  private bankid = false;
  /** "Sign in with BankID" was pressed: the order is being started. */
  private bankidStarting = false;
  /** Passkeys sign in here: the policy offers them and the browser runs WebAuthn. */
  passkeys = false;
  /** A passkey sign-in or the addition of one is under way (the browser's dialog, then the server). */
  private passkeyBusy = false;
  /** The passkey of the offer was added: the "signed in" message says so. */
  private passkeyAdded = false;
  /** The customer ID the last `set_credentials` step was for, named in the notice that follows it. */
  private noticeCustomerId: string | null = null;

  /** Set when the user moved to another screen: focus follows to it (never on the first render). */
  private moveFocus = false;
  /** The step on screen came from a history entry (Back, Forward, a reload): it is not recorded again. */
  private fromHistory = false;
  /** The step on screen at the last update, to tell a new one. */
  private shownBefore: ShownStep;
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

  constructor(readonly host: PorticoAuth) {
    this.shownBefore = host.current;
    this.request = new RequestController(host, {
      // A notice ("Your password has been set") must not stand beside the error that follows it.
      handled: () => {
        const current = host.current;
        if (current.step === 'sign_in' && current.notice !== null) host.current = { ...current, notice: null };
        return false;
      },
    });
    host.addController(this);
  }

  /** The failure shown in the form, or null. */
  get error(): ShownError | null {
    return this.request.error;
  }

  get api(): string {
    return this.host.api;
  }

  get i18n(): Localizer {
    return this.host.i18n;
  }

  msg<Key extends MessageKey>(key: Key, ...args: ParamArgs<Key>): string {
    return this.host.msg(key, ...args);
  }

  static readonly steps: StepTable = {
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
      form: (shown, auth) => auth.host.signInForm(shown.identifier ?? ''),
      // A notice means a flow (a reset, a registration) ended in it.
      endsFlow: (shown) => shown.notice !== null,
    },
    sign_in_again: {
      heading: (_shown, auth) => auth.msg('signInHeading'),
      message: (shown, auth) => (shown.error.code === 'too_many_attempts' ? auth.msg('errorMfaTooManyAttempts') : errorMessage(auth.i18n, shown.error)),
      form: (shown, auth) => auth.host.signInForm(shown.email),
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
    return AuthFlow.steps[shown.step] as unknown as StepView<Shown>;
  }

  /** The heading of the step on screen. */
  heading(): string {
    const shown = this.host.current;
    return AuthFlow.stepView(shown).heading(shown, this);
  }

  /** The message in the card above the step on screen, or null. */
  message(): string | null {
    const shown = this.host.current;
    return AuthFlow.stepView(shown).message?.(shown, this) ?? null;
  }

  /** The form of the step on screen, for the element's light DOM. */
  form(): unknown {
    const shown = this.host.current;
    return AuthFlow.stepView(shown).form(shown, this);
  }

  hostConnected(): void {
    const host = this.host;
    configFor(host.api).then(
      (config) => {
        this.signUpOpen = config.signUp.mode !== 'none';
        this.customerIdLogin = config.customerIdLogin;
        this.bankid = config.bankid;
        this.passkeys = config.passkeys && passkeysPossible();
        host.requestUpdate();
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
    host.resuming = false;
  }

  hostDisconnected(): void {
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
    const step = this.host.current.step;
    if (api !== this.api) return;
    if (signedIn) {
      if (step === 'sign_in' || step === 'sign_in_again') void this.followSignIn();
    } else if (step === 'done' || step === 'choose_account' || step === 'passkey_offer') {
      this.host.current = reason === 'session_ended' ? { step: 'sign_in_again', error: { code: 'unauthenticated' }, email: this.signInEmail } : signInStart;
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
    const shown = entry?.live && Object.hasOwn(AuthFlow.steps, entry.shown.step) ? entry.shown : signInStart;
    if (shown.step === 'choose_account') void this.resumeAccountChoice();
    else {
      this.loadPasswordRules();
      void this.goTo(shown, () => {
        // Unchanged (the form already shows), there is no update to skip recording in.
        this.fromHistory = shown !== this.host.current;
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
    } else this.host.current = signInStart;
  }

  /** The password rules, for the checklist of the password steps; fetched once per page. */
  private loadPasswordRules(): void {
    configFor(this.api).then(
      (config) => {
        this.passwordRules = config.passwords;
        this.host.requestUpdate();
      },
      () => undefined, // The checklist stays empty; the server still checks the rules.
    );
  }

  /** See `PorticoAuth.openLink`. */
  async openLink(token: string): Promise<void> {
    this.request.clear();
    this.host.current = { step: 'checking_link' };
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

  /** See `PorticoAuth.signOut`. */
  async signOut(): Promise<void> {
    // What was under way when sign-out was asked is not followed. The client announces the sign-out before it
    // resolves, and a signed-in step gives way to the sign-in form then: a flow begun on it is the person's next one.
    this.request.abort();
    this.request.clear();
    const asked = this.host.current;
    await this.apiClient().signOut();
    if (this.host.current === asked) this.host.current = signInStart;
    await this.host.updateComplete;
  }

  /** See `PorticoAuth.getToken`. */
  getToken(): Promise<string | null> {
    return this.apiClient().getToken();
  }

  /** Waits for a step's element being loaded: what the element's `updateComplete` waits for before its own update. */
  async loaded(): Promise<void> {
    while (this.stepLoading) await this.stepLoading;
  }

  /**
   * Waits for the light-DOM form to render what the element handed it, and for focus moving to the step just shown
   * (part of showing it): what the element's `updateComplete` waits for after its own update.
   */
  async rendered(): Promise<boolean> {
    const settled = await this.lightFormUpdated();
    if (this.focusing) await this.focusing;
    return settled;
  }

  /** Waits for the light-DOM form's elements to render what the element handed them. */
  private async lightFormUpdated(): Promise<boolean> {
    let settled = true;
    for (const child of Array.from(this.host.children)) {
      if (child instanceof LitElement) settled = (await child.updateComplete) && settled;
    }
    return settled;
  }

  hostUpdated(): void {
    const host = this.host;
    // The autofill waits while the sign-in form shows, and stops when it goes.
    const onForm = host.current.step === 'sign_in' || host.current.step === 'sign_in_again';
    if (this.passkeys && (onForm || this.passkeyFlows))
      void this.passkeySignIn().then(
        (flows) => flows.keepAutofill(onForm),
        () => undefined,
      );
    const previous = this.shownBefore;
    if (host.current === previous) return;
    this.shownBefore = host.current;
    const step = host.current.step;
    this.recordHistory(previous);
    // The form that held focus is gone; carry focus to the confirmation instead of dropping it on <body>.
    if (step === 'done') {
      this.focusMessage();
      keepTokenCookieFresh(this.api);
      return;
    }
    if (!this.moveFocus) return;
    this.moveFocus = false;
    const focus = AuthFlow.stepView(host.current).focus;
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
  private recordHistory(previous: ShownStep): void {
    const current = this.host.current;
    const view = AuthFlow.stepView(current);
    if (this.fromHistory || view.recorded === false) {
      this.fromHistory = false;
      return;
    }
    const ends = view.endsFlow?.(current) ?? false;
    if (ends) endFlow();
    const same = ends || this.host.noHistory || previous.step === current.step || AuthFlow.stepView(previous).nextReplaces === true;
    recordStep(view.reloadShows?.(current) ?? current, same ? 'replace' : 'push');
  }

  private focusMessage(): void {
    this.host.renderRoot.querySelector<HTMLElement>('[part="message"]')?.focus();
  }

  private async focusWithin(selector: string): Promise<void> {
    await this.lightFormUpdated();
    this.host.querySelector<HTMLElement>(selector)?.focus();
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

  /** A way on from the sign-in form ("Forgot password?", "Create an account"), or back to it. */
  navigate(to: NavigateDetail['to']): void {
    this.request.clear();
    void this.goTo(to === 'forgot-password' ? { step: 'forgot_password' } : to === 'sign-up' ? { step: 'sign_up' } : signInStart, () => {
      this.moveFocus = true;
    });
  }

  // The steps' elements call the handlers below as event listeners, which Lit calls on the element: each is bound here.

  private readonly onNavigate = async (event: CustomEvent<NavigateDetail>): Promise<void> => {
    const { to, error } = event.detail;
    if (!error) {
      this.navigate(to);
      return;
    }
    // The sign-in under way cannot go on (its second step expired, too many wrong codes): start over, saying why.
    this.request.clear();
    this.moveFocus = true;
    this.host.current = { step: 'sign_in_again', error, email: this.signInEmail };
    await this.host.updateComplete;
    announceError(this.host, error, (failure) => this.message() ?? errorMessage(this.i18n, failure));
  };

  /**
   * The picker found the session gone (`unauthenticated`): start over at the sign-in form, saying why. The picker has
   * announced the error already.
   */
  private readonly onPickerNavigate = (event: CustomEvent<NavigateDetail>): void => {
    const { error } = event.detail;
    this.request.clear();
    this.moveFocus = true;
    this.host.current = error ? { step: 'sign_in_again', error, email: this.signInEmail } : signInStart;
  };

  private readonly onStep = async (event: CustomEvent<StepDetail>): Promise<void> => {
    // The forgot-password element keeps focus on its own confirmation; other answers lead to a new screen.
    this.moveFocus = event.detail.step !== 'check_email' && event.detail.step !== 'check_main_contact_email';
    await this.show(event.detail);
  };

  /**
   * A step from `<portico-register-email>`: `check_email` is its own confirmation, which it shows and focuses (only
   * the heading follows); any other answer is shown here.
   */
  private readonly onRegisterEmailStep = async (event: CustomEvent<StepDetail>): Promise<void> => {
    const next = event.detail;
    const current = this.host.current;
    if (next.step === 'check_email' && current.step === 'register_email') {
      this.moveFocus = false;
      this.host.current = { step: 'register_email_sent', sent: next, customerId: current.customerId };
      return;
    }
    this.moveFocus = true;
    await this.show(next);
  };

  /**
   * A step from `<portico-signup>`. Its own steps it renders itself (only the heading and the history follow here);
   * any other is shown here like every step, and a sign-up that ends signed in is announced here, as every sign-in is
   * (taking the step over, `preventDefault`, tells the sign-up element not to announce it itself).
   */
  private readonly onSignUpStep = async (event: CustomEvent<StepDetail>): Promise<void> => {
    event.preventDefault();
    const next = event.detail;
    if (next.step === 'verify_email' || next.step === 'enter_email') this.host.current = next;
    else if (next.step === 'check_email') this.host.current = { step: 'sign_up_sent', sent: next };
    else if (next.step === 'set_password') this.host.current = { step: 'sign_up_password', password: next };
    else {
      this.moveFocus = next.step !== 'done';
      await this.show(next);
    }
  };

  /** A link that cannot be used: say why, offer a new link and the way back to sign-in. */
  private async showLinkProblem(error: unknown): Promise<void> {
    const code = error instanceof PorticoApiError ? error.code : 'internal_error';
    // A malformed token is, to the person who clicked it, just a link that does not work.
    const shown: ShownError = { code: code === 'invalid_request' ? 'invalid_link' : code };
    this.moveFocus = true;
    this.host.current = { step: 'link_problem', error: shown };
    await this.host.updateComplete;
    announceError(this.host, shown, (failure: ShownError) => errorMessage(this.i18n, failure));
  }

  /** The page's one client of this API: its token cache then follows changes any Portico element makes. */
  private apiClient(): PorticoClient {
    return clientFor(this.api);
  }

  /** The sign-in form was submitted. */
  async signIn(credentials: LoginCredentials): Promise<void> {
    this.signInEmail = credentials.identifier;
    const next = await this.request.run(() => this.apiClient().signIn({ ...credentials, locale: this.host.locale }));
    if (next) await this.show(next);
  }

  /** "Sign in with BankID": starts an order and shows it. */
  private async startBankId(): Promise<void> {
    if (this.request.busy) return;
    this.bankidStarting = true;
    this.host.requestUpdate();
    const next = await this.request.run(() => this.apiClient().startBankId());
    this.bankidStarting = false;
    this.host.requestUpdate();
    if (next) await this.show(next);
  }

  /** The sign-in form shows its submit button busy: a password sign-in is under way. */
  get formBusy(): boolean {
    return this.request.busy && !this.bankidStarting;
  }

  /** The ways to sign in the policy adds under the sign-in form: BankID, passkeys. */
  otherWaysIn() {
    return html`${
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
    }`;
  }

  /** "Create an account" under the sign-in form, where the policy lets people sign up. */
  signUpLink() {
    return this.signUpOpen
      ? html`<portico-button variant="text">
          <button type="button" @click=${() => this.navigate('sign-up')}>
            ${
              // Self sign-up is offered after a failed sign-in too. After any failure, whatever the address, so it
              // tells nobody whether one has an account.
              this.msg(this.error ? 'noAccountSignUp' : 'createAccountLink')
            }
          </button>
        </portico-button>`
      : nothing;
  }

  /** The user is back at the e-mail field: a passkey request the browser refused waits on the autofill again. */
  resumeAutofill(): void {
    void this.passkeyFlows?.then((flows) => flows.resumeAutofill());
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
    const flow = this;
    const host = this.host;
    return {
      get client() {
        return flow.apiClient();
      },
      get locale() {
        return host.locale;
      },
      get passwordBusy() {
        return flow.request.busy;
      },
      get passkeyBusy() {
        return flow.passkeyBusy;
      },
      set passkeyBusy(busy) {
        flow.passkeyBusy = busy;
        host.requestUpdate();
      },
      clearError: () => flow.request.clear(),
      fail: (error) => flow.request.fail(error),
      show: (next) => flow.show(next),
      endOffer: (done, added) => flow.endOffer(done, added),
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
    const shown = this.host.current;
    await this.loadThen(AuthFlow.stepView(next).load, () => {
      if (asked !== this.navigation || shown !== this.host.current) return;
      before();
      this.host.current = next;
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
    const view = AuthFlow.stepView(next);
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
          this.host.current = { step: 'passkey_offer', done: next };
          return;
        }
      }
      if (next.step !== 'done') this.passkeyAdded = false;
      // The notice after `set_credentials` names the customer ID it was for.
      const previous = this.host.current;
      this.noticeCustomerId = next.step === 'sign_in' && previous.step === 'set_credentials' ? previous.customerId : null;
      this.host.current = next;
      signedIn = next.step === 'done';
    });
    if (!loaded) {
      view.load?.abandon?.(next, this.apiClient());
      return;
    }
    // Events go out once the new state is on screen, so a host reacting to them sees what the user sees.
    await this.host.updateComplete;
    if (signedIn && next.step === 'done') announceSignedIn(this.host, next);
  }
}
