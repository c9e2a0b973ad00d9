import { z } from 'zod';
import { SessionSummary } from './auth.ts';
import { User } from './users.ts';
import { ErrorCode } from './errors.ts';

/** Detail of `portico-signed-in`, fired by `<portico-auth>` when the flow reaches `done`. */
export const SignedInDetail = z.object({ user: User, session: SessionSummary });
export type SignedInDetail = z.infer<typeof SignedInDetail>;

/** Detail of `portico-error`: a failure the user was shown; `code` is an API error code or `network_error`. */
export const PorticoErrorDetail = z.object({
  code: z.union([ErrorCode, z.literal('network_error')]),
  message: z.string(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type PorticoErrorDetail = z.infer<typeof PorticoErrorDetail>;

export const eventNames = {
  signedIn: 'portico-signed-in',
  error: 'portico-error',
} as const;
