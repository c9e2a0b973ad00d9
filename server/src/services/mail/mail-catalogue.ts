/**
 * The mails Portico sends, and the shape of a language's catalogue of them. A catalogue writes words only: the
 * layout (render-mail.ts) turns them into the text and HTML parts and escapes every value, so no translation can
 * break the markup or let a parameter inject any.
 */

/** Each mail and the facts it is rendered from. */
export interface MailParams {
  /** Licensing: the 6-digit code that confirms the address during self sign-up. */
  signUpCode: { code: string; minutes: number };
  /** Order onboarding: the "Confirm" link that leads to setting credentials for the first time. */
  signUpLink: { url: string; minutes: number };
  /** Leasing portal: the welcome mail for an account the portal created; the link leads to entering the e-mail. */
  invitation: { url: string; inviterName?: string };
  /** Leasing portal: the second mail, proving the address before the password is chosen. */
  emailConfirmation: { url: string; minutes: number };
  passwordReset: { url: string; minutes: number };
  /**
   * Someone tried to sign up with an address that has an account. The request was answered as for a new address
   * (no enumeration); this mail tells the owner, and only the owner, where to go instead.
   */
  signUpExisting: { url: string };
  /**
   * A notice after the password changed, so an owner who did not change it notices a takeover. After a reset
   * (`reset`), the browsers trusted to skip the second step were forgotten too (`trustedDevicesForgotten` of them).
   */
  passwordChanged: { reset: boolean; trustedDevicesForgotten: number };
  /** Licensing: the 6-digit code of the second step of signing in (or of re-authenticating). */
  mfaCode: { code: string; minutes: number };
  /** A recovery code signed someone in: the owner learns of it, and how many are left. */
  recoveryCodeUsed: { left: number };
  /** A second factor or recovery data changed, so an owner who did not change it notices. */
  securityChanged: { change: SecurityChange };
  /** Customer-ID migration: to the account's main contact, the link to a new password for the customer-ID login. */
  customerIdPasswordReset: { url: string; minutes: number; customerId: string };
  /** Customer-ID migration: the "Confirm" link that registers this address as the customer ID's e-mail login. */
  customerIdRegistration: { url: string; minutes: number; customerId: string };
  /** Customer-ID migration, linking: the address has a login already; the link (and that login's password) adds the customer ID. */
  customerIdLink: { url: string; minutes: number; customerId: string };
  /**
   * To the account's main contact: a login was linked to the customer account (by any path), so someone who did not
   * expect it can act. The customer ID no longer signs in by itself from now on.
   */
  accountLoginAdded: { customerId: string; accountName: string; email: string };
  /**
   * Order onboarding, "First time logging in": the portal onboarded the address given at an order. The "Confirm" link leads
   * to "Set credentials", or, for a login that has a password (`existingLogin`), that password to confirm.
   */
  accountOnboarding: { url: string; days: number; customerId: string; accountName: string; existingLogin: boolean };
  /** An owner or admin of the account invited this address to work in it; the link accepts. */
  accountInvitation: { url: string; days: number; customerId: string; accountName: string; inviter: string };
}

/** What `securityChanged` reports. */
export type SecurityChange =
  | 'totp_enabled'
  | 'totp_disabled'
  | 'sms_enabled'
  | 'sms_disabled'
  | 'recovery_phone_added'
  | 'recovery_phone_removed'
  | 'recovery_codes_generated'
  | 'passkey_added'
  | 'passkey_removed'
  | 'factors_reset';

export type MailKey = keyof MailParams;

export const mailKeys = [
  'signUpCode',
  'signUpLink',
  'invitation',
  'emailConfirmation',
  'passwordReset',
  'signUpExisting',
  'passwordChanged',
  'mfaCode',
  'recoveryCodeUsed',
  'securityChanged',
  'customerIdPasswordReset',
  'customerIdRegistration',
  'customerIdLink',
  'accountLoginAdded',
  'accountOnboarding',
  'accountInvitation',
] as const satisfies readonly MailKey[];

/** What the mail asks the reader to do: type a code, or follow a link. */
export type MailAction =
  | { kind: 'code'; /** Said before the code, e.g. "Your verification code:". */ label: string; code: string }
  | { kind: 'link'; /** The link's own text: says where it leads, never "click here". */ label: string; url: string };

/** One mail in words. Every string is plain text. */
export interface MailContent {
  subject: string;
  /** Paragraphs before the action. */
  intro: string[];
  action?: MailAction;
  /** Paragraphs after it: how long it works, what to do if the mail was unexpected. */
  outro: string[];
}

/** The words every mail of a language shares. */
export interface MailCommonWords {
  /** Under a link button, for clients that do not show it: "If the button does not work, copy this address…". */
  linkFallback: string;
  /** The closing line. */
  signature(product: string): string;
}

/**
 * A language's complete set of mails. Mapped over MailKey, so a catalogue that misses a mail (or a parameter a mail
 * gains later) does not compile.
 */
export type MailCatalogue = MailTemplates & { common: MailCommonWords };

export type MailTemplates = { [K in MailKey]: (params: MailParams[K], product: string) => MailContent };
