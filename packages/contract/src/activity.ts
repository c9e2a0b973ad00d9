import { webhookEventTypes, type WebhookEventType } from './webhooks.ts';
import { z } from './zod.ts';

/**
 * The activity log: an append-only record of what happened to logins and customer accounts, for the user ("Recent
 * activity" in My details), an account's owners, and support (admin API, CLI). Every change a host back end hears of
 * as a webhook is an entry of the same name (`session.created` is a sign-in, `password.changed`, `mfa.enabled`,
 * `customer_account.role_changed`, …), with the same data; and so are what no webhook tells: failed sign-ins and
 * second steps, a recovery code used, a personnummer changed, and every admin action. Never a secret: no password,
 * code, token or personnummer.
 */
export const activityOnlyTypes = [
  /** A wrong password (or locked, or limited) for an existing login; `detail.reason`. */
  'sign_in.failed',
  /** A wrong second-step code or passkey; `detail.method`. */
  'mfa.failed',
  /** A recovery code signed the user in; `detail.left`. */
  'recovery_code.used',
  /** The personnummer BankID signs in with was added, changed or removed; `detail.change`. */
  'personal_number.changed',
  /**
   * An administrator acted: an admin API call (`detail.method`, `detail.path`, `detail.status`), or a CLI command run
   * on the data itself (`detail.command`).
   */
  'admin.action',
] as const;

export type ActivityType = WebhookEventType | (typeof activityOnlyTypes)[number];
const activityTypes: readonly ActivityType[] = [...webhookEventTypes, ...activityOnlyTypes];
export const ActivityType = z.enum(activityTypes as [ActivityType, ...ActivityType[]]);

export const ActivityEntry = z.object({
  /** Increases with every entry: page back with `before`. */
  id: z.string(),
  at: z.iso.datetime(),
  type: ActivityType,
  /** Who did it: the user themselves, another person of the account, or null for an administrator or the system. */
  actorUserId: z.string().nullable(),
  /** Whom it is about. */
  subjectUserId: z.string().nullable(),
  /**
   * Whom it is about, by name (else e-mail address), in an account's log, whose owners see the account's people;
   * null in a person's own log and support's.
   */
  subjectName: z.string().nullable(),
  customerId: z.string().nullable(),
  clientAddress: z.string().nullable(),
  /** The browser, from the request's User-Agent, in the reader's language ("Firefox on Windows"); null if none. */
  device: z.string().nullable(),
  /** The event's facts (as its webhook carries them, or as listed above); never a secret. */
  detail: z.record(z.string(), z.unknown()),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

/** A page of entries, newest first; `nextBefore` fetches the next (older) page, null at the end. */
export const ActivityPage = z.object({ entries: z.array(ActivityEntry), nextBefore: z.string().nullable() });
export type ActivityPage = z.infer<typeof ActivityPage>;

/** Paging of the user's and the account's log: `?before=<id>&limit=<1–100>`. */
export const ActivityPageQuery = z.object({
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ActivityPageQuery = z.input<typeof ActivityPageQuery>;

/** `GET /api/admin/activity`: the log filtered by person (id or e-mail), account and type, paged. */
export const AdminActivityQuery = ActivityPageQuery.extend({
  userId: z.uuid().optional(),
  email: z.string().max(254).optional(),
  customerId: z.string().max(32).optional(),
  type: ActivityType.optional(),
});
export type AdminActivityQuery = z.input<typeof AdminActivityQuery>;
