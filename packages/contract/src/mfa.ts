import { z } from './zod.ts';
import { limits } from './limits.ts';
import { Passkey, PasskeyAssertion } from './passkeys.ts';
import { Password } from './users.ts';

/**
 * Two-factor authentication (the hosting portal's app and SMS; the licensing portal's e-mail code). The server drives it: after the password, a sign-in
 * answers `{ step: "mfa" }` (or `mfa_setup` when the policy requires a factor the user lacks) and the UI renders it.
 */

/**
 * A second factor a user can hold. `email` needs no setup: the account's address receives the code. `webauthn`: the
 * user's passkeys and security keys (added under My details) answer the second step of a password sign-in.
 */
export const MfaMethod = z.enum(['totp', 'sms', 'email', 'webauthn']);
export type MfaMethod = z.infer<typeof MfaMethod>;

/**
 * How the second step may be passed at sign-in: a held factor, or the recovery phone (a "fallback number").
 * `webauthn` takes no code: the browser asks a passkey or security key (options from `/api/auth/mfa/passkey/options`).
 */
export const MfaChannel = z.enum(['totp', 'sms', 'email', 'recovery_phone', 'webauthn']);
export type MfaChannel = z.infer<typeof MfaChannel>;

/** A 6-digit code as typed: spaces and dashes are dropped before the digits are checked. */
export const MfaCode = z
  .string()
  .max(32)
  .transform((code) => code.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/));

/**
 * A recovery code as typed: letter case, spaces and dashes do not matter (they are printed in groups, `XXXX-XXXX-…`).
 * The server normalises before hashing.
 */
export const RecoveryCode = z
  .string()
  .max(64)
  .transform((code) => code.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{10,32}$/));

/** A phone number as typed (any common notation); the server parses it to E.164 and refuses what is not a number. */
export const PhoneInput = z.string().trim().min(3).max(32);

/** One way to get a code on the `mfa` step. Phone numbers and addresses are masked: `+46 •• ••• •• 12`. */
export const MfaOption = z.object({
  channel: MfaChannel,
  /** Masked phone number or e-mail address the code goes to; null for the app and for passkeys. */
  destination: z.string().nullable(),
});
export type MfaOption = z.infer<typeof MfaOption>;

/** Password accepted, a second factor is due: enter a code from `channel` (already sent for SMS and e-mail). */
export const MfaStep = z.object({
  step: z.literal('mfa'),
  /** Opaque, single-use handle of this half-finished sign-in; it expires with `expiresAt`. */
  challenge: z.string(),
  expiresAt: z.iso.datetime(),
  /** The channel whose code is expected now. */
  channel: MfaChannel,
  /** Every way this user may get a code (to switch to), including `channel`. */
  options: z.array(MfaOption).min(1),
  /** Whether a recovery code may be used instead. */
  recoveryCodes: z.boolean(),
  /** Days a "Trust this device" tick skips the second factor on this browser; null when the policy offers none. */
  trustDeviceDays: z.number().int().positive().nullable(),
  codeLength: z.literal(6),
  /** For a sent code: seconds until another may be asked for. 0 for the app. */
  resendAfterSeconds: z.number().int().nonnegative(),
  /**
   * What became of the code of `channel`: `sent` (a new one is on its way), `sent_earlier` (the one sent a moment ago
   * is still the one to enter), `limited` (none could be sent and none is waiting: a send limit holds for
   * `resendAfterSeconds`; use another method or wait), or `none` (the app: nothing is sent).
   */
  codeStatus: z.enum(['none', 'sent', 'sent_earlier', 'limited']),
});
export type MfaStep = z.infer<typeof MfaStep>;

/**
 * Password accepted, but the policy requires a second factor this user has not set up: set one up now (the
 * `/api/auth/mfa/setup/*` endpoints, with `challenge`); the answer once it is enabled is `done`.
 */
export const MfaSetupStep = z.object({
  step: z.literal('mfa_setup'),
  challenge: z.string(),
  expiresAt: z.iso.datetime(),
  methods: z.array(z.enum(['totp', 'sms'])).min(1),
});
export type MfaSetupStep = z.infer<typeof MfaSetupStep>;

