import { z } from './zod.ts';
import { locales } from './locales.ts';
import { MfaMethod } from './mfa.ts';
import { PasswordRules } from './passwords.ts';

export const Locale = z.enum(locales);
export type Locale = z.infer<typeof Locale>;

/**
 * `locale` of the requests a person acts through (sign-in, sign-up, a mailed link's password, "My details"): the
 * language of the UI they used, which the elements send as the language they speak. The server remembers it as the
 * user's language (mails, texts and the names of trusted devices follow it) and mails an address without a user in
 * it. A language Portico does not speak counts as none, so a client newer or older than the server never fails a
 * sign-in over it.
 */
export const RequestLocale = Locale.optional().catch(undefined);

const Window = z.object({ max: z.number().int().positive(), windowSeconds: z.number().int().positive() });

/**
 * The server's policy: the flow rules. A preset is a named set of these values; every value can also be set on its
 * own (see README's configuration table). Durations are in seconds.
 */
export const Policy = z.object({
  session: z.object({
    /** A session unused for this long ends. */
    idleTimeoutSeconds: z.number().int().positive(),
    /** A session ends this long after sign-in, however much it is used. */
    absoluteTimeoutSeconds: z.number().int().positive(),
    /**
     * How long a node may answer a session check from memory. A session revoked on one node is refused there at
     * once, but other nodes may still accept it for up to this long. 0 checks the database on every request.
     */
    cacheSeconds: z.number().int().nonnegative(),
  }),
  /**
   * Failed proofs of identity (wrong passwords, wrong second-factor codes). Each budget is reserved before the
   * password hash or code is checked, so a burst of requests at once is evaluated no further than the budget allows.
   */
  signInLimits: z.object({
    /**
     * Failures allowed per account from one client address, and per browser that signed in to the account before,
     * within the window. The whole account allows twice as many from unknown browsers in the window and five times as
     * many a day: growing waits for a guesser spread over many addresses, while the owner's known browsers keep
     * their own budget.
     */
    maxFailures: z.number().int().positive(),
    windowSeconds: z.number().int().positive(),
    /** Failures allowed per client address (an IPv6 /64 counts as one), whatever the accounts: set above what an office behind one address reaches. */
    maxFailuresPerAddress: z.number().int().positive(),
    /**
     * Consecutive failures an account allows from unknown browsers (NIST SP 800-63B: at most 100) before only a
     * password reset, or a sign-in from a browser the account knows, starts it over. Failures older than 30 days drop out.
     */
    maxConsecutiveFailures: z.number().int().positive(),
  }),
  passwords: PasswordRules,
  signUp: z.object({
    /**
     * `code`: e-mail → 6-digit code → password (licensing portal). `link`: e-mail → verification link → set credentials
     * (order onboarding). `none`: accounts are created by the portal and invited (leasing portal).
     */
    mode: z.enum(['none', 'code', 'link']),
    /** Lower-case e-mail domains allowed to sign up ("company e-mail"); empty allows any. */
    allowedEmailDomains: z.array(z.string()),
    /** Sign-up also asks for the person's name (the licensing portal's form does), which becomes the user's name. */
    askName: z.boolean(),
  }),
  verification: z.object({
    codeTtlSeconds: z.number().int().positive(),
    /** Reset, sign-up and confirmation links; the baseline caps reset links at an hour. */
    linkTtlSeconds: z.number().int().positive(),
    /** Welcome mails of invited accounts wait longer: people open them days later. */
    invitationTtlSeconds: z.number().int().positive(),
    /** Wrong tries allowed per code before it stops working. */
    maxCodeAttempts: z.number().int().positive(),
    /** The least time between two mails to one address for the same purpose. */
    resendCooldownSeconds: z.number().int().nonnegative(),
    /**
     * Mails or texts per address (or phone number) for one purpose: a sign-up somebody else asks for does not use up
     * the codes of the owner's sign-in.
     */
    sendsPerAddress: Window,
    /** Mails anyone may ask for (sign-up, resets, customer-ID registration) per client address; codes for someone who proved their password are not counted here. */
    sendsPerIp: Window,
  }),
  /**
   * Old customer-ID logins (customer-ID migration): a customer ID signs in by itself until an e-mail login is registered for it,
   * and "forgot password" accepts one.
   */
  customerIdLogin: z.boolean(),
  /**
   * The language of the components when neither the element nor the page has a `lang`, and of mails to people whose
   * own language is unknown.
   */
  defaultLocale: Locale,
  /** BankID sign-in (leasing portal), for users who added their personnummer under My details. */
  bankid: z.boolean(),
  passkeys: z.object({
    /** "Sign in with a passkey" and passkeys in the e-mail field's autofill; users add passkeys under My details. */
    signIn: z.boolean(),
    /**
     * `after-sign-in`: right after a password sign-in, a user without a passkey is offered to add one (skippable; at
     * most once per browser in 30 days). `never`: only My details offers it.
     */
    prompt: z.enum(['after-sign-in', 'never']),
  }),
  mfa: z.object({
    /**
     * Second factors users may use. `email` (licensing portal) is on for everyone once allowed; `totp` and `sms` are set up;
     * `webauthn` makes the user's passkeys and security keys answer the second step.
     */
    methods: z.array(MfaMethod),
    /** Every user must pass a second factor: one without any sets one up right after the password. */
    required: z.boolean(),
    /** Days "Trust this device" skips the second factor on a browser; 0 offers no such box. */
    trustDeviceDays: z.number().int().nonnegative(),
    /** How long the `mfa` step (password accepted, code pending) may take before signing in starts over. */
    challengeTtlSeconds: z.number().int().positive(),
    /** How long after signing in or re-authenticating factors and recovery data may be changed without asking again. */
    reauthSeconds: z.number().int().positive(),
  }),
});
export type Policy = z.infer<typeof Policy>;

