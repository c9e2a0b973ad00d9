import { z } from 'zod';
import { limits } from './limits.ts';

/** E-mail addresses compare case-insensitively; the normalised form is what we store and look up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const Email = z
  .string()
  .trim()
  .min(1)
  .max(limits.emailMaxLength)
  .pipe(z.email())
  .transform(normalizeEmail);

/** A password as typed: never trimmed (spaces are legal characters), bounded in length. */
export const Password = z.string().min(1).max(limits.passwordMaxLength);

/** A password being set: the policy's minimum length applies (later issues add more rules). */
export const NewPassword = z.string().min(limits.passwordMinLength).max(limits.passwordMaxLength);

export const User = z.object({
  id: z.string(),
  email: z.string(),
  createdAt: z.iso.datetime(),
});
export type User = z.infer<typeof User>;
