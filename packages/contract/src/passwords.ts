import { z } from './zod.ts';
import { limits } from './limits.ts';
import { passwordRuleIds } from './password-rules.ts';

/** The rules a new password must meet; the preset decides which apply (the hosting portal requires all classes). */
export const PasswordRules = z.object({
  minLength: z.number().int().min(8).max(limits.passwordMaxLength),
  /** At least 128, as the baseline asks; capped by the contract's hard limit. */
  maxLength: z.number().int().min(128).max(limits.passwordMaxLength),
  requireLowercase: z.boolean(),
  requireUppercase: z.boolean(),
  requireDigit: z.boolean(),
  requireSpecial: z.boolean(),
  /** Refuse passwords on the bundled list of common passwords (checked on the server only: the list is large). */
  rejectCommon: z.boolean(),
});
export type PasswordRules = z.infer<typeof PasswordRules>;

export const PasswordRuleId = z.enum(passwordRuleIds);
export type PasswordRuleId = z.infer<typeof PasswordRuleId>;
