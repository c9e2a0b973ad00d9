import { z } from './zod.ts';
import { customerIdPattern } from './customer-ids.ts';
import { DisplayName, Email, Password } from './users.ts';

/**
 * Customer accounts (seeds 000 and 001): a person (an e-mail login) works for one or more customer accounts; an
 * account can have several people. Old portals signed in with the customer ID itself: two or three capital letters,
 * then 9 or 10 digits (NL123421341, SG234124123, US523453454, DE245344254, CDN1010101010).
 */

/** A customer ID as typed: spaces dropped, upper-cased, then checked against the legacy format. */
export const CustomerId = z
  .string()
  .max(32)
  .transform((value) => value.replace(/\s/g, '').toUpperCase())
  .pipe(z.string().regex(customerIdPattern, 'must be a customer ID such as NL123421341'));
export type CustomerId = z.output<typeof CustomerId>;


/** What a user may know of an account they are linked to. The main contact's address is never shown here. */
export const CustomerAccount = z.object({ customerId: z.string(), name: z.string() });
export type CustomerAccount = z.infer<typeof CustomerAccount>;

/**
 * Signed in, and linked to more than one account: choose the one to work in (`POST /api/account/active`). The
 * session exists already; it has no active account until one is chosen.
 */
export const ChooseAccountStep = z.object({
  step: z.literal('choose_account'),
  accounts: z.array(CustomerAccount).min(2),
  /** As DoneStep's: offer a passkey once the account is chosen. */
  offerPasskey: z.boolean().optional(),
});
export type ChooseAccountStep = z.infer<typeof ChooseAccountStep>;

/** `POST /api/account/active`: choose or switch the session's account; answers the `done` step. */
export const ChooseAccountRequest = z.object({ customerId: CustomerId });
export type ChooseAccountRequest = z.input<typeof ChooseAccountRequest>;

/** Admin API and CLI: a customer account, optionally with the password of its old customer-ID login. */
export const CreateCustomerAccountRequest = z.object({
  customerId: CustomerId,
  name: DisplayName,
  /** Where a customer-ID password reset goes (seed 001 step 2); never told to whoever asks for the reset. */
  mainContactEmail: Email,
  legacyPassword: Password.optional(),
});
export type CreateCustomerAccountRequest = z.input<typeof CreateCustomerAccountRequest>;

export const CreateCustomerAccountResponse = z.object({ account: CustomerAccount });
export type CreateCustomerAccountResponse = z.infer<typeof CreateCustomerAccountResponse>;

/** Admin API and CLI: link a user (by e-mail) to an account. */
export const LinkAccountRequest = z.object({ customerId: CustomerId, email: Email });
export type LinkAccountRequest = z.input<typeof LinkAccountRequest>;

export const LinkAccountResponse = z.object({ linked: z.literal(true), account: CustomerAccount });
export type LinkAccountResponse = z.infer<typeof LinkAccountResponse>;
