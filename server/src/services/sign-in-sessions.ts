import type { AuthMethod, ChooseAccountStep, DoneStep, Locale, MfaSetupStep, MfaStep } from '@portico/contract';
import type { UserRecord } from '../ports/store.ts';
import type { CustomerAccounts } from './customer-accounts.ts';
import type { KnownBrowsers } from './known-browsers.ts';
import type { Requester } from './limits/budgets.ts';
import type { MfaSignIn } from './mfa/mfa-sign-in.ts';
import type { TrustedDevices } from './mfa/trusted-devices.ts';
import type { Passkeys } from './passkeys/passkeys.ts';
import type { SessionService } from './session-service.ts';
import { toUser, type UserService } from './user-service.ts';

/** Every way of signing in ends here: the `done` step, or the account picker for a user of several accounts. */
export type SignedIn = DoneStep | ChooseAccountStep;

/** A token the browser is to keep, and until when. */
export interface BrowserToken {
  token: string;
  expiresAt: Date;
}

/** What the browser that signs in brings along: the tokens it kept from earlier visits, and what it is. */
export interface SigningInBrowser {
  /** The session it presented, if any: it ends, so a token planted before the sign-in (session fixation) gains nothing. */
  sessionToken: string | undefined;
  /** Its known-browser token (see KnownBrowsers), if any. */
  knownBrowserToken: string | undefined;
  /** Its trusted-device token (see TrustedDevices), if any. */
  deviceToken: string | undefined;
  /** Whether it was offered a passkey lately: it is not offered one again for a while. */
  offeredPasskey: boolean;
  userAgent: string | null;
  clientAddress: string | null;
}

/** A completed sign-in: the answer, and the tokens the browser is to keep. */
export interface SessionStarted {
  answer: SignedIn;
  session: BrowserToken;
  knownBrowser: BrowserToken;
  /** The browser was offered a passkey now: until when it is not to be offered one again. Null: not offered. */
  passkeyOfferedUntil: Date | null;
  /** The browser is now trusted to skip the second step (the user asked for it); null: it is not. */
  trustedDevice: BrowserToken | null;
}

/** The login was disabled: every way in refuses it as it refuses a wrong password. */
export interface LoginRefused {
  error: 'invalid_credentials';
}

/**
 * How the second step was passed: an app's code, a text (to the phone or the recovery phone), a mailed code, a
 * recovery code, or a passkey or security key.
 */
export type SecondStepMethod = 'totp' | 'sms' | 'recovery_phone' | 'email' | 'recovery' | 'webauthn';

const secondStepAmr: Record<SecondStepMethod, AuthMethod> = {
  totp: 'otp',
  sms: 'sms',
  recovery_phone: 'sms',
  email: 'otp',
  recovery: 'otp',
  webauthn: 'pop',
};

/**
 * What follows once a user has proven who they are, by any way of signing in: whether a second step is due, the new
 * session and the account it works in, the browser's standing for the failure budgets, and the offers made on the
 * way (a passkey, trust for this browser).
 */
export class SignInSessions {
  constructor(
    private readonly sessions: SessionService,
    private readonly customerAccounts: CustomerAccounts,
    private readonly knownBrowsers: KnownBrowsers,
    private readonly mfaSignIn: MfaSignIn,
    private readonly passkeys: Passkeys,
    private readonly trustedDevices: TrustedDevices,
    private readonly users: UserService,
    private readonly defaultLocale: string,
  ) {}

