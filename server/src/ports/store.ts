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
  createdAt: Date;
}

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`A user with the e-mail ${email} exists already`);
    this.name = 'EmailTakenError';
  }
}

export interface UserStore {
  /** Throws EmailTakenError when the (normalised) e-mail is taken. */
  createUser(user: { id: string; email: string; passwordHash: string | null; createdAt: Date }): Promise<UserRecord>;
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

/** Failed attempts per key (e.g. `account:…`, `ip:…`), for sliding-window brute-force limits. */
export interface AttemptStore {
  recordFailure(key: string, at: Date): Promise<void>;
  /** Per key: how many failures at or after `since`, and when the oldest of them happened (keys without any are absent). */
  failuresSince(keys: readonly string[], since: Date): Promise<Map<string, { count: number; oldest: Date }>>;
  clearFailures(key: string): Promise<void>;
  deleteFailuresBefore(before: Date): Promise<number>;
}

export interface Store extends UserStore, SessionStore, AttemptStore {
  close(): Promise<void>;
}
