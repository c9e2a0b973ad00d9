import { z } from 'zod';

/**
 * The server's policy. Presets (later issues) are named sets of these values; every value can also be set alone.
 * Durations are in seconds.
 */
export const Policy = z.object({
  session: z.object({
    /** A session unused for this long ends. */
    idleTimeoutSeconds: z.number().int().positive(),
    /** A session ends this long after sign-in, however much it is used. */
    absoluteTimeoutSeconds: z.number().int().positive(),
    /**
     * How long a node may answer a session check from memory. A session revoked on one node is refused there at
     * once, but other nodes may still accept it for up to this long. 0 checks the database on every request.
     */
    cacheSeconds: z.number().int().nonnegative(),
  }),
  signInLimits: z.object({
    /** Failed sign-ins allowed per account, and separately per client IP, within the window. */
    maxFailures: z.number().int().positive(),
    windowSeconds: z.number().int().positive(),
  }),
});
export type Policy = z.infer<typeof Policy>;

export const defaultPolicy: Policy = {
  session: { idleTimeoutSeconds: 30 * 60, absoluteTimeoutSeconds: 12 * 60 * 60, cacheSeconds: 5 },
  signInLimits: { maxFailures: 10, windowSeconds: 15 * 60 },
};
