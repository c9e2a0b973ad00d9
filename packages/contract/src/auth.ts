import { z } from './zod.ts';
import { limits } from './limits.ts';
import { ChooseAccountStep, CustomerAccount } from './accounts.ts';
import { BankIdStep } from './bankid.ts';
import { CheckMainContactEmailStep, RegisterEmailStep, SetCredentialsStep } from './customer-id-logins.ts';
import { MfaSetupStep, MfaStep } from './mfa.ts';
import { PasskeyAssertion } from './passkeys.ts';
import { RequestLocale } from './policy.ts';
import { Password, User } from './users.ts';

export const SignInRequest = z.object({
  /** An e-mail address, or a customer ID where the policy allows customer-ID logins (customer-ID migration). */
  identifier: z
    .string()
    .trim()
    .min(1)
    .max(limits.identifierMaxLength)
    // Control characters are never part of an e-mail or customer ID, and PostgreSQL text cannot hold NUL at all.
    .regex(/^\P{Cc}*$/u, 'must not contain control characters'),
  password: Password,
  locale: RequestLocale,
});
export type SignInRequest = z.infer<typeof SignInRequest>;

/**
 * `POST /api/auth/passkey`: sign in with a passkey (the button, or one chosen from the e-mail field's autofill), after
 * `POST /api/auth/passkey/options` in the same browser.
 */
export const PasskeySignInRequest = z.object({ credential: PasskeyAssertion, locale: RequestLocale });
export type PasskeySignInRequest = z.input<typeof PasskeySignInRequest>;

/** What a host may know about the current session; never the token itself. */
export const SessionSummary = z.object({
  createdAt: z.iso.datetime(),
  /** When the session ends even if used continuously. */
  expiresAt: z.iso.datetime(),
  /** When the session ends if not used before then. */
  idleExpiresAt: z.iso.datetime(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionInfo = z.object({
  user: User,
  session: SessionSummary,
  /** The account the session works in; null until one is chosen, or for a user linked to none. */
  activeAccount: CustomerAccount.nullable(),
  /** Every account the user is linked to. */
  accounts: z.array(CustomerAccount),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/*
 * The server drives the flow: every auth answer names the next step (`AuthStep` below lists them all), and the
 * elements show the step they are given.
 */

/** Signed in. `activeAccount` is the customer account the session works in (null for a user linked to none). */
export const DoneStep = z.object({
  step: z.literal('done'),
  user: User,
  session: SessionSummary,
  activeAccount: CustomerAccount.nullable(),
  accounts: z.array(CustomerAccount),
  /**
   * Right after a password sign-in of a user without a passkey, where the policy prompts for one: offer to add a
   * passkey now (skippable). Offered at most once per browser in 30 days.
   */
  offerPasskey: z.boolean().optional(),
});
export type DoneStep = z.infer<typeof DoneStep>;

/** A mail is on its way; the user continues from the link or code in it. */
export const CheckEmailStep = z.object({ step: z.literal('check_email'), email: z.string() });
export type CheckEmailStep = z.infer<typeof CheckEmailStep>;

/** A 6-digit code was mailed (licensing portal): enter it. `resendAfterSeconds` says when another may be asked for. */
export const VerifyEmailStep = z.object({
  step: z.literal('verify_email'),
  email: z.string(),
  codeLength: z.literal(6),
  resendAfterSeconds: z.number().int().nonnegative(),
});
export type VerifyEmailStep = z.infer<typeof VerifyEmailStep>;

/** An invitation link was opened (leasing portal): enter the e-mail address it was sent to. */
export const EnterEmailStep = z.object({ step: z.literal('enter_email'), token: z.string() });
export type EnterEmailStep = z.infer<typeof EnterEmailStep>;

/**
 * A link was opened: choose a password (reset, first login, invitation), then sign in. `customer_id_reset` (customer-ID migration
 * step 3) is the password of an old customer-ID login: `customerId` is the username, `email` the main contact the
 * link went to.
 */
export const SetPasswordStep = z.object({
  step: z.literal('set_password'),
  purpose: z.enum(['password_reset', 'sign_up', 'invitation', 'customer_id_reset']),
  email: z.string(),
  customerId: z.string().optional(),
  token: z.string(),
});
export type SetPasswordStep = z.infer<typeof SetPasswordStep>;

/**
 * Sign in now, with a notice of what just happened (the password was set, an e-mail login registered, a customer ID
 * linked to an existing login) and the username to fill in: an e-mail address or a customer ID.
 */
export const SignInStep = z.object({
  step: z.literal('sign_in'),
  notice: z.enum(['password_set', 'registered', 'account_linked']).nullable(),
  identifier: z.string().nullable(),
});
export type SignInStep = z.infer<typeof SignInStep>;

export const AuthStep = z.discriminatedUnion('step', [
  DoneStep,
  CheckEmailStep,
  VerifyEmailStep,
  EnterEmailStep,
  SetPasswordStep,
  SignInStep,
  MfaStep,
  MfaSetupStep,
  ChooseAccountStep,
  CheckMainContactEmailStep,
  RegisterEmailStep,
  SetCredentialsStep,
  BankIdStep,
]);
export type AuthStep = z.infer<typeof AuthStep>;
export type StepName = AuthStep['step'];

export const SignOutResponse = z.object({ signedOut: z.literal(true) });
export type SignOutResponse = z.infer<typeof SignOutResponse>;
