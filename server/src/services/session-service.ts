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

export interface ActiveSession {
  record: SessionRecord;
  user: UserRecord;
}

export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy['session'],
  ) {}

  /** Mints a new session for `userId`; returns the token for the cookie. */
  async start(userId: string): Promise<{ token: string; record: SessionRecord }> {
    const token = generateToken(this.random);
    const now = this.clock.now();
    const record: SessionRecord = {
      id: await hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.policy.absoluteTimeoutSeconds * 1000),
    };
    await this.store.createSession(record);
    return { token, record };
  }

  /** The live session behind `token`, or null if unknown, expired or idle too long (expired ones are deleted). */
  async resolve(token: string): Promise<ActiveSession | null> {
    const id = await hashToken(token);
    const record = await this.store.findSession(id);
    if (!record) return null;
    const now = this.clock.now();
    if (now >= record.expiresAt || now >= this.idleExpiry(record)) {
      await this.store.deleteSession(id);
      return null;
    }
    const user = await this.store.findUserById(record.userId);
    if (!user) return null;
    if (now.getTime() - record.lastSeenAt.getTime() >= touchIntervalMs) {
      await this.store.touchSession(id, now);
      record.lastSeenAt = now;
    }
    return { record, user };
  }

  async end(token: string): Promise<void> {
    await this.store.deleteSession(await hashToken(token));
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

  private idleExpiry(record: SessionRecord): Date {
    const idle = new Date(record.lastSeenAt.getTime() + this.policy.idleTimeoutSeconds * 1000);
    return idle < record.expiresAt ? idle : record.expiresAt;
  }
}
