import { z } from './zod.ts';
import { CustomerId } from './accounts.ts';
import { limits } from './limits.ts';
import { RequestLocale } from './policy.ts';
import { Email, Password } from './users.ts';

/** A link token from a mail (`#portico-link=<token>`): 256 bits in base64url. */
export const LinkToken = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * The leasing portal's "har ni glömt lösenord": answered the same whether or not the address has an account. Where the policy
 * allows customer-ID logins, a customer ID instead (customer-ID migration): the link goes to the account's main contact.
 * `locale` is the language of the mail only where the recipient has none of their own: whoever asks need not be them.
 */
export const ForgotPasswordRequest = z.union([z.object({ email: Email, locale: RequestLocale }), z.object({ customerId: CustomerId, locale: RequestLocale })]);
export type ForgotPasswordRequest = z.input<typeof ForgotPasswordRequest>;

export const InspectLinkRequest = z.object({ token: LinkToken });
export type InspectLinkRequest = z.infer<typeof InspectLinkRequest>;

/** A password being chosen: bounded here; the policy's rules are checked by the server (`weak_password`). */
const ChosenPassword = z.string().min(1).max(limits.passwordMaxLength);

export const SetPasswordRequest = z.object({ token: LinkToken, password: ChosenPassword, locale: RequestLocale });
export type SetPasswordRequest = z.infer<typeof SetPasswordRequest>;

export const ChangePasswordRequest = z.object({ currentPassword: Password, newPassword: ChosenPassword, locale: RequestLocale });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const ChangePasswordResponse = z.object({
  changed: z.literal(true),
  /** How many other sessions of the user were ended. */
  otherSessionsEnded: z.number().int().nonnegative(),
});
export type ChangePasswordResponse = z.infer<typeof ChangePasswordResponse>;