export const presetNames = ['hosting', 'leasing', 'licensing'] as const;
export const PresetName = z.enum(presetNames);
export type PresetName = z.infer<typeof PresetName>;

const base = {
  session: { idleTimeoutSeconds: 30 * 60, absoluteTimeoutSeconds: 12 * 60 * 60, cacheSeconds: 5 },
  signInLimits: { maxFailures: 10, windowSeconds: 15 * 60, maxFailuresPerAddress: 100, maxConsecutiveFailures: 100 },
  verification: {
    codeTtlSeconds: 10 * 60,
    linkTtlSeconds: 60 * 60,
    invitationTtlSeconds: 7 * 24 * 60 * 60,
    maxCodeAttempts: 5,
    resendCooldownSeconds: 60,
    sendsPerAddress: { max: 5, windowSeconds: 60 * 60 },
    sendsPerIp: { max: 50, windowSeconds: 60 * 60 },
  },
} satisfies Pick<Policy, 'session' | 'signInLimits' | 'verification'>;

const mfaTimes = { challengeTtlSeconds: 10 * 60, reauthSeconds: 10 * 60 };

const allClasses = { requireLowercase: true, requireUppercase: true, requireDigit: true, requireSpecial: true };
const noClasses = { requireLowercase: false, requireUppercase: false, requireDigit: false, requireSpecial: false };

/** The three portals of the seeds, as policies. */
export const presets: Record<PresetName, Policy> = {
  // Hosting: first login from a verification link; passwords need lower, upper, digit and special.
  hosting: {
    ...base,
    passwords: { minLength: 8, maxLength: 256, ...allClasses, rejectCommon: true },
    signUp: { mode: 'link', allowedEmailDomains: [], askName: false },
    customerIdLogin: true,
    defaultLocale: 'en',
    bankid: false,
    passkeys: { signIn: true, prompt: 'after-sign-in' },
    // Two-step verification: app or SMS (the app advised), optional, "trust this device" for 30 days.
    mfa: { methods: ['totp', 'sms'], required: false, trustDeviceDays: 30, ...mfaTimes },
  },
  // Leasing: the portal creates accounts and invites; no class rules are stated, so length and the list decide.
  leasing: {
    ...base,
    passwords: { minLength: 8, maxLength: 256, ...noClasses, rejectCommon: true },
    signUp: { mode: 'none', allowedEmailDomains: [], askName: false },
    customerIdLogin: false,
    // The leasing portal is Swedish.
    defaultLocale: 'sv',
    bankid: true,
    // BankID stays the first way in; passkeys are offered beside it.
    passkeys: { signIn: true, prompt: 'after-sign-in' },
    // The leasing portal says nothing of a second factor: the same optional choice as hosting.
    mfa: { methods: ['totp', 'sms'], required: false, trustDeviceDays: 30, ...mfaTimes },
  },
  // Licensing: self sign-up with a company e-mail and a 6-digit code.
  licensing: {
    ...base,
    passwords: { minLength: 8, maxLength: 256, ...allClasses, rejectCommon: true },
    signUp: { mode: 'code', allowedEmailDomains: [], askName: true },
    customerIdLogin: false,
    defaultLocale: 'en',
    bankid: false,
    // The licensing portal's second step is the e-mail code and nothing else: a passkey sign-in would skip it.
    passkeys: { signIn: false, prompt: 'never' },
    // Licensing: an e-mail code at every sign-in, and no other method; so no device is trusted either.
    mfa: { methods: ['email'], required: true, trustDeviceDays: 0, ...mfaTimes },
  },
};

export const defaultPresetName: PresetName = 'hosting';
export const defaultPolicy: Policy = presets[defaultPresetName];

/** What the UI may know of the policy (`GET /api/config`): enough to render forms and checklists. */
export const PublicConfig = z.object({
  preset: PresetName.nullable(),
  passwords: PasswordRules,
  signUp: z.object({ mode: Policy.shape.signUp.shape.mode, allowedEmailDomains: z.array(z.string()), askName: z.boolean() }),
  codeLength: z.literal(6),
  /** The sign-in and forgot-password forms also take a customer ID (customer-ID migration). */
  customerIdLogin: z.boolean(),
  /** The components' language when neither the element nor the page sets `lang`. */
  defaultLocale: Locale,
  /** "Sign in with BankID" is offered. */
  bankid: z.boolean(),
  /** "Sign in with a passkey" and passkey autofill are offered. */
  passkeys: z.boolean(),
  /** Session tokens also come as a cookie (PORTICO_TOKEN_COOKIE): the elements keep it fresh while signed in. */
  tokenCookie: z.boolean(),
});
export type PublicConfig = z.infer<typeof PublicConfig>;
