import { z } from './zod.ts';
import { PasswordRuleId } from './passwords.ts';

/**
 * Every error the API can answer with. Codes are stable: hosts and the components branch on them, so a code is
 * never renamed or reused for another meaning.
 */
export const errorCodes = [
  'invalid_request', // body is not JSON, has the wrong shape, or a field is empty or too long
  'unsupported_media_type', // a state-changing request without a JSON body
  'forbidden_origin', // the Origin header does not match the API's origin (CSRF guard)
  'invalid_credentials', // unknown identifier or wrong password: deliberately the same answer
  'weak_password', // a new password fails the policy; `rules` names the failed rules
  'invalid_link', // a mailed link is unknown, already used, or for something else
  'link_expired', // a mailed link is past its lifetime: ask for a new one
  'sign_up_closed', // the policy allows no self sign-up (accounts are invited)
  'email_domain_not_allowed', // sign-up is limited to the company's e-mail domains
  'invalid_code', // a wrong or unknown code; more tries may follow
  'code_expired', // the code is past its lifetime: ask for a new one
  'too_many_attempts', // the code had too many wrong tries: ask for a new one
  'email_mismatch', // not the address the invitation was sent to
  'mfa_expired', // the half-finished sign-in (the `mfa` step's challenge) is unknown, used or too old: sign in again
  'reauth_required', // changing factors or recovery data needs a fresh password or code (POST /api/account/reauth)
  'invalid_phone', // not a phone number that can receive SMS
  'method_not_allowed', // the policy does not offer that second factor
  'factor_required', // the policy requires a second factor: the last one cannot be disabled
  'customer_id_migrated', // the customer ID is registered to an e-mail login (customer-ID migration): sign in with that address
  'invalid_personal_number', // not a Swedish personnummer or samordningsnummer (shape, date or check digit)
  'bankid_unknown_user', // BankID identified someone no user has added as their personnummer under My details
  'bankid_unavailable', // the BankID service could not be reached or refused the relying party: try again later
  'passkey_unknown', // the passkey is not registered here (never added, or removed): sign in another way
  'passkey_invalid', // the passkey's answer did not verify (another site, another challenge, a cloned key, no user verification)
  'passkey_expired', // the passkey challenge is unknown, used or too old: ask the passkey again
  'role_forbidden', // the user's role in the active account does not allow this (e.g. a member managing people, an admin an owner)
  'already_member', // the person invited already works in the account
  'last_owner', // every customer account keeps at least one owner: make someone else owner first
  'no_active_account', // the session works in no customer account: choose one first
  'rate_limited', // too many failed attempts; `retryAfterSeconds` says when to try again
  'account_locked', // too many failed sign-ins in a row for this login: only a password reset (or a browser that signed in to it before) lets it in
  'unauthenticated', // no valid session
  'session_renewed', // the token was renewed a moment ago by another request of the page: ask again with the new one
  'unauthorized', // admin endpoint without a valid admin token
  'conflict', // e.g. a user with that e-mail exists already
  'not_found',
  'payload_too_large',
  'internal_error',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    /** Present with `rate_limited`: whole seconds until a new attempt may succeed. */
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    /** Present with `invalid_request`: which fields were wrong (dot paths), never their values. */
    fields: z.array(z.string()).optional(),
    /** Present with `weak_password`: the rules the password fails. */
    rules: z.array(PasswordRuleId).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
