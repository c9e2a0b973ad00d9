import { z } from './zod.ts';
import { RequestLocale } from './policy.ts';
import { CustomerAccount, CustomerId } from './accounts.ts';
import { LinkToken } from './password-flows.ts';
import { Email, Password } from './users.ts';

/**
 * Old customer-ID logins moving to e-mail logins (seed 001). The customer ID (NL123421341) used to be the username;
 * now each person registers their own e-mail address, and several customer IDs can be linked to one e-mail login.
 */

/**
 * A customer-ID password reset was asked for (seed 001 steps 1–2). The link went to the account's main contact, if
 * the customer ID exists and still signs in by itself; the answer is the same either way and never names the address.
 */
export const CheckMainContactEmailStep = z.object({ step: z.literal('check_main_contact_email'), customerId: z.string() });
export type CheckMainContactEmailStep = z.infer<typeof CheckMainContactEmailStep>;

/**
 * Seed 001 step 5: the customer ID and its password were right; the old login now registers a user e-mail address.
 * `token` is a short-lived ticket proving that password, sent with the address (`POST …/register-email`).
 */
export const RegisterEmailStep = z.object({ step: z.literal('register_email'), customerId: z.string(), token: z.string() });
export type RegisterEmailStep = z.infer<typeof RegisterEmailStep>;

/**
 * Seed 001 step 8: the verification link was opened. For an address without a login, a new password (different from
 * the customer ID's); for an address that has one (`existingLogin`), that login's password confirms the link and no
 * second password is made.
 */
export const SetCredentialsStep = z.object({
  step: z.literal('set_credentials'),
  email: z.string(),
  customerId: z.string(),
  existingLogin: z.boolean(),
  token: z.string(),
});
export type SetCredentialsStep = z.infer<typeof SetCredentialsStep>;

/** `POST /api/auth/customer-id/register-email`: answered with `check_email` alike for new and existing logins. */
export const RegisterEmailRequest = z.object({ token: LinkToken, email: Email, locale: RequestLocale });
export type RegisterEmailRequest = z.input<typeof RegisterEmailRequest>;

/**
 * `POST /api/auth/customer-id/set-credentials`: the new password, or the existing login's password. Answers the
 * `sign_in` step with notice `registered` or `account_linked`.
 */
export const SetCredentialsRequest = z.object({ token: LinkToken, password: Password, locale: RequestLocale });
export type SetCredentialsRequest = z.infer<typeof SetCredentialsRequest>;

/** `POST /api/account/customer-accounts/link`: a signed-in user links an account by its old customer-ID login. */
export const LinkCustomerIdRequest = z.object({ customerId: CustomerId, password: Password });
export type LinkCustomerIdRequest = z.input<typeof LinkCustomerIdRequest>;

export const LinkCustomerIdResponse = z.object({
  account: CustomerAccount,
  /** The session's account: the new one if none was active before. */
  activeAccount: CustomerAccount.nullable(),
  accounts: z.array(CustomerAccount),
});
export type LinkCustomerIdResponse = z.infer<typeof LinkCustomerIdResponse>;