const Challenge = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);

/** `POST /api/auth/mfa/verify`: a code from the current channel, a recovery code, or a passkey's answer. */
export const MfaVerifyRequest = z.union([
  z.object({ challenge: Challenge, channel: MfaChannel.exclude(['webauthn']), code: MfaCode, trustDevice: z.boolean().default(false) }),
  z.object({ challenge: Challenge, recoveryCode: RecoveryCode, trustDevice: z.boolean().default(false) }),
  z.object({ challenge: Challenge, credential: PasskeyAssertion, trustDevice: z.boolean().default(false) }),
]);
export type MfaVerifyRequest = z.input<typeof MfaVerifyRequest>;

/** `POST /api/auth/mfa/passkey/options`: a challenge for the passkey of the `mfa` step. */
export const MfaPasskeyOptionsRequest = z.object({ challenge: Challenge });
export type MfaPasskeyOptionsRequest = z.infer<typeof MfaPasskeyOptionsRequest>;

/** `POST /api/auth/mfa/send`: switch to (or resend on) an SMS or e-mail channel; answers the `mfa` step anew. */
export const MfaSendRequest = z.object({ challenge: Challenge, channel: z.enum(['sms', 'email', 'recovery_phone']) });
export type MfaSendRequest = z.infer<typeof MfaSendRequest>;

/** Re-authentication ("sudo mode") before changing second factors or recovery data: the password or a current code. */
export const ReauthRequest = z.union([z.object({ password: Password }), z.object({ channel: z.enum(['totp', 'sms', 'email']), code: MfaCode })]);
export type ReauthRequest = z.input<typeof ReauthRequest>;

export const ReauthResponse = z.object({ reauthenticatedUntil: z.iso.datetime() });
export type ReauthResponse = z.infer<typeof ReauthResponse>;

/** `POST /api/account/reauth/send`: a code by SMS or e-mail for ReauthRequest's `{ channel, code }`. */
export const ReauthSendRequest = z.object({ channel: z.enum(['sms', 'email']) });
export type ReauthSendRequest = z.infer<typeof ReauthSendRequest>;

/** The code is on its way to `destination` (masked). */
export const ReauthCodeSent = z.object({
  channel: z.enum(['sms', 'email']),
  destination: z.string(),
  resendAfterSeconds: z.number().int().nonnegative(),
});
export type ReauthCodeSent = z.infer<typeof ReauthCodeSent>;

/** The body of a POST that carries nothing but its intent (start the app method, new recovery codes, …): `{}`. */
export const EmptyRequest = z.object({});
export type EmptyRequest = z.infer<typeof EmptyRequest>;

/** Starting the app method: the secret to scan (as an `otpauth://` URI for the QR code) or to type. */
export const TotpSetup = z.object({
  /** Base32, shown in groups of four for typing. */
  secret: z.string(),
  /** `otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30` */
  uri: z.string().startsWith('otpauth://totp/'),
});
export type TotpSetup = z.infer<typeof TotpSetup>;

export const ConfirmCodeRequest = z.object({ code: MfaCode });
export type ConfirmCodeRequest = z.input<typeof ConfirmCodeRequest>;

export const PhoneRequest = z.object({ phone: PhoneInput });
export type PhoneRequest = z.infer<typeof PhoneRequest>;

/** A code was texted to `phone` (E.164) to prove it; confirm with ConfirmCodeRequest. */
export const PhoneCodeSent = z.object({ phone: z.string(), resendAfterSeconds: z.number().int().nonnegative() });
export type PhoneCodeSent = z.infer<typeof PhoneCodeSent>;

export const TrustedDevice = z.object({
  id: z.string(),
  /** What the browser said it was when trusted, shortened ("Chrome on Linux"). */
  label: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** This browser. */
  current: z.boolean(),
});
export type TrustedDevice = z.infer<typeof TrustedDevice>;

