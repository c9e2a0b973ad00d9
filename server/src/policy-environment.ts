import { Locale, MfaMethod, type Policy, PresetName, presets } from '@portico/contract';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const classNames = ['lower', 'upper', 'digit', 'special'] as const;
export const commaList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * The policy's environment variables: PORTICO_PRESET picks the starting point, every other variable overrides one
 * switch of it. README.md's configuration table mirrors this list.
 */
export const PolicyEnvironment = z.object({
  PORTICO_PRESET: PresetName.default('hosting'),
  PORTICO_SESSION_IDLE_MINUTES: positiveInt.optional(),
  PORTICO_SESSION_MAX_HOURS: positiveInt.optional(),
  PORTICO_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).optional(),
  PORTICO_SIGNIN_MAX_FAILURES: positiveInt.optional(),
  PORTICO_SIGNIN_WINDOW_MINUTES: positiveInt.optional(),
  PORTICO_SIGNIN_MAX_FAILURES_PER_ADDRESS: positiveInt.optional(),
  PORTICO_SIGNIN_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().positive().max(100).optional(),
  PORTICO_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(256).optional(),
  PORTICO_PASSWORD_MAX_LENGTH: z.coerce.number().int().min(128).max(256).optional(),
  /** `lower,upper,digit,special` or `none`. */
  PORTICO_PASSWORD_CLASSES: z
    .string()
    .transform(commaList)
    .pipe(z.array(z.enum([...classNames, 'none'])))
    .optional(),
  PORTICO_PASSWORD_REJECT_COMMON: flag.optional(),
  PORTICO_SIGNUP_MODE: z.enum(['none', 'code', 'link']).optional(),
  PORTICO_SIGNUP_ALLOWED_DOMAINS: z
    .string()
    .transform((value) => commaList(value).map((domain) => domain.toLowerCase().replace(/^@/, '')))
    .optional(),
  PORTICO_SIGNUP_ASK_NAME: flag.optional(),
  PORTICO_CUSTOMER_ID_LOGIN: flag.optional(),
  PORTICO_LOCALE: Locale.optional(),
  PORTICO_BANKID: flag.optional(),
  PORTICO_PASSKEYS: flag.optional(),
  PORTICO_PASSKEY_PROMPT: z.enum(['after-sign-in', 'never']).optional(),
  PORTICO_CODE_TTL_MINUTES: positiveInt.optional(),
  PORTICO_LINK_TTL_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .optional(),
  PORTICO_INVITATION_TTL_DAYS: z.coerce.number().int().positive().max(60).optional(),
  PORTICO_CODE_MAX_ATTEMPTS: positiveInt.optional(),
  PORTICO_RESEND_COOLDOWN_SECONDS: z.coerce.number().int().min(0).optional(),
  PORTICO_SENDS_PER_ADDRESS_PER_HOUR: positiveInt.optional(),
  PORTICO_SENDS_PER_IP_PER_HOUR: positiveInt.optional(),
  /** `totp,sms`, `email`, `webauthn` (passkeys and security keys), a mix, or `none`. */
  PORTICO_MFA_METHODS: z
    .string()
    .transform(commaList)
    .pipe(z.array(z.union([MfaMethod, z.literal('none')])))
    .optional(),
  PORTICO_MFA_REQUIRED: flag.optional(),
  PORTICO_TRUST_DEVICE_DAYS: z.coerce.number().int().min(0).max(365).optional(),
  PORTICO_MFA_CHALLENGE_MINUTES: z.coerce.number().int().positive().max(60).optional(),
  PORTICO_REAUTH_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .optional(),
});
export type PolicyEnvironment = z.infer<typeof PolicyEnvironment>;

