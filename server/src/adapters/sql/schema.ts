import type { AccountRole, AuthMethod } from '@portico/contract';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    /**
     * The personnummer BankID signs this user in with (leasing portal), AES-256-GCM under the environment's key; and its
     * keyed hash (HMAC-SHA256 under a key derived from the same secret) to find the user at BankID sign-in. A copy
     * of the database alone yields neither the number nor a way to test guesses against the hash.
     */
    personalNumberSealed: text('personal_number_sealed'),
    personalNumberHash: text('personal_number_hash'),
    /**
     * Goes up with every change of password. Sessions and half-finished sign-ins carry the value their password was
     * checked against: one started with an old password, however late, never counts.
     */
    credentialVersion: integer('credential_version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When a session of theirs last started; shown to the owners and admins of their accounts. */
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /**
     * When support disabled the login (a person who left, a takeover being looked into); null while it may sign in.
     * A disabled login is answered like a wrong password on every way in, and its sessions end.
     */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  // The application stores e-mails lower-cased; the index on lower() makes the database enforce it regardless.
  (table) => [uniqueIndex('users_email_lower_key').on(sql`lower(${table.email})`), uniqueIndex('users_personal_number_hash_key').on(table.personalNumberHash)],
);

/**
 * Customer accounts (order onboarding, customer-ID migration), keyed by the customer ID in its legacy format (NL123421341). The main
 * contact receives a customer-ID password reset; `legacy_password_hash` (argon2id) is the old customer-ID login's
 * password, null for an account that never had one. `migrated_at` is set when an e-mail login was registered for the
 * ID (customer-ID migration): from then on the ID no longer signs in by itself. The old hash is kept so that only someone who
 * knows it is told to use the e-mail login instead.
 */
export const customerAccounts = pgTable('customer_accounts', {
  customerId: text('customer_id').primaryKey(),
  name: text('name').notNull(),
  mainContactEmail: text('main_contact_email').notNull(),
  legacyPasswordHash: text('legacy_password_hash'),
  migratedAt: timestamp('migrated_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * Which users work for which customer accounts (many to many), and each one's role there: `owner`, `admin` or
 * `member` (AccountRole in the contract says what each may do). Every account with people keeps an owner: the store
 * changes roles under a lock on the account row.
 */
export const accountMembers = pgTable(
  'account_members',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customerAccounts.customerId, { onDelete: 'cascade' }),
    role: text('role').$type<AccountRole>().notNull().default('member'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.customerId] }),
    index('account_members_customer_id_idx').on(table.customerId),
    check('account_members_role_check', sql`${table.role} in ('owner', 'admin', 'member')`),
  ],
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
    /**
     * When the person behind this session last proved who they are (password, or password and second factor, or a
     * current code): changing second factors and recovery data needs this to be recent.
     */
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true }),
    /**
     * The customer account this session works in; null until chosen (or for a user linked to none). Read together
     * with the user's links, so an account the user is no longer linked to never counts as active.
     */
    activeAccount: text('active_account').references(() => customerAccounts.customerId, { onDelete: 'set null' }),
    /** The user's credential version the session was signed in with (see users); any other one ends it. */
    credentialVersion: integer('credential_version').notNull().default(0),
    /**
     * The session's public id (`sid` of its tokens, webhook events): random, unlike `id` never derived from the
     * cookie token, and kept when a renewal gives the session a new token.
     */
    publicId: text('public_id')
      .notNull()
      .default(sql`gen_random_uuid()::text`),
    /** How the user proved who they are at sign-in (RFC 8176 `amr` values: pwd, otp, sms, mfa, bankid). */
    authMethods: text('auth_methods')
      .array()
      .$type<AuthMethod[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The User-Agent at sign-in, shortened, and the client address: for the user's list of where they are signed in. */
    userAgent: text('user_agent'),
    clientAddress: text('client_address'),
    /**
     * The id (token hash) the session had before its last renewal, and when it was renewed: a request the page sent
     * with the old token just before the renewal's answer arrived is told apart from a sign-out on every node, not
     * only on the one that renewed it (Store.findSessionRenewedFrom). Gone with the session.
     */
    renewedFrom: text('renewed_from'),
    renewedAt: timestamp('renewed_at', { withTimezone: true }),
  },
  (table) => [
    index('sessions_user_id_idx').on(table.userId),
    uniqueIndex('sessions_public_id_key').on(table.publicId),
    index('sessions_renewed_from_idx').on(table.renewedFrom),
  ],
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
 * The activity log: what happened to logins and customer accounts, with when, from where and by whom; append-only
 * (the retention purge, PORTICO_ACTIVITY_RETENTION_DAYS, is the only delete). No foreign keys: an entry outlives the
 * session or link it tells of. `detail` holds the event's non-secret facts.
 */
