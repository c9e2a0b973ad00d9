import { CustomerAccount, CustomerId } from './accounts.ts';
import { ActivityEntry } from './activity.ts';
import { ActiveSession } from './mfa.ts';
import { Email, NewPassword, User } from './users.ts';
import { z } from './zod.ts';

export const CreateUserRequest = z.object({ email: Email, password: NewPassword });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UserList = z.object({ users: z.array(User) });
export type UserList = z.infer<typeof UserList>;

export const CreateUserResponse = z.object({ user: User });
export type CreateUserResponse = z.infer<typeof CreateUserResponse>;

/**
 * Support (admin API, CLI `user find`): people by e-mail address, customer ID (everyone linked to the account) or a
 * part of their name, at most 20.
 */
export const SupportSearchQuery = z.object({ q: z.string().trim().min(1).max(254) });
export type SupportSearchQuery = z.input<typeof SupportSearchQuery>;

export const SupportSearchResult = z.object({
  users: z.array(
    z.object({
      user: User,
      accounts: z.array(CustomerAccount),
      /** When support disabled the login; null while it may sign in. */
      disabledAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type SupportSearchResult = z.infer<typeof SupportSearchResult>;

/**
 * What support sees of one person (`GET /api/admin/users/{userId}`, CLI `user show`): their accounts and roles, which
 * second factors they have (phone numbers masked; never a secret), their live sessions and recent activity.
 */
export const SupportUserView = z.object({
  user: User,
  /** When support disabled the login; null while it may sign in. */
  disabledAt: z.iso.datetime().nullable(),
  accounts: z.array(CustomerAccount),
  factors: z.object({
    totp: z.boolean(),
    /** Masked ("+46 70 ••• •• 05"); null without one. */
    smsPhone: z.string().nullable(),
    recoveryPhone: z.string().nullable(),
    /** Unused recovery codes; null if none were ever made. */
    recoveryCodesLeft: z.number().int().nullable(),
    passkeys: z.number().int(),
  }),
  sessions: z.array(ActiveSession),
  activity: z.array(ActivityEntry),
});
export type SupportUserView = z.infer<typeof SupportUserView>;

/**
 * `POST /api/admin/users/{userId}/reset-factors` (CLI `user reset-factors`): a lost phone. Removes the app, texted
 * codes, recovery phone, recovery codes, passkeys and trusted browsers, ends every session, and mails the person; the
 * next sign-in needs the password only (or sets a factor up first, where the policy requires one).
 */
export const ResetFactorsResponse = z.object({
  removed: z.array(z.enum(['totp', 'sms', 'recovery_phone', 'recovery_codes', 'passkeys', 'trusted_devices'])),
  sessionsEnded: z.number().int(),
});
export type ResetFactorsResponse = z.infer<typeof ResetFactorsResponse>;

/**
 * `POST /api/admin/users/{userId}/disable` and `…/enable` (CLI `user disable`, `user enable`). A disabled login is
 * answered like a wrong password on every way of signing in (password, passkey, BankID, mailed links), its sessions
 * end at once, and host back ends hear `user.disabled`; enabling lets it sign in again as before (`user.enabled`).
 * Both are idempotent; `sessionsEnded` counts the sessions this call ended.
 */
export const LoginStatusResponse = z.object({ disabledAt: z.iso.datetime().nullable(), sessionsEnded: z.number().int() });
export type LoginStatusResponse = z.infer<typeof LoginStatusResponse>;

/**
 * `POST /api/admin/unlock` (CLI `user unlock`): lifts sign-in locks. `login` (an e-mail address or customer ID): the
 * account's failed sign-ins are forgiven, the lock of too many in a row included, from every network. `clientAddress`:
 * that network's failed sign-ins are forgiven. At least one.
 */
export const UnlockRequest = z
  .object({ login: z.string().trim().min(1).max(254).optional(), clientAddress: z.ipv4().or(z.ipv6()).optional() })
  .refine((request) => request.login !== undefined || request.clientAddress !== undefined, 'login or clientAddress');
export type UnlockRequest = z.input<typeof UnlockRequest>;

export const UnlockResponse = z.object({ unlocked: z.literal(true) });
export type UnlockResponse = z.infer<typeof UnlockResponse>;

/** `POST /api/admin/accounts/unlink` (CLI `account unlink`): unlinks a login from an account; the login stays. */
export const UnlinkAccountRequest = z.object({ customerId: CustomerId, email: Email });
export type UnlinkAccountRequest = z.input<typeof UnlinkAccountRequest>;

export const UnlinkAccountResponse = z.object({ unlinked: z.literal(true) });
export type UnlinkAccountResponse = z.infer<typeof UnlinkAccountResponse>;
