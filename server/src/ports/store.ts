/**
 * Persistence, split by concern. One adapter (SQL via Drizzle on PGlite or PostgreSQL) implements them all today;
 * an in-memory one can join later for the browser mock.
 */
export interface UserRecord {
  id: string;
  /** Normalised (trimmed, lower case). */
  email: string;
  /** argon2id PHC string; null for a user who has not set a password yet. */
  passwordHash: string | null;
  name: string | null;
  /** Language of mails to this user (`en`, `sv`); null follows the policy. */
  locale: string | null;
  /** When the user proved they receive mail at `email`; null if nobody has. */
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

export type NewUser = Pick<UserRecord, 'id' | 'email' | 'passwordHash' | 'createdAt'> &
  Partial<Pick<UserRecord, 'name' | 'locale' | 'emailVerifiedAt'>>;

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`A user with the e-mail ${email} exists already`);
    this.name = 'EmailTakenError';
  }
}

export interface UserStore {
  /** Throws EmailTakenError when the (normalised) e-mail is taken. */
  createUser(user: NewUser): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** Sets the password hash; `emailVerifiedAt` too when setting it proved the address (a mailed link). */
  updatePassword(userId: string, passwordHash: string, emailVerifiedAt?: Date): Promise<void>;
  /** Sets (or, with null, clears) the display name; returns the updated user, or null if there is none. */
  updateName(userId: string, name: string | null): Promise<UserRecord | null>;
}

export interface SessionRecord {
  /** SHA-256 of the session token, hex. The token itself is never stored. */
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute expiry. */
  expiresAt: Date;
}

export interface SessionStore {
  createSession(session: SessionRecord): Promise<void>;
  findSession(id: string): Promise<SessionRecord | null>;
  /** The session and its user in one lookup: the hot path of every authenticated request. */
  findSessionWithUser(id: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touchSession(id: string, lastSeenAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Ends every session of a user but `exceptId`; returns how many ended. */
  deleteUserSessions(userId: string, exceptId?: string): Promise<number>;
  deleteExpiredSessions(now: Date, idleCutoff: Date): Promise<number>;
}

/**
 * A log of events per key (e.g. `sign-in-failure:ip:…`, `code-send:email:…`), for sliding-window limits. Keys start
 * with their limiter's scope and a colon.
 */
export interface RateLimitStore {
  recordEvent(key: string, at: Date): Promise<void>;
  /** Per key: how many events at or after `since`, and when the oldest of them happened (keys without any are absent). */
  countEventsSince(keys: readonly string[], since: Date): Promise<Map<string, { count: number; oldest: Date }>>;
  clearEvents(key: string): Promise<void>;
  /** Deletes the events of one scope (the part of the key before the first colon) older than `before`. */
  deleteEventsBefore(scope: string, before: Date): Promise<number>;
}

export type OutboxChannel = 'email' | 'sms';

/** A message as the dev adapters "sent" it. `subject` and `html` are null for an SMS. */
export interface NewOutboxEntry {
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  createdAt: Date;
}

export interface OutboxEntry extends NewOutboxEntry {
  /** Increasing in insertion order across all nodes (a database sequence), so it, not the clock, orders the list. */
  id: number;
}

export interface OutboxFilter {
  /** Exact recipient; e-mail addresses are compared in any letter case. */
  recipient?: string;
  channel?: OutboxChannel;
  limit: number;
}

/**
 * The development outbox: where the dev mailer (and later SMS sender) put what they would have delivered, so every
 * flow can be finished without a mail server. Shared by all processes on the same storage (server and CLI).
 */
export interface OutboxStore {
  addToOutbox(entry: NewOutboxEntry): Promise<void>;
  /** Newest first. */
  listOutbox(filter: OutboxFilter): Promise<OutboxEntry[]>;
}

export type VerificationKind = 'code' | 'link';

export interface VerificationRecord {
  id: string;
  /** What the secret proves when used: `sign_up`, `invitation`, `password_reset`, … */
  purpose: string;
  kind: VerificationKind;
  /** Normalised address the secret was sent to. */
  email: string;
  userId: string | null;
  /** SHA-256 of the link token, or of `<id>:<code>` for a code. */
  secretHash: string;
  payload: Record<string, unknown> | null;
  attempts: number;
  expiresAt: Date;
  consumedAt: Date | null;
  createdAt: Date;
}

/** One-time codes and links. Consuming is atomic, so a secret works once even when used twice at the same moment. */
export interface VerificationStore {
  createVerification(record: VerificationRecord): Promise<void>;
  /** The newest unconsumed secret of a purpose for an address (expired ones included: the caller says why it fails). */
  findLatestVerification(purpose: string, email: string): Promise<VerificationRecord | null>;
  findVerificationBySecretHash(secretHash: string): Promise<VerificationRecord | null>;
  /** Counts one wrong try; returns the new count, or null if the secret was consumed meanwhile. */
  addVerificationAttempt(id: string): Promise<number | null>;
  /** Marks the secret used; false if it already was (someone else won the race). */
  consumeVerification(id: string, at: Date): Promise<boolean>;
  /** Retires every unconsumed secret of a purpose for an address, e.g. when a new one is sent. */
  retireVerifications(purpose: string, email: string, at: Date): Promise<void>;
  deleteVerificationsExpiredBefore(before: Date): Promise<number>;
}

export interface Store extends UserStore, SessionStore, RateLimitStore, OutboxStore, VerificationStore {
  close(): Promise<void>;
}
