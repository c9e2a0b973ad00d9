import { z } from './zod.ts';
import { RequestLocale } from './policy.ts';
import { DisplayName, User } from './users.ts';

/**
 * "My details": the signed-in user changes what they are called. An empty name clears it (null). The e-mail is not
 * changed here: a new address has to be proved first, which is its own flow. `locale`: the language of the page the
 * details were saved on, remembered as the user's.
 */
export const UpdateProfileRequest = z.object({
  name: z.union([
    DisplayName,
    z
      .string()
      .trim()
      .length(0)
      .transform(() => null),
    z.null(),
  ]),
  locale: RequestLocale,
});
export type UpdateProfileRequest = z.input<typeof UpdateProfileRequest>;

export const UpdateProfileResponse = z.object({ user: User });
export type UpdateProfileResponse = z.infer<typeof UpdateProfileResponse>;
