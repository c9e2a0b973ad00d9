import { z } from './zod.ts';
import { CustomerAccount } from './accounts.ts';
import { SessionSummary } from './auth.ts';
import { User } from './users.ts';
import { ErrorCode } from './errors.ts';

/** Detail of `portico-signed-in`, fired by `<portico-auth>` when the flow reaches `done`. */
export const SignedInDetail = z.object({
  user: User,
  session: SessionSummary,
  activeAccount: CustomerAccount.nullable(),
  accounts: z.array(CustomerAccount),
});
export type SignedInDetail = z.infer<typeof SignedInDetail>;

/** Detail of `portico-error`: a failure the user was shown; `code` is an API error code or `network_error`. */
export const PorticoErrorDetail = z.object({
  code: z.union([ErrorCode, z.literal('network_error')]),
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type PorticoErrorDetail = z.infer<typeof PorticoErrorDetail>;

/** Detail of `portico-account-changed`: the session now works in `account`; `accounts` is the user's list, which may have grown. */
export const AccountChangedDetail = z.object({ account: CustomerAccount, accounts: z.array(CustomerAccount) });
export type AccountChangedDetail = z.infer<typeof AccountChangedDetail>;

/**
 * Detail of `portico-signed-out`, fired on `document` when this browser's session at an API ends: signed out here or
 * in another tab (`signed_out`), or found ended by a request (`session_ended`: a password reset elsewhere, an
 * administrator, expiry). The page should show its sign-in form.
 */
export const SignedOutDetail = z.object({ api: z.string(), reason: z.enum(['signed_out', 'session_ended']) });
export type SignedOutDetail = z.infer<typeof SignedOutDetail>;
