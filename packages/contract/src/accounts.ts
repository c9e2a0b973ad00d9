import { z } from './zod.ts';
import { customerIdPattern } from './customer-ids.ts';
import { RequestLocale } from './policy.ts';
import { DisplayName, Email, Password, User } from './users.ts';

/**
 * Customer accounts (order onboarding, customer-ID migration): a person (an e-mail login) works for one or more customer accounts; an
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

/**
 * What a person may do in a customer account they are linked to. The server enforces every rule; the elements only
 * show what the role allows.
 * - `owner`: everything an admin may, and also makes people owners or takes that away. Every account keeps at least
 *   one owner: the last one can be neither removed nor made anything else.
 * - `admin`: sees the account's people and their last sign-in, invites colleagues (as admins or members), changes
 *   members to admins and back, and removes members and admins. An admin cannot touch an owner.
 * - `member`: works in the account. A member sees no list of colleagues.
 */
export const AccountRole = z.enum(['owner', 'admin', 'member']);
export type AccountRole = z.infer<typeof AccountRole>;

/** An account as an administrator names it (no role: that belongs to a person's link to it). */
export const CustomerAccountSummary = z.object({ customerId: z.string(), name: z.string() });
export type CustomerAccountSummary = z.infer<typeof CustomerAccountSummary>;

/**
 * What a user may know of an account they are linked to, with their role in it. The main contact's address is never
 * shown here.
 */
export const CustomerAccount = CustomerAccountSummary.extend({ role: AccountRole });
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
  /** Where a customer-ID password reset goes (customer-ID migration); never told to whoever asks for the reset. */
  mainContactEmail: Email,
  legacyPassword: Password.optional(),
});
export type CreateCustomerAccountRequest = z.input<typeof CreateCustomerAccountRequest>;

export const CreateCustomerAccountResponse = z.object({ account: CustomerAccountSummary });
export type CreateCustomerAccountResponse = z.infer<typeof CreateCustomerAccountResponse>;

/**
 * Admin API and CLI: link a user (by e-mail) to an account. Without a role, the first person linked to an account
 * becomes its owner and anyone after a member. Linking someone linked already changes nothing (not their role).
 */
export const LinkAccountRequest = z.object({ customerId: CustomerId, email: Email, role: AccountRole.optional() });
export type LinkAccountRequest = z.input<typeof LinkAccountRequest>;

/** `account.role` is the person's role in it (as it was, if they were linked already). */
export const LinkAccountResponse = z.object({ linked: z.literal(true), account: CustomerAccount });
export type LinkAccountResponse = z.infer<typeof LinkAccountResponse>;

/** Someone linked to the active account, as its owners and admins see them (`GET /api/account/members`). */
export const AccountMember = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: AccountRole,
  /** When they last signed in (ISO time); null if they never have. */
  lastSignInAt: z.iso.datetime().nullable(),
  /** The person asking. */
  you: z.boolean(),
});
export type AccountMember = z.infer<typeof AccountMember>;

/**
 * The active account's people, owners first, then admins, then members, each by name (`GET /api/account/members`,
 * and the answer of every change to them). Owners and admins only: a member gets 403 `role_forbidden`.
 */
export const AccountMembers = z.object({ account: CustomerAccount, members: z.array(AccountMember) });
export type AccountMembers = z.infer<typeof AccountMembers>;

/** `POST /api/account/members/role`: give someone of the active account another role. */
export const ChangeMemberRoleRequest = z.object({ userId: z.uuid(), role: AccountRole });
export type ChangeMemberRoleRequest = z.input<typeof ChangeMemberRoleRequest>;

/** `POST /api/account/members/remove`: unlink someone from the active account (their login stays). */
export const RemoveMemberRequest = z.object({ userId: z.uuid() });
export type RemoveMemberRequest = z.input<typeof RemoveMemberRequest>;

/**
 * `POST /api/admin/accounts/{customerId}/onboard` (admin API, CLI `account onboard`): the first login of an order
 * (order onboarding, "First time logging in"). Creates the login for the address given at the order, or finds it, links it to
 * the account (`role`: the first person linked owns the account unless set), and mails one "Confirm" link that leads
 * to "Set credentials" (or, for a login with a password, that password to confirm). `locale` is the mail's language
 * for a new login. Sent from the portal's back end, it is limited per address only, not per client address.
 */
export const OnboardRequest = z.object({ email: Email, name: DisplayName.optional(), role: AccountRole.optional(), locale: RequestLocale });
export type OnboardRequest = z.input<typeof OnboardRequest>;

/** The login (`created` when it is new) and the account with the login's role in it; the Confirm mail is queued. */
export const OnboardResponse = z.object({ user: User, account: CustomerAccount, created: z.boolean() });
export type OnboardResponse = z.infer<typeof OnboardResponse>;

/**
 * `POST /api/account/members/invite` (owner or admin of the active account): mails `email` an invitation to work in
 * the account with `role` (an admin may not invite an owner). Accepting links them, creating their login if needed.
 */
export const InviteMemberRequest = z.object({ email: Email, role: AccountRole, locale: RequestLocale });
export type InviteMemberRequest = z.input<typeof InviteMemberRequest>;

/** The invitation is on its way (answered alike whether or not the address has a login). */
export const InviteMemberResponse = z.object({ invited: z.literal(true), email: z.string(), role: AccountRole });
export type InviteMemberResponse = z.infer<typeof InviteMemberResponse>;