  /**
   * What a right password (or a just-proven address) leads to: signed in, or the second step, unless this browser is
   * trusted for the user. `locale`, the language the page signed in in, becomes the user's first, so a code that
   * goes out now is in it.
   */
  async afterPassword(
    user: UserRecord,
    browser: SigningInBrowser,
    options: { requester: Requester; failuresOnRecord: boolean; emailJustProven?: boolean; locale?: Locale | undefined },
  ): Promise<SessionStarted | MfaStep | MfaSetupStep | LoginRefused> {
    const { locale, ...context } = options;
    const speaking = await this.users.rememberLocale(user, locale);
    const accepted = await this.mfaSignIn.afterPassword(speaking, { ...context, deviceToken: browser.deviceToken });
    if (accepted.outcome !== 'done') return accepted.step;
    // A link's ticket proved the address as a one-time secret would; a trusted browser skips the second step, so it
    // counts as the password alone.
    const authMethods: AuthMethod[] = options.emailJustProven ? ['pwd', 'otp'] : ['pwd'];
    return this.offerPasskey(speaking, browser, await this.start(speaking, authMethods, browser));
  }

  /** Signs in after the second step; with `trustDevice` (where the policy offers it) this browser skips it next time. */
  async afterSecondStep(user: UserRecord, browser: SigningInBrowser, trustDevice: boolean, method: SecondStepMethod): Promise<SessionStarted | LoginRefused> {
    const started = await this.offerPasskey(user, browser, await this.start(user, ['pwd', secondStepAmr[method], 'mfa'], browser));
    if ('error' in started || !trustDevice || !this.trustedDevices.offered) return started;
    const locale = user.locale ?? this.defaultLocale;
    const trustedDevice = await this.trustedDevices.trust(user.id, browser.userAgent ?? undefined, browser.deviceToken, locale);
    return { ...started, trustedDevice };
  }

  /**
   * Signs in with a proof that is two factors in itself (a passkey and what unlocked it, BankID): no second step.
   * `locale` as for `afterPassword`.
   */
  async withoutSecondStep(
    user: UserRecord,
    browser: SigningInBrowser,
    authMethods: AuthMethod[],
    locale: Locale | undefined,
  ): Promise<SessionStarted | LoginRefused> {
    return this.start(await this.users.rememberLocale(user, locale), authMethods, browser);
  }

  /**
   * A new session every time, and the one the browser presented (if any) ends. The session works in the user's only
   * customer account, or in none: a user linked to several gets `choose_account` (order onboarding) with the session
   * already started, and picks one with `POST /api/account/active`.
   */
  private async start(user: UserRecord, authMethods: AuthMethod[], browser: SigningInBrowser): Promise<SessionStarted | LoginRefused> {
    // Each way in refuses a disabled login as it refuses a wrong password; this is the last line, should one forget.
    if (user.disabledAt) return { error: 'invalid_credentials' };
    if (browser.sessionToken) await this.sessions.end(browser.sessionToken, 'replaced');
    const { accounts, activeAccount, mustChoose } = await this.customerAccounts.atSignIn(user.id);
    const client = { userAgent: browser.userAgent, clientAddress: browser.clientAddress };
    const { token, record } = await this.sessions.start(user, authMethods, activeAccount?.customerId ?? null, client);
    // From now on this browser's failed sign-ins to the account spend its own budget (Budgets.failures).
    const knownBrowser = await this.knownBrowsers.remember(user.id, browser.knownBrowserToken);
    const answer: SignedIn = mustChoose
      ? { step: 'choose_account', accounts }
      : { step: 'done', user: toUser(user), session: this.sessions.summary(record), activeAccount, accounts };
    return { answer, session: { token, expiresAt: record.expiresAt }, knownBrowser, passkeyOfferedUntil: null, trustedDevice: null };
  }

  /**
   * After a password sign-in: the answer's `offerPasskey` (see Passkeys.offerAfterPasswordSignIn), and a date until
   * which this browser is not offered one again.
   */
  private async offerPasskey(user: UserRecord, browser: SigningInBrowser, started: SessionStarted | LoginRefused): Promise<SessionStarted | LoginRefused> {
    if ('error' in started || browser.offeredPasskey) return started;
    const until = await this.passkeys.offerAfterPasswordSignIn(user.id);
    if (!until) return started;
    return { ...started, answer: { ...started.answer, offerPasskey: true }, passkeyOfferedUntil: until };
  }
}