export const activityEvents = pgTable(
  'activity_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    type: text('type').notNull(),
    actorUserId: uuid('actor_user_id'),
    subjectUserId: uuid('subject_user_id'),
    customerId: text('customer_id'),
    clientAddress: text('client_address'),
    userAgent: text('user_agent'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  },
  (table) => [
    index('activity_events_subject_idx').on(table.subjectUserId, table.id),
    index('activity_events_customer_idx').on(table.customerId, table.id),
    index('activity_events_at_idx').on(table.at),
  ],
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
  (table) => [uniqueIndex('verifications_secret_hash_key').on(table.secretHash), index('verifications_purpose_email_idx').on(table.purpose, table.email)],
);

/**
 * Development outbox: every mail and text message the dev adapters "send", readable at GET /api/dev/outbox and in the
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

/**
 * A user's second factors (two-step verification) and recovery phone, one row per kind. `secret` holds the authenticator app's
 * shared secret, sealed (SecretBox); `phone` the number in E.164. `last_totp_step` is the time step of the
 * last accepted app code: a code of that step or an earlier one is refused, so an overheard code cannot be replayed.
 */
export const mfaFactors = pgTable(
  'mfa_factors',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['totp', 'sms', 'recovery_phone'] }).notNull(),
    secret: text('secret'),
    phone: text('phone'),
    lastTotpStep: bigint('last_totp_step', { mode: 'number' }),
    enabledAt: timestamp('enabled_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.kind] })],
);

/**
 * A factor being set up and not yet proven: the app's new secret until a code from it is entered, or the phone
 * number until the texted code is. One per user and kind; a new start replaces it.
 */
export const mfaPendingSetups = pgTable(
  'mfa_pending_setups',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['totp', 'sms', 'recovery_phone'] }).notNull(),
    secret: text('secret'),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.kind] })],
);

/** Recovery codes (two-step verification): only SHA-256 of `<user id>:<normalised code>`; each works once (`used_at`). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('recovery_codes_user_hash_key').on(table.userId, table.codeHash)],
);

/** Browsers a user chose to trust ("Trust this device"): only the cookie token's SHA-256 is stored. */
export const trustedDevices = pgTable(
  'trusted_devices',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** From the User-Agent when trusted, shortened: "Chrome on Linux". */
    label: text('label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('trusted_devices_token_hash_key').on(table.tokenHash), index('trusted_devices_user_id_idx').on(table.userId)],
);

/**
 * Half-finished sign-ins: the password was right, a second factor (`mfa`) or its setup (`setup`) is due. The client
 * holds the token, only its SHA-256 is stored; it expires, counts wrong codes, and is used once.
 */
export const mfaChallenges = pgTable(
  'mfa_challenges',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['mfa', 'setup'] }).notNull(),
    /** The channel whose code is expected now (`mfa`); null for a setup. */
    channel: text('channel', { enum: ['totp', 'sms', 'email', 'recovery_phone', 'webauthn'] }),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    /** The user's credential version the password was checked against (see users). */
    credentialVersion: integer('credential_version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('mfa_challenges_token_hash_key').on(table.tokenHash), index('mfa_challenges_user_id_idx').on(table.userId)],
);

/**
 * Passkeys and security keys (WebAuthn credentials). The private key stays on the authenticator; the public key and
 * counter here let the server check its signatures, and refuse a signature counter that went backwards (a clone).
 */
export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull(),
    deviceType: text('device_type', { enum: ['single_device', 'multi_device'] }).notNull(),
    backedUp: boolean('backed_up').notNull(),
    aaguid: text('aaguid').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('passkeys_credential_id_key').on(table.credentialId), index('passkeys_user_id_idx').on(table.userId)],
);