export function policyFromEnvironment(e: PolicyEnvironment): Policy {
  const preset = presets[e.PORTICO_PRESET];
  const classes = e.PORTICO_PASSWORD_CLASSES;
  const has = (name: (typeof classNames)[number], presetValue: boolean) => (classes ? classes.includes(name) : presetValue);
  return {
    session: {
      idleTimeoutSeconds: minutes(e.PORTICO_SESSION_IDLE_MINUTES) ?? preset.session.idleTimeoutSeconds,
      absoluteTimeoutSeconds: hours(e.PORTICO_SESSION_MAX_HOURS) ?? preset.session.absoluteTimeoutSeconds,
      cacheSeconds: e.PORTICO_SESSION_CACHE_SECONDS ?? preset.session.cacheSeconds,
    },
    signInLimits: {
      maxFailures: e.PORTICO_SIGNIN_MAX_FAILURES ?? preset.signInLimits.maxFailures,
      windowSeconds: minutes(e.PORTICO_SIGNIN_WINDOW_MINUTES) ?? preset.signInLimits.windowSeconds,
      maxFailuresPerAddress: e.PORTICO_SIGNIN_MAX_FAILURES_PER_ADDRESS ?? preset.signInLimits.maxFailuresPerAddress,
      maxConsecutiveFailures: e.PORTICO_SIGNIN_MAX_CONSECUTIVE_FAILURES ?? preset.signInLimits.maxConsecutiveFailures,
    },
    passwords: {
      minLength: e.PORTICO_PASSWORD_MIN_LENGTH ?? preset.passwords.minLength,
      maxLength: e.PORTICO_PASSWORD_MAX_LENGTH ?? preset.passwords.maxLength,
      requireLowercase: has('lower', preset.passwords.requireLowercase),
      requireUppercase: has('upper', preset.passwords.requireUppercase),
      requireDigit: has('digit', preset.passwords.requireDigit),
      requireSpecial: has('special', preset.passwords.requireSpecial),
      rejectCommon: e.PORTICO_PASSWORD_REJECT_COMMON ?? preset.passwords.rejectCommon,
    },
    signUp: {
      mode: e.PORTICO_SIGNUP_MODE ?? preset.signUp.mode,
      allowedEmailDomains: e.PORTICO_SIGNUP_ALLOWED_DOMAINS ?? preset.signUp.allowedEmailDomains,
      askName: e.PORTICO_SIGNUP_ASK_NAME ?? preset.signUp.askName,
    },
    customerIdLogin: e.PORTICO_CUSTOMER_ID_LOGIN ?? preset.customerIdLogin,
    defaultLocale: e.PORTICO_LOCALE ?? preset.defaultLocale,
    bankid: e.PORTICO_BANKID ?? preset.bankid,
    passkeys: {
      signIn: e.PORTICO_PASSKEYS ?? preset.passkeys.signIn,
      // Switching passkeys on where the preset had them off offers them too, unless the prompt is set on its own.
      prompt:
        e.PORTICO_PASSKEY_PROMPT ??
        (e.PORTICO_PASSKEYS === true && !preset.passkeys.signIn ? 'after-sign-in' : e.PORTICO_PASSKEYS === false ? 'never' : preset.passkeys.prompt),
    },
    verification: {
      codeTtlSeconds: minutes(e.PORTICO_CODE_TTL_MINUTES) ?? preset.verification.codeTtlSeconds,
      linkTtlSeconds: minutes(e.PORTICO_LINK_TTL_MINUTES) ?? preset.verification.linkTtlSeconds,
      invitationTtlSeconds: e.PORTICO_INVITATION_TTL_DAYS === undefined ? preset.verification.invitationTtlSeconds : e.PORTICO_INVITATION_TTL_DAYS * 86400,
      maxCodeAttempts: e.PORTICO_CODE_MAX_ATTEMPTS ?? preset.verification.maxCodeAttempts,
      resendCooldownSeconds: e.PORTICO_RESEND_COOLDOWN_SECONDS ?? preset.verification.resendCooldownSeconds,
      sendsPerAddress: hourly(e.PORTICO_SENDS_PER_ADDRESS_PER_HOUR) ?? preset.verification.sendsPerAddress,
      sendsPerIp: hourly(e.PORTICO_SENDS_PER_IP_PER_HOUR) ?? preset.verification.sendsPerIp,
    },
    mfa: {
      methods: e.PORTICO_MFA_METHODS ? e.PORTICO_MFA_METHODS.filter((method): method is MfaMethod => method !== 'none') : preset.mfa.methods,
      required: e.PORTICO_MFA_REQUIRED ?? preset.mfa.required,
      trustDeviceDays: e.PORTICO_TRUST_DEVICE_DAYS ?? preset.mfa.trustDeviceDays,
      challengeTtlSeconds: minutes(e.PORTICO_MFA_CHALLENGE_MINUTES) ?? preset.mfa.challengeTtlSeconds,
      reauthSeconds: minutes(e.PORTICO_REAUTH_MINUTES) ?? preset.mfa.reauthSeconds,
    },
  };
}

const minutes = (value: number | undefined) => (value === undefined ? undefined : value * 60);
const hours = (value: number | undefined) => (value === undefined ? undefined : value * 3600);
const hourly = (value: number | undefined) => (value === undefined ? undefined : { max: value, windowSeconds: 3600 });
