import { limits, type PasswordRuleId, type PasswordRules, type PorticoErrorDetail } from '@portico/contract';
import type { Localizer } from './localize-controller.ts';

/** What went wrong, as much as the UI needs to explain it. */
export interface ShownError {
  code: PorticoErrorDetail['code'];
  retryAfterSeconds?: number;
  /** With `invalid_request`: the offending request fields (dot paths). */
  fields?: string[];
  /** With `weak_password`: the rules the password fails. */
  rules?: PasswordRuleId[];
}

/**
 * Failures about what was typed, which editing it answers: their message goes as soon as the field is edited, so it
 * never describes a value no longer there. A limit, or a used-up code or link, stays: editing changes nothing there.
 */
const aboutWhatWasTyped: ReadonlySet<string> = new Set([
  'invalid_request',
  'invalid_credentials',
  'weak_password',
  'email_domain_not_allowed',
  'invalid_code',
  'email_mismatch',
  'invalid_phone',
  'customer_id_migrated',
  'invalid_personal_number',
  'conflict',
]);

/** The error still to show once the person edits a field of the form: none, if it was about what they typed. */
export function afterEdit(error: ShownError | null): ShownError | null {
  return error && aboutWhatWasTyped.has(error.code) ? null : error;
}

/** The bounds rule labels need; without the server's config the contract's limits stand in. */
type LengthBounds = Pick<PasswordRules, 'minLength' | 'maxLength'>;
const defaultBounds: LengthBounds = { minLength: limits.passwordMinLength, maxLength: limits.passwordMaxLength };

/** How a password rule reads in the checklist and in a `weak_password` message. */
export function passwordRuleLabel(t: Localizer, rule: PasswordRuleId, bounds: LengthBounds = defaultBounds): string {
  switch (rule) {
    case 'minLength':
      return t.msg('ruleMinLength', { count: bounds.minLength });
    case 'maxLength':
      return t.msg('ruleMaxLength', { count: bounds.maxLength });
    case 'lowercase':
      return t.msg('ruleLowercase');
    case 'uppercase':
      return t.msg('ruleUppercase');
    case 'digit':
      return t.msg('ruleDigit');
    case 'special':
      return t.msg('ruleSpecial');
    case 'notCommon':
      return t.msg('ruleNotCommon');
    case 'notCommonWord':
      return t.msg('ruleNotCommonWord');
    case 'notCurrent':
      return t.msg('ruleNotCurrent');
  }
}

/** The sentence a user reads for an error, chosen by its stable code (never the server's English text). */
export function errorMessage(t: Localizer, error: ShownError, bounds?: LengthBounds): string {
  switch (error.code) {
    case 'weak_password': {
      const rules = (error.rules ?? []).map((rule) => passwordRuleLabel(t, rule, bounds));
      return rules.length > 0 ? t.msg('errorWeakPassword', { rules: rules.join('; ') }) : t.msg('errorUnexpected');
    }
    case 'invalid_link':
      return t.msg('errorInvalidLink');
    case 'link_expired':
      return t.msg('errorLinkExpired');
    case 'unauthenticated':
      return t.msg('errorUnauthenticated');
    case 'session_renewed':
      return t.msg('errorSessionRenewed');
    case 'invalid_credentials':
      return t.msg('errorInvalidCredentials');
    case 'rate_limited': {
      if (error.retryAfterSeconds === undefined) return t.msg('errorRateLimitedLater');
      // Rounded up: telling someone to retry before the window frees would just earn another refusal.
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      return minutes === 1 ? t.msg('errorRateLimitedOneMinute') : t.msg('errorRateLimitedMinutes', { minutes });
    }
    case 'account_locked':
      return t.msg('errorAccountLocked');
    case 'invalid_request':
      return t.msg('errorInvalidRequest');
    case 'sign_up_closed':
      return t.msg('errorSignUpClosed');
    case 'email_domain_not_allowed':
      return t.msg('errorEmailDomainNotAllowed');
    case 'invalid_code':
      return t.msg('errorInvalidCode');
    case 'code_expired':
      return t.msg('errorCodeExpired');
    case 'too_many_attempts':
      return t.msg('errorTooManyAttempts');
    case 'email_mismatch':
      return t.msg('errorEmailMismatch');
    case 'mfa_expired':
      return t.msg('errorMfaExpired');
    case 'reauth_required':
      return t.msg('errorReauthRequired');
    case 'invalid_phone':
      return t.msg('errorInvalidPhone');
    case 'method_not_allowed':
      return t.msg('errorMethodNotAllowed');
    case 'factor_required':
      return t.msg('errorFactorRequired');
    case 'customer_id_migrated':
      return t.msg('errorCustomerIdMigrated');
    case 'invalid_personal_number':
      return t.msg('errorInvalidPersonalNumber');
    case 'passkey_unknown':
      return t.msg('errorPasskeyUnknown');
    case 'passkey_invalid':
      return t.msg('errorPasskeyInvalid');
    case 'passkey_expired':
      return t.msg('errorPasskeyExpired');
    case 'bankid_unknown_user':
      return t.msg('errorBankIdUnknownUser');
    case 'bankid_unavailable':
      return t.msg('errorBankIdUnavailable');
    case 'network_error':
      return t.msg('errorNetwork');
    default:
      return t.msg('errorUnexpected');
  }
}
