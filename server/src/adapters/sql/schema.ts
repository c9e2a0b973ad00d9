import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The one schema for PGlite and PostgreSQL. Change it here, then run `npm run db:generate` to write the next
 * migration into server/migrations; migrations are applied at start.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    name: text('name'),
    /** BCP 47 tag of the language mails to this user are written in (`en`, `sv`); null follows the policy. */
    locale: text('locale'),
    /** When the user proved they receive mail at `email`; null for accounts nobody has confirmed yet. */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  // The application stores e-mails lower-cased; the index on lower() makes the database enforce it regardless.
  (table) => [uniqueIndex('users_email_lower_key').on(sql`lower(${table.email})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sessions_user_id_idx').on(table.userId)],
);

export const rateLimitEvents = pgTable(
  'rate_limit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('rate_limit_events_key_at_idx').on(table.key, table.at)],
);

/**
 * One-time secrets sent to a person: 6-digit codes and link tokens (sign-up, invitations, password resets, …).
 * Only a hash is stored: SHA-256 of the link token, or of `<id>:<code>` for a code (a code alone is too short to be a
 * unique key). Each is single-use (`consumed_at`), expires, and counts wrong tries.
 */
export const verifications = pgTable(
  'verifications',
  {
    id: uuid('id').primaryKey(),
    purpose: text('purpose').notNull(),
    kind: text('kind', { enum: ['code', 'link'] }).notNull(),
    email: text('email').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    /** Flow-specific facts carried from the sending step to the consuming one. */
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('verifications_secret_hash_key').on(table.secretHash),
    index('verifications_purpose_email_idx').on(table.purpose, table.email),
  ],
);

/**
 * Development outbox: every mail (and later SMS) the dev adapters "send", readable at GET /api/dev/outbox and in the
 * demo's Inbox. In the database, so mail sent by the CLI in another process lands in the same place.
 */
export const devOutbox = pgTable('dev_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
  recipient: text('recipient').notNull(),
  subject: text('subject'),
  text: text('text').notNull(),
  html: text('html'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const schema = { users, sessions, rateLimitEvents, verifications, devOutbox };
