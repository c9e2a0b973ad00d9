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

export interface Store extends UserStore, SessionStore, RateLimitStore {
  close(): Promise<void>;
}