/**
 * WebAuthn challenges handed out and not yet answered. The browser's cookie holds a token (only its SHA-256 is here;
 * one per browser and kind of ceremony, shared by its tabs), so an answer counts only from the browser that asked; a
 * row is deleted when answered, and swept once expired.
 */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    challenge: text('challenge').notNull(),
    purpose: text('purpose', { enum: ['sign_in', 'mfa', 'register'] }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    mfaChallengeId: uuid('mfa_challenge_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('webauthn_challenges_token_hash_challenge_key').on(table.tokenHash, table.challenge),
    index('webauthn_challenges_expires_at_idx').on(table.expiresAt),
  ],
);

/**
 * BankID orders under way (leasing portal). The browser holds a handle (only its hash is here) and a cookie token bound to
 * it, so a handle seen by someone else cannot finish the sign-in in their browser. The QR secret is sealed and never
 * leaves the server. Rows go once the order completes, fails for good or is cancelled.
 */
export const bankidOrders = pgTable('bankid_orders', {
  id: text('id').primaryKey(),
  browserHash: text('browser_hash').notNull(),
  orderRef: text('order_ref').notNull(),
  autoStartToken: text('auto_start_token').notNull(),
  qrStartToken: text('qr_start_token').notNull(),
  qrStartSecretSealed: text('qr_start_secret_sealed').notNull(),
  status: text('status', { enum: ['pending', 'failed'] }).notNull(),
  /** BankID's hint code as sent (unknown ones too); null before the first collect. */
  hintCode: text('hint_code'),
  /** The user message chosen for a failed order (or a failed call to BankID). */
  failureMessage: text('failure_message'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastCollectAt: timestamp('last_collect_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * Browsers that signed in to an account before (OWASP's device cookies): failed sign-ins from one spend its own
 * budget, not the account's. Only the cookie token's SHA-256 is stored.
 */
export const knownBrowsers = pgTable(
  'known_browsers',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('known_browsers_token_hash_key').on(table.tokenHash), index('known_browsers_user_id_idx').on(table.userId)],
);

/**
 * The durable outbox: every mail and text, written in the transaction of the change it reports and delivered from
 * here at least once, also after a crash or by another node. The rendered message (which can hold a live code or
 * link) is sealed where a key is configured and erased once it has finished.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    payload: text('payload'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome', { enum: ['delivered', 'suppressed', 'gave_up'] }),
    lastError: text('last_error'),
  },
  // Delivery looks for unfinished messages by due time; finished ones only wait to be swept.
  (table) => [
    index('outbox_messages_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.finishedAt} is null`),
  ],
);

/**
 * Keys that sign session tokens (ES256). Every node signs with the one active key (`retired_at` null): a partial
 * unique index makes a second active key impossible, whichever node rotates. A retired key stays published in the
 * JWKS until every token it signed has expired; a revoked one (leaked) is published no more. The private key is
 * sealed with PORTICO_SECRET_KEY.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    kid: text('kid').primaryKey(),
    algorithm: text('algorithm').notNull(),
    publicJwk: jsonb('public_jwk').notNull(),
    privateKeySealed: text('private_key_sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('signing_keys_one_active_key')
      .on(sql`(true)`)
      .where(sql`${table.retiredAt} is null`),
  ],
);

/**
 * Webhook messages (Standard Webhooks), one row per event and endpoint, written in the same transaction as the change
 * the event reports; delivered at least once with backoff by one node at a time (`claimed_until`), like outbox_messages.
 * `body` is the exact JSON sent, so a retry carries the same `webhook-id` and bytes.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    messageId: text('message_id').notNull(),
    endpoint: text('endpoint').notNull(),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    outcome: text('outcome', { enum: ['delivered', 'gave_up'] }),
    lastError: text('last_error'),
  },
  (table) => [
    index('webhook_deliveries_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.finishedAt} is null`),
    uniqueIndex('webhook_deliveries_message_endpoint_key').on(table.messageId, table.endpoint),
  ],
);

/** Every attempt at a webhook delivery, kept with it (what the receiver answered, or why nothing was). */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (table) => [index('webhook_attempts_delivery_id_idx').on(table.deliveryId)],
);

export const schema = {
  signingKeys,
  webhookDeliveries,
  webhookAttempts,
  knownBrowsers,
  outboxMessages,
  bankidOrders,
  users,
  customerAccounts,
  accountMembers,
  activityEvents,
  sessions,
  rateLimitEvents,
  verifications,
  devOutbox,
  mfaFactors,
  mfaPendingSetups,
  recoveryCodes,
  trustedDevices,
  mfaChallenges,
  passkeys,
  webauthnChallenges,
};