/** `GET /api/account/security`: the profile's two-factor section. */
export const SecurityOverview = z.object({
  /** Methods the policy lets users enable here (`email` is never enabled: it is on for every user when allowed). */
  available: z.array(z.enum(['totp', 'sms'])),
  /** Whether the policy requires a second factor (then the last one cannot be disabled). */
  required: z.boolean(),
  /** Whether the e-mail code is this policy's second factor (licensing portal): always on, nothing to set up. */
  emailCode: z.boolean(),
  totp: z.object({ enabledAt: z.iso.datetime() }).nullable(),
  /** `phone` is E.164 (`+46701234567`); `display` the same number as people write it (`+46 70 123 45 67`). */
  sms: z.object({ phone: z.string(), display: z.string(), enabledAt: z.iso.datetime() }).nullable(),
  recoveryPhone: z.object({ phone: z.string(), display: z.string(), verifiedAt: z.iso.datetime() }).nullable(),
  /** Unused recovery codes; null when none were ever generated. */
  recoveryCodesLeft: z.number().int().nonnegative().nullable(),
  trustedDevices: z.array(TrustedDevice),
  /** The user's passkeys and security keys, newest first; null when the policy offers none (no passkey sign-in, no `webauthn` factor). */
  passkeys: z.array(Passkey).nullable(),
  /** Passkeys and security keys also answer the second step of a password sign-in (`webauthn` in the policy's methods). */
  passkeySecondFactor: z.boolean(),
  /** Days "Trust this device" lasts; null when the policy offers none. */
  trustDeviceDays: z.number().int().positive().nullable(),
  /** Until when this session may change factors without re-authenticating; null when it must first. */
  reauthenticatedUntil: z.iso.datetime().nullable(),
});
export type SecurityOverview = z.infer<typeof SecurityOverview>;

export const DisableMfaRequest = z.object({ method: z.enum(['totp', 'sms']) });
export type DisableMfaRequest = z.infer<typeof DisableMfaRequest>;

/** Ten single-use codes, shown once; only their hashes are kept. */
export const RecoveryCodes = z.object({ codes: z.array(z.string()).length(10) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const RevokeTrustedDeviceRequest = z.object({ id: z.string().min(1).max(limits.identifierMaxLength) });
export type RevokeTrustedDeviceRequest = z.infer<typeof RevokeTrustedDeviceRequest>;

export const EndOtherSessionsResponse = z.object({ ended: z.number().int().nonnegative() });
export type EndOtherSessionsResponse = z.infer<typeof EndOtherSessionsResponse>;

/** One place the user is signed in, as My details lists it. */
export const ActiveSession = z.object({
  /** The session's public id (the `sid` of its tokens), never its cookie token. */
  id: z.string(),
  /** The browser, from its User-Agent at sign-in, in the user's language ("Chrome on Linux"). */
  device: z.string(),
  /** The client address it signed in from; null if unknown. */
  clientAddress: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  /** The session asking: "This device". */
  current: z.boolean(),
});
export type ActiveSession = z.infer<typeof ActiveSession>;

/** `GET /api/account/sessions`: where the user is signed in, newest sign-in first. */
export const ActiveSessions = z.object({ sessions: z.array(ActiveSession) });
export type ActiveSessions = z.infer<typeof ActiveSessions>;

/** `POST /api/account/sessions/end`: sign one of them out (not the current one: that is signing out). */
export const EndSessionRequest = z.object({ id: z.string().min(1).max(limits.identifierMaxLength) });
export type EndSessionRequest = z.infer<typeof EndSessionRequest>;

/** The `mfa_setup` step's requests: the sign-in's challenge stands in for a session until the factor is enabled. */
export const ChallengeRequest = z.object({ challenge: Challenge });
export type ChallengeRequest = z.infer<typeof ChallengeRequest>;
export const ChallengePhoneRequest = z.object({ challenge: Challenge, phone: PhoneInput });
export type ChallengePhoneRequest = z.infer<typeof ChallengePhoneRequest>;
export const ChallengeCodeRequest = z.object({ challenge: Challenge, code: MfaCode, trustDevice: z.boolean().default(false) });
export type ChallengeCodeRequest = z.input<typeof ChallengeCodeRequest>;
