import type { Policy, SessionSummary } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { Random } from '../ports/random.ts';
import type { SessionRecord, Store, UserRecord } from '../ports/store.ts';
import { generateToken, hashToken } from './tokens.ts';

/**
 * Last-seen times are written at most this often, so a busy session does not cost a database write per request.
 * Idle expiry is therefore exact to within this many seconds.
 */
const touchIntervalMs = 60_000;

/** Bounds the memory of the session cache; the oldest entries make room first. */
const maxCachedSessions = 10_000;

export interface ActiveSession {
  record: SessionRecord;
  user: UserRecord;
}

export class SessionService {
  /**
   * Validated sessions by token. A database lookup costs about a millisecond, which would cap session checks far
   * below what the HTTP layer can serve; a few seconds of memory lets a busy session skip it (and the token's
   * SHA-256). Keyed by the token itself, which is in memory during every request anyway; only its hash is ever
   * persisted. Sign-out on this node evicts at once; see Policy.session.cacheSeconds for other nodes.
   */
  private readonly cache = new Map<string, { active: ActiveSession; cachedAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy['session'],
  ) {}

  /**
   * Mints a new session for `userId`; returns the token for the cookie. Every way of starting one has just proven who
   * the user is (password, code, mailed link), so the session counts as freshly re-authenticated.
   */
  async start(userId: string, activeAccount: string | null = null): Promise<{ token: string; record: SessionRecord }> {
    const token = generateToken(this.random);
    const now = this.clock.now();
    const record: SessionRecord = {
      id: await hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.policy.absoluteTimeoutSeconds * 1000),
      reauthenticatedAt: now,
      activeAccount,
    };
    await this.store.createSession(record);
    return { token, record };
  }

  /**
   * The same session under a new token (after a factor change), so a token that leaked before the change stops
   * working. Lifetime and re-authentication carry over: renewing proves nothing new.
   */
  async renew(token: string, current: SessionRecord): Promise<{ token: string; record: SessionRecord }> {
    const renewed = generateToken(this.random);
    const now = this.clock.now();
    // Re-authentication and the active account come from the store: another node may have changed them.
    const stored = await this.store.findSession(current.id);
    const record: SessionRecord = {
      ...current,
      id: await hashToken(renewed),
      lastSeenAt: now,
      reauthenticatedAt: stored?.reauthenticatedAt ?? current.reauthenticatedAt,
      activeAccount: stored ? stored.activeAccount : current.activeAccount,
    };
    await this.store.createSession(record);
    await this.end(token);
    return { token: renewed, record };
  }

  /** The user just proved who they are again in this session (password or a current code). */
  async markReauthenticated(token: string, record: SessionRecord): Promise<Date> {
    const now = this.clock.now();
    await this.store.markSessionReauthenticated(record.id, now);
    record.reauthenticatedAt = now;
    const cached = this.cache.get(token);
    if (cached) cached.active.record.reauthenticatedAt = now;
    return now;
  }

  /**
   * Sets the account the session works in. The caller has checked that the user is linked to it. This node's cache
   * follows at once; readers of the active account ask the store anyway (`SessionStore.listSessionAccounts`), so
   * another node's cache never serves a stale one.
   */
  async setActiveAccount(token: string, record: SessionRecord, customerId: string | null): Promise<void> {
    await this.store.setSessionActiveAccount(record.id, customerId);
    record.activeAccount = customerId;
    const cached = this.cache.get(token);
    if (cached) cached.active.record.activeAccount = customerId;
  }

  /**
   * When the session last re-authenticated, read from the store rather than the cache: another node may have just
   * recorded it, and the check guards factor changes, where a stale answer either way is wrong.
   */
  async reauthenticatedAt(record: SessionRecord): Promise<Date | null> {
    return (await this.store.findSession(record.id))?.reauthenticatedAt ?? null;
  }

  /** The live session behind `token`, or null if unknown, expired or idle too long (expired ones are deleted). */
  async resolve(token: string): Promise<ActiveSession | null> {
    const now = this.clock.now();
    let active = this.cached(token, now);
    if (!active) {
      const found = await this.store.findSessionWithUser(await hashToken(token));
      if (!found) return null;
      active = { record: found.session, user: found.user };
    }
    const { record } = active;
    if (now >= record.expiresAt || now >= this.idleExpiry(record)) {
      this.cache.delete(token);
      await this.store.deleteSession(record.id);
      return null;
    }
    if (now.getTime() - record.lastSeenAt.getTime() >= touchIntervalMs) {
      await this.store.touchSession(record.id, now);
      record.lastSeenAt = now;
    }
    this.remember(token, active, now);
    return active;
  }

  async end(token: string): Promise<void> {
    this.cache.delete(token);
    await this.store.deleteSession(await hashToken(token));
  }

  /**
   * Ends every session of `userId` except the one behind `keepToken` (after a password change or reset). This node's
   * cache forgets them at once; other nodes within Policy.session.cacheSeconds.
   */
  async endAllForUser(userId: string, keepToken?: string): Promise<number> {
    for (const [token, entry] of this.cache) {
      if (entry.active.user.id === userId && token !== keepToken) this.cache.delete(token);
    }
    return this.store.deleteUserSessions(userId, keepToken === undefined ? undefined : await hashToken(keepToken));
  }

  /**
   * The user's record changed (e.g. their name): cached sessions of theirs on this node show the new one at once.
   * Other nodes catch up within Policy.session.cacheSeconds.
   */
  userChanged(user: UserRecord): void {
    for (const entry of this.cache.values()) {
      if (entry.active.user.id === user.id) entry.active.user = user;
    }
  }

  /** Removes sessions that can no longer be used; run now and then, not on the request path. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    return this.store.deleteExpiredSessions(now, new Date(now.getTime() - this.policy.idleTimeoutSeconds * 1000));
  }

  summary(record: SessionRecord): SessionSummary {
    return {
      createdAt: record.createdAt.toISOString(),
      expiresAt: record.expiresAt.toISOString(),
      idleExpiresAt: this.idleExpiry(record).toISOString(),
    };
  }

  private cached(token: string, now: Date): ActiveSession | null {
    const entry = this.cache.get(token);
    if (!entry) return null;
    if (now.getTime() - entry.cachedAt < this.policy.cacheSeconds * 1000) return entry.active;
    this.cache.delete(token);
    return null;
  }

  private remember(token: string, active: ActiveSession, now: Date): void {
    if (this.policy.cacheSeconds === 0 || this.cache.has(token)) return;
    if (this.cache.size >= maxCachedSessions) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(token, { active, cachedAt: now.getTime() });
  }

  private idleExpiry(record: SessionRecord): Date {
    const idle = new Date(record.lastSeenAt.getTime() + this.policy.idleTimeoutSeconds * 1000);
    return idle < record.expiresAt ? idle : record.expiresAt;
  }
}
