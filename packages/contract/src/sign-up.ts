import { z } from './zod.ts';
import { LinkToken } from './password-flows.ts';
import { RequestLocale } from './policy.ts';
import { DisplayName, Email, User } from './users.ts';

/**
 * Self sign-up: start a sign-up; the policy decides whether a code or a link is mailed. `name` is kept with the
 * code or link and becomes the new user's name where the policy asks for it (`signUp.askName`), else it is ignored.
 * `locale` is the language of the mail, and is kept likewise: the new user's language.
 */
export const SignUpRequest = z.object({ email: Email, name: DisplayName.optional(), locale: RequestLocale });
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const VerifyCodeRequest = z.object({
  email: Email,
  code: z
    .string()
    .transform((code) => code.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{6}$/)),
});
export type VerifyCodeRequest = z.infer<typeof VerifyCodeRequest>;

/** Welcome-mail invitation: after following the welcome mail's link, the invited person enters their e-mail address. */
export const InvitationEmailRequest = z.object({ token: LinkToken, email: Email, locale: RequestLocale });
export type InvitationEmailRequest = z.infer<typeof InvitationEmailRequest>;

export const CreateInvitationRequest = z.object({
  email: Email,
  name: DisplayName.optional(),
});
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

/** `resent`: the person was invited before and has no password yet, so the welcome mail went again with a new link. */
export const CreateInvitationResponse = z.object({ user: User, resent: z.boolean() });
export type CreateInvitationResponse = z.infer<typeof CreateInvitationResponse>;
