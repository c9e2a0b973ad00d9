import type { FlowError } from '../services/password-flows.ts';
import { ApiError } from './middleware/api-error.ts';

/** The HTTP answer to a flow's refusal: one place, so every flow words and codes the same refusal alike. */
export function flowError(failure: FlowError): ApiError {
  switch (failure.error) {
    case 'rate_limited':
      return new ApiError(429, 'rate_limited', 'Too many requests. Try again later.', {
        retryAfterSeconds: failure.retryAfterSeconds,
      });
    case 'weak_password':
      return new ApiError(400, 'weak_password', 'The new password does not meet the password rules.', {
        rules: failure.rules,
      });
    case 'invalid_link':
      return new ApiError(400, 'invalid_link', 'This link is not valid or was already used. Ask for a new one.');
    case 'link_expired':
      return new ApiError(400, 'link_expired', 'This link has expired. Ask for a new one.');
    case 'invalid_credentials':
      return new ApiError(401, 'invalid_credentials', 'The current password is incorrect.');
    case 'account_locked':
      return new ApiError(429, 'account_locked', 'Too many failed sign-ins in a row. Reset your password to sign in again.');
    case 'sign_up_closed':
      return new ApiError(403, 'sign_up_closed', 'Accounts are created by invitation here.');
    case 'email_domain_not_allowed':
      return new ApiError(400, 'email_domain_not_allowed', 'Sign up with your company e-mail address.');
    case 'invalid_code':
      return new ApiError(400, 'invalid_code', 'That code is not right. Check it and try again.');
    case 'code_expired':
      return new ApiError(400, 'code_expired', 'That code has expired. Ask for a new one.');
    case 'too_many_attempts':
      return new ApiError(400, 'too_many_attempts', 'Too many wrong codes. Ask for a new one.');
    case 'email_mismatch':
      return new ApiError(400, 'email_mismatch', 'This is not the address the invitation was sent to.');
    case 'email_taken':
      return new ApiError(409, 'conflict', 'An account with this e-mail address exists already. Sign in instead.');
    case 'mfa_expired':
      return new ApiError(400, 'mfa_expired', 'This sign-in has expired or was already completed. Sign in again.');
    case 'reauth_required':
      return new ApiError(403, 'reauth_required', 'Confirm it is you (password or a current code) before changing this.');
    case 'invalid_phone':
      return new ApiError(400, 'invalid_phone', 'That is not a mobile number that can receive text messages.');
    case 'method_not_allowed':
      return new ApiError(400, 'method_not_allowed', 'That verification method is not available here.');
    case 'factor_required':
      return new ApiError(409, 'factor_required', '2-step verification is required here: keep at least one method.');
    case 'passkey_unknown':
      return new ApiError(401, 'passkey_unknown', 'This passkey is not registered here, or it was removed. Sign in another way.');
    case 'passkey_invalid':
      return new ApiError(401, 'passkey_invalid', 'The passkey could not be verified. Try again, or sign in another way.');
    case 'passkey_expired':
      return new ApiError(400, 'passkey_expired', 'The passkey request has expired or was already answered. Try again.');
    case 'passkey_taken':
      return new ApiError(409, 'conflict', 'This passkey has been added already.');
    case 'customer_id_migrated':
      return new ApiError(
        409,
        'customer_id_migrated',
        'This customer ID now signs in with the e-mail login registered for it. Sign in with that e-mail address.',
      );
    case 'invalid_personal_number':
      return new ApiError(400, 'invalid_personal_number', 'That is not a Swedish personnummer or samordningsnummer.');
    case 'personal_number_taken':
      return new ApiError(409, 'conflict', 'Another login has added this personnummer.');
    case 'bankid_unavailable':
      return new ApiError(503, 'bankid_unavailable', 'BankID cannot be reached right now. Try again later.');
    case 'bankid_unknown_user':
      return new ApiError(404, 'bankid_unknown_user', 'No login has added this personnummer. Sign in with your e-mail address and add it under My details.');
    case 'already_member':
      return new ApiError(409, 'already_member', 'This person already works in the account.');
    case 'name_required':
      return new ApiError(400, 'invalid_request', 'Enter your name.', { fields: ['name'] });
    case 'role_forbidden':
      return new ApiError(403, 'role_forbidden', 'Your role in this account does not allow this. Ask an owner of the account.');
    case 'last_owner':
      return new ApiError(409, 'last_owner', 'Every account keeps at least one owner. Make someone else owner first.');
    case 'no_active_account':
      return new ApiError(409, 'no_active_account', 'Choose the account to work in first.');
    case 'not_found':
      return new ApiError(404, 'not_found', 'Not found.');
  }
}

export function isFlowError(value: object): value is FlowError {
  return 'error' in value;
}
