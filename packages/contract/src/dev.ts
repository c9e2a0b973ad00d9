import { z } from './zod.ts';

/**
 * Development-only API: the outbox of the dev mailer and SMS sender. Served only when the server runs in
 * development mode, for the demo's Inbox and for tests.
 */
export const OutboxChannel = z.enum(['email', 'sms']);
export type OutboxChannel = z.infer<typeof OutboxChannel>;

export const OutboxMessage = z.object({
  id: z.number().int(),
  channel: OutboxChannel,
  to: z.string(),
  /** Null for an SMS. */
  subject: z.string().nullable(),
  text: z.string(),
  /** Null for an SMS. */
  html: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

/** `GET /api/dev/outbox`: newest first. */
export const OutboxResponse = z.object({ messages: z.array(OutboxMessage) });
export type OutboxResponse = z.infer<typeof OutboxResponse>;

export const outboxMaxLimit = 200;

/** Query of `GET /api/dev/outbox`: `?to=` keeps one recipient's messages (any letter case), `?limit=` the newest n. */
export const OutboxQuery = z.object({
  // No control characters: never part of an address or number, and PostgreSQL text cannot hold NUL at all.
  to: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .regex(/^\P{Cc}*$/u, 'must not contain control characters')
    .optional(),
  channel: OutboxChannel.optional(),
  limit: z.coerce.number().int().min(1).max(outboxMaxLimit).default(50),
});
export type OutboxQuery = z.infer<typeof OutboxQuery>;
