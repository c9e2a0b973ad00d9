import { z } from './zod.ts';
import { limits } from './limits.ts';

/** E-mail addresses compare case-insensitively; the normalised form is what we store and look up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const Email = z.string().trim().min(1).max(limits.emailMaxLength).pipe(z.email()).transform(normalizeEmail);

/** A password as typed: never trimmed (spaces are legal characters), bounded in length. */
export const Password = z.string().min(1).max(limits.passwordMaxLength);

/** A password being set, in its bounds; the policy's other rules are checked by the server's password policy. */
export const NewPassword = z.string().min(limits.passwordMinLength).max(limits.passwordMaxLength);

/**
 * A person's name as they want it shown ("My details"): trimmed, bounded, no control characters (PostgreSQL text
 * cannot hold NUL, and line breaks would let a name forge lines in a mail).
 */
export const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(limits.nameMaxLength)
  .regex(/^\P{Cc}*$/u, 'must not contain control characters');

export const User = z.object({
  id: z.string(),
  email: z.string(),
  /** Null until an admin (invitation) or the user ("My details") gives one. */
  name: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type User = z.infer<typeof User>;
