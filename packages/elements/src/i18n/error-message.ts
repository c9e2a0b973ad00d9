import { limits, type PasswordRuleId, type PasswordRules, type PorticoErrorDetail } from '@portico/contract';
import { msg } from './msg.ts';

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
export function passwordRuleLabel(rule: PasswordRuleId, bounds: LengthBounds = defaultBounds): string {
  switch (rule) {
    case 'minLength':
      return msg('ruleMinLength', { count: bounds.minLength });
    case 'maxLength':
      return msg('ruleMaxLength', { count: bounds.maxLength });
    case 'lowercase':
      return msg('ruleLowercase');
    case 'uppercase':
      return msg('ruleUppercase');
    case 'digit':
      return msg('ruleDigit');
    case 'special':
      return msg('ruleSpecial');
    case 'notCommon':
      return msg('ruleNotCommon');
    case 'notCommonWord':
      return msg('ruleNotCommonWord');
    case 'notCurrent':
      return msg('ruleNotCurrent');
  }
}

/** The sentence a user reads for an error, chosen by its stable code (never the server's English text). */
export function errorMessage(error: ShownError, bounds?: LengthBounds): string {
  switch (error.code) {
    case 'weak_password': {
      const rules = (error.rules ?? []).map((rule) => passwordRuleLabel(rule, bounds));
      return rules.length > 0 ? msg('errorWeakPassword', { rules: rules.join('; ') }) : msg('errorUnexpected');
    }
    case 'invalid_link':
      return msg('errorInvalidLink');
    case 'link_expired':
      return msg('errorLinkExpired');
    case 'unauthenticated':
      return msg('errorUnauthenticated');
    case 'session_renewed':
      return msg('errorSessionRenewed');
    case 'invalid_credentials':
      return msg('errorInvalidCredentials');
    case 'rate_limited': {
      if (error.retryAfterSeconds === undefined) return msg('errorRateLimitedLater');
      // Rounded up: telling someone to retry before the window frees would just earn another refusal.
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      return minutes === 1 ? msg('errorRateLimitedOneMinute') : msg('errorRateLimitedMinutes', { minutes });
    }
    case 'account_locked':
      return msg('errorAccountLocked');
    case 'invalid_request':
      return msg('errorInvalidRequest');
    case 'sign_up_closed':
      return msg('errorSignUpClosed');
    case 'email_domain_not_allowed':
      return msg('errorEmailDomainNotAllowed');
    case 'invalid_code':
      return msg('errorInvalidCode');
    case 'code_expired':
      return msg('errorCodeExpired');
    case 'too_many_attempts':
      return msg('errorTooManyAttempts');
    case 'email_mismatch':
      return msg('errorEmailMismatch');
    case 'mfa_expired':
      return msg('errorMfaExpired');
    case 'reauth_required':
      return msg('errorReauthRequired');
    case 'invalid_phone':
      return msg('errorInvalidPhone');
    case 'method_not_allowed':
      return msg('errorMethodNotAllowed');
    case 'factor_required':
      return msg('errorFactorRequired');
    case 'customer_id_migrated':
      return msg('errorCustomerIdMigrated');
    case 'invalid_personal_number':
      return msg('errorInvalidPersonalNumber');
    case 'passkey_unknown':
      return msg('errorPasskeyUnknown');
    case 'passkey_invalid':
      return msg('errorPasskeyInvalid');
    case 'passkey_expired':
      return msg('errorPasskeyExpired');
    case 'bankid_unknown_user':
      return msg('errorBankIdUnknownUser');
    case 'bankid_unavailable':
      return msg('errorBankIdUnavailable');
    case 'network_error':
      return msg('errorNetwork');
    default:
      return msg('errorUnexpected');
  }
}
