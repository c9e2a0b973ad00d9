import { z } from './zod.ts';
import { RequestLocale } from './policy.ts';
import { CustomerAccount, CustomerId } from './accounts.ts';
import { LinkToken } from './password-flows.ts';
import { DisplayName, Email, Password } from './users.ts';

/**
 * Old customer-ID logins moving to e-mail logins (customer-ID migration). The customer ID (NL123421341) used to be the username;
 * now each person registers their own e-mail address, and several customer IDs can be linked to one e-mail login.
 */

/**
 * A customer-ID password reset was asked for (customer-ID migration). The link went to the account's main contact, if
 * the customer ID exists and still signs in by itself; the answer is the same either way and never names the address.
 */
export const CheckMainContactEmailStep = z.object({ step: z.literal('check_main_contact_email'), customerId: z.string() });
export type CheckMainContactEmailStep = z.infer<typeof CheckMainContactEmailStep>;

/**
 * Customer-ID migration: the customer ID and its password were right; the old login now registers a user e-mail address.
 * `token` is a short-lived ticket proving that password, sent with the address (`POST …/register-email`).
 */
export const RegisterEmailStep = z.object({ step: z.literal('register_email'), customerId: z.string(), token: z.string() });
export type RegisterEmailStep = z.infer<typeof RegisterEmailStep>;

/**
 * A mailed "Confirm" link was opened that makes this address a login of a customer account: the customer-ID
 * migration, order onboarding ("First time logging in": the portal's back end named the
 * address at the order) or a colleague's invitation. For an address without a password, "Set credentials": a new
 * password (different from the customer ID's in the migration) and, where the login has no name yet (`askName`), the
 * name; for a login that has a password (`existingLogin`), that password confirms the link and no second one is made.
 */
export const SetCredentialsStep = z.object({
  step: z.literal('set_credentials'),
  purpose: z.enum(['customer_id_migration', 'onboarding', 'account_invitation']),
  email: z.string(),
  customerId: z.string(),
  /** The account's name, for the onboarding and invitation texts; absent in the customer-ID migration. */
  accountName: z.string().optional(),
  existingLogin: z.boolean(),
  askName: z.boolean(),
  token: z.string(),
});
export type SetCredentialsStep = z.infer<typeof SetCredentialsStep>;

/** `POST /api/auth/customer-id/register-email`: answered with `check_email` alike for new and existing logins. */
export const RegisterEmailRequest = z.object({ token: LinkToken, email: Email, locale: RequestLocale });
export type RegisterEmailRequest = z.input<typeof RegisterEmailRequest>;

/**
 * `POST /api/auth/set-credentials` (any `set_credentials` step; the customer-ID migration's older
 * `/api/auth/customer-id/set-credentials` too): the new password, or the existing login's password, and the name
 * where the step asks for it. Answers the `sign_in` step with notice `registered` or `account_linked`.
 */
export const SetCredentialsRequest = z.object({ token: LinkToken, password: Password, name: DisplayName.optional(), locale: RequestLocale });
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
