import type { ActiveSession as ActiveSessionView, AuthMethod, Policy, SessionEndReason, SessionSummary } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { Random } from '../ports/random.ts';
import type { SessionAccount, SessionChange, SessionRecord, Store, UserRecord } from '../ports/store.ts';
import { deviceLabel, storedUserAgentLength } from './mfa/device-label.ts';
import type { LocalSessionChanges } from './session-changes.ts';
import { generatePublicId, generateToken, hashToken } from './tokens.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** Bounds the memory of the session cache; the oldest entries make room first. */
const maxCachedSessions = 10_000;

/** Last-seen times are written at most this often, and more often under a short idle timeout (see touchInterval). */
const maxTouchIntervalMs = 60_000;
/** How long a renewed session's old token is told apart from an ended one (wasJustRenewed). */
const renewedGraceMs = 30_000;

export interface ActiveSession {
  record: SessionRecord;
  user: UserRecord;
}

/** A session as a request signed in with it holds it: the stored session, its user, and the token it came with. */
export interface SignedInSession extends ActiveSession {
  token: string;
}

/**
 * What this node remembers of a session: everything a session check answers (the session, its user and, once asked,
 * its customer accounts), so a check of a busy session costs no database work at all.
 */
interface CachedSession {
  active: ActiveSession;
  cachedAt: number;
  /** The session's accounts as the store listed them (with the session, or when first asked); absent after they change. */
  accounts?: SessionAccount[];
}

/** Another request renewed or ended this session a moment ago (e.g. two changes of factors at once). */
export class SessionRenewedError extends Error {
  constructor() {
    super('The session was renewed or ended by another request');
    this.name = 'SessionRenewedError';
  }
}

export class SessionService {
  /**
   * Validated sessions by token. A database lookup costs about a millisecond, which would cap session checks far
   * below what the HTTP layer can serve; a few seconds of memory lets a busy session skip it (and the token's
   * SHA-256). Keyed by the token itself, which is in memory during every request anyway; only its hash is ever
   * persisted. Only reads are answered from it: a request that changes anything checks the store (`resolve` with
   * `fresh`). Entries go at once when this node ends or renews a session, when a service of this node changes the
   * session's user or their accounts (LocalSessionChanges), and when another node announces it did either
   * (Store.sessionChanges); while that feed is down nothing is answered from memory.
   */
  private readonly cache = new Map<string, CachedSession>();
  /** Session id (the token's hash) → token, to find an entry from another node's announcement. */
  private readonly tokensById = new Map<string, string>();
  /** Whether memory may answer: always on one node; with other nodes, only while their announcements are heard. */
  private cacheUsable: boolean;
  /**
   * Counts evictions. A lookup that started before one may have read a session that has ended since; it must not put
   * that into memory, where no announcement would ever remove it.
   */
  private evictions = 0;
  /**
   * The accounts read in the same statement as a session this request resolved from the store, usable while nothing
   * was evicted since (a change on this node evicts): so a session check without the cache asks the store once.
   */
  private readonly readWith = new WeakMap<SessionRecord, { accounts: SessionAccount[]; evictions: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy['session'],
    /** Where sessions starting and ending are told to host back ends; none: they are not. */
    private readonly webhooks?: WebhookEvents,
    /** This node's own changes to users and their accounts, made by other services (see LocalSessionChanges). */
    localChanges?: LocalSessionChanges,
  ) {
    this.cacheUsable = store.sessionChanges === null;
    // Heard as another node's announcement of the same change would be: no service has to remember to tell.
    localChanges?.listen((change) => this.forget(change));
  }

  /**
   * Listens for other nodes' session changes (PostgreSQL). Until it listens, and whenever the connection is lost,
   * every check goes to the store. Returns how to stop listening.
   */
  async watch(): Promise<{ close(): Promise<void> }> {
    const feed = this.store.sessionChanges;
    if (!feed) return { close: async () => undefined };
    return feed.subscribe(
      (change) => this.forget(change),
      (live) => {
        // Announcements may have been missed: what memory holds can no longer be trusted.
        this.clearCache();
        this.cacheUsable = live;
      },
    );
  }

  /**
   * Mints a new session for `user` (as read when its password was checked: its credential version is the session's);
   * returns the token for the cookie. Every way of starting one has just proven who the user is (password, code,
   * mailed link), so the session counts as freshly re-authenticated.
   */
  async start(
    user: Pick<UserRecord, 'id' | 'credentialVersion'>,
    authMethods: AuthMethod[],
    activeAccount: string | null = null,
    client: { userAgent?: string | null; clientAddress?: string | null } = {},
  ): Promise<{ token: string; record: SessionRecord }> {
    const token = generateToken(this.random);
    const now = this.clock.now();
    const record: SessionRecord = {
      id: await hashToken(token),
      userId: user.id,
      credentialVersion: user.credentialVersion,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.policy.absoluteTimeoutSeconds * 1000),
      reauthenticatedAt: now,
      activeAccount,
      publicId: generatePublicId(this.random),
      authMethods,
      // Shortened: a label is all it is for, and a header of any length must not fill the table.
      userAgent: client.userAgent ? client.userAgent.slice(0, storedUserAgentLength) : null,
      clientAddress: client.clientAddress ?? null,
    };
    const webhooks = this.webhooks;
    if (!webhooks) await this.store.createSession(record);
    else {
      await webhooks.commit(async (store) => {
        await store.createSession(record);
        await webhooks.emit(store, 'session.created', { userId: user.id, sessionId: record.publicId, authMethods, customerId: activeAccount });
      });
    }
    return { token, record };
  }

  /**
   * The same session under a new token (after a factor change, a password change, or a re-authentication), so a
   * token that leaked before is worthless after it. The old token ends in the same transaction; of two renewals at
   * once, the second finds it ended and throws SessionRenewedError, so one session remains. Lifetime and active
   * account carry over from the store (another node may have changed them). With `store` (a transaction), the
   * renewal commits with the change that called for it.
   */
  async renew(
    token: string,
    current: SessionRecord,
    options: { reauthenticated?: boolean; credentialVersion?: number; store?: Store } = {},
  ): Promise<{ token: string; record: SessionRecord }> {
    const renewed = generateToken(this.random);
    const now = this.clock.now();
    this.evict(token);
    const record = await (options.store ?? this.store).renewSession(current.id, await hashToken(renewed), {
      lastSeenAt: now,
      ...(options.reauthenticated ? { reauthenticatedAt: now } : {}),
      // The password was just changed in this session: it goes on under the new credentials.
      ...(options.credentialVersion !== undefined ? { credentialVersion: options.credentialVersion } : {}),
    });
    if (!record) throw new SessionRenewedError();
    return { token: renewed, record };
  }

  /**
   * Whether `token` named a session renewed in the last half minute, on any node, that lives on. A read the page sent
   * just before the renewal's answer arrived carries the old token; told apart from an ended session, it is not taken
   * for a sign-out (see requireSession). The store keeps the old token's hash with the renewed session (the page's
   * next request may reach another node than the renewal did), so a leaked old token still opens nothing.
   */
  async wasJustRenewed(token: string): Promise<boolean> {
    const renewedAt = await this.store.findSessionRenewedFrom(await hashToken(token));
    return renewedAt !== null && this.clock.now().getTime() - renewedAt.getTime() < renewedGraceMs;
  }

  /**
   * Chooses (after `choose_account`) or switches the account the session works in, which must be one the user is
   * linked to. Answers the session's accounts as they are then; null for an account they are not linked to, alike
   * whether it exists or not, so nobody learns which customer IDs exist.
   */
  async workIn(token: string, record: SessionRecord, customerId: string): Promise<SessionAccount[] | null> {
    const linked = await this.store.findUserAccount(record.userId, customerId);
    if (!linked) return null;
    await this.setActiveAccount(token, record, linked.account.customerId);
    return this.accountsOf(token, record);
  }

  /**
   * Sets the account the session works in; the user is linked to it. This node's memory follows at once; other nodes
   * hear of it from the store's announcement.
   */
  private async setActiveAccount(token: string, record: SessionRecord, customerId: string | null): Promise<void> {
    this.evictions++;
    await this.store.setSessionActiveAccount(record.id, customerId);
    record.activeAccount = customerId;
    const cached = this.cache.get(token);
    if (cached) {
      cached.active.record.activeAccount = customerId;
      delete cached.accounts;
    }
  }

  /**
   * The session's user was just linked to `customerId` by something they did in it (a customer-ID login proven under
   * My details): a session that worked in no account works in the new one, since there is nothing to choose between;
   * one that worked in another stays there. Answers the session's accounts as they are now.
   */
  async joinedAccount(token: string, record: SessionRecord, customerId: string): Promise<SessionAccount[]> {
    const accounts = await this.accountsOf(token, record);
    // The active account counts only while the user is still linked to it: the store lists no other as active.
    if (accounts.some((account) => account.active)) return accounts;
    await this.setActiveAccount(token, record, customerId);
    return this.accountsOf(token, record);
  }

  /**
   * The customer accounts of the session behind `token`, each marked whether it is the one the session works in: from
   * this node's memory of the session when it holds them, else from the store (and then remembered with it). They
   * are forgotten when they change (`setActiveAccount`, LocalSessionChanges) here, and on other nodes when the store
   * announces it; with the cache off (`cacheSeconds` 0) the store always answers.
   */
  async accountsOf(token: string, record: SessionRecord): Promise<SessionAccount[]> {
    const entry = this.cacheUsable ? this.cache.get(token) : undefined;
    if (entry?.accounts) return entry.accounts;
    const read = this.readWith.get(record);
    if (read && read.evictions === this.evictions) return read.accounts;
    const evictionsBefore = this.evictions;
    const accounts = await this.store.listSessionAccounts(record.id);
    // A change while the store was asked may not be in what it answered: not remembered then.
    const remembered = this.cache.get(token);
    if (remembered && this.evictions === evictionsBefore) remembered.accounts = accounts;
    return accounts;
  }

  /**
   * When the session last re-authenticated, read from the store rather than the cache: another node may have just
   * recorded it, and the check guards factor changes, where a stale answer either way is wrong. Throws
   * SessionRenewedError when the session is no longer stored under this id (another request renewed it).
   */
  async reauthenticatedAt(record: SessionRecord): Promise<Date | null> {
    const stored = await this.store.findSession(record.id);
    // Renewed (or ended) by another request since this one read it: this request's view of it is stale.
    if (!stored) throw new SessionRenewedError();
    return stored.reauthenticatedAt;
  }

  /**
   * The live session behind `token`, or null if unknown, expired or idle too long (expired ones are deleted). With
   * `fresh` (every request that changes something), the store answers, never memory: a session ended on another
   * node a moment ago can read for an instant, but never write.
   */
  async resolve(token: string, options: { fresh?: boolean } = {}): Promise<ActiveSession | null> {
    const now = this.clock.now();
    let active = options.fresh ? null : this.cached(token, now);
    if (active && this.expired(active.record, now)) {
      // Another node may have kept it alive meanwhile: the store decides.
      this.evict(token);
      active = null;
    }
    const evictionsBefore = this.evictions;
    let accounts: SessionAccount[] | undefined;
    if (!active) {
      const found = await this.store.findSessionWithUser(await hashToken(token));
      if (!found) {
        this.evict(token);
        return null;
      }
      active = { record: found.session, user: found.user };
      accounts = found.accounts;
    }
    const { record } = active;
    if (this.expired(record, now)) {
      this.evict(token);
      await this.store.deleteSession(record.id);
      return null;
    }
    if (now.getTime() - record.lastSeenAt.getTime() >= this.touchIntervalMs) {
      await this.store.touchSession(record.id, now);
      record.lastSeenAt = now;
    }
    if (this.evictions === evictionsBefore) {
      this.remember(token, active, now, accounts);
      if (accounts) this.readWith.set(record, { accounts, evictions: this.evictions });
    }
    return active;
  }

  /** The user's live sessions, newest sign-in first. */
  async listForUser(userId: string): Promise<SessionRecord[]> {
    const now = this.clock.now();
    return (await this.store.listUserSessions(userId)).filter((record) => !this.expired(record, now));
  }

  /**
   * Ends one of the user's sessions by its public id (from their list of where they are signed in): that browser is
   * signed out at its next request, on every node. False when it is not theirs, or ended already.
   */
  async endOne(userId: string, publicId: string, reason: SessionEndReason = 'ended_by_user'): Promise<boolean> {
    const found = await this.store.findSessionByPublicId(publicId);
    if (!found || found.session.userId !== userId) return false;
    this.forget({ sessionId: found.session.id });
    await this.endById(found.session.id, reason);
    return true;
  }

  /**
   * Ends another of the user's sessions (from their list of where they are signed in) by its public id. The session
   * asking is not among them: signing out ends it, and clears its browser's cookie too. False for it, for a session
   * that is not the user's, and for one ended already.
   */
  async endOther(current: SessionRecord, publicId: string): Promise<boolean> {
    if (publicId === current.publicId) return false;
    return this.endOne(current.userId, publicId);
  }

  /** Ends the session behind `token`; `reason` is what webhooks tell of it. */
  async end(token: string, reason: SessionEndReason = 'sign_out'): Promise<void> {
    this.evict(token);
    await this.endById(await hashToken(token), reason);
  }

  /** Ends the stored session `id` (this node's memory of it already dropped), told to host back ends. */
  private async endById(id: string, reason: SessionEndReason): Promise<void> {
    const webhooks = this.webhooks;
    if (!webhooks) {
      await this.store.deleteSession(id);
      return;
    }
    await webhooks.commit(async (store) => {
      const ended = await store.endSession(id);
      if (ended) await webhooks.emit(store, 'session.ended', { userId: ended.userId, sessionId: ended.publicId, reason });
    });
  }

  /**
   * Ends every session of `userId` except the one behind `keepToken` (after a password change), in `store` (a
   * transaction, if given). Other nodes hear of it through the store's announcements.
   */
  async endAllForUser(userId: string, keepToken?: string, store?: Store, reason: SessionEndReason = 'ended_by_user'): Promise<number> {
    this.forgetUser(userId, keepToken);
    const exceptId = keepToken === undefined ? undefined : await hashToken(keepToken);
    const webhooks = this.webhooks;
    if (!webhooks) return (store ?? this.store).deleteUserSessions(userId, exceptId);
    const work = (tx: Store) => this.endUserSessions(tx, userId, exceptId, reason);
    return store ? work(store) : webhooks.commit(work);
  }

  /**
   * Ends the user's sessions (but `exceptId`) in `store`, a transaction, each told to host back ends; returns how many.
   * For flows that end sessions inside a transaction of their own (a password reset).
   */
  async endUserSessions(store: Store, userId: string, exceptId: string | undefined, reason: SessionEndReason): Promise<number> {
    if (!this.webhooks) return store.deleteUserSessions(userId, exceptId);
    const ended = await store.endUserSessions(userId, exceptId);
    for (const session of ended) {
      await this.webhooks.emit(store, 'session.ended', { userId: session.userId, sessionId: session.publicId, reason });
    }
    return ended.length;
  }

  /**
   * Drops this node's memory of the user's sessions (but `keepToken`'s): after the store ended them, or the user or
   * their accounts changed. The whole session goes, not only what changed: an unlinking also ends the session's
   * working in that account, and a new password or disabling ends the session itself.
   */
  forgetUser(userId: string, keepToken?: string): void {
    // Even with nothing in memory: a lookup under way may have read one of them before it ended.
    this.evictions++;
    for (const [token, entry] of this.cache) {
      if (entry.active.user.id === userId && token !== keepToken) this.evict(token);
    }
  }

  /** Removes sessions that can no longer be used; run now and then, not on the request path. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    return this.store.deleteExpiredSessions(now, new Date(now.getTime() - this.policy.idleTimeoutSeconds * 1000));
  }

  /** Whether the session is neither past its lifetime nor idle too long (for a record read by other means). */
  isLive(record: SessionRecord): boolean {
    return !this.expired(record, this.clock.now());
  }

  summary(record: SessionRecord): SessionSummary {
    return {
      createdAt: record.createdAt.toISOString(),
      expiresAt: record.expiresAt.toISOString(),
      idleExpiresAt: this.idleExpiry(record).toISOString(),
    };
  }

  /**
   * How often last-seen is written. At most once a minute (a busy session would otherwise cost a write per request),
   * and at least ten times per idle timeout, so a session in use never looks idle, however short the timeout.
   */
  private get touchIntervalMs(): number {
    return Math.min(maxTouchIntervalMs, (this.policy.idleTimeoutSeconds * 1000) / 10);
  }

  private forget(change: SessionChange): void {
    this.evictions++;
    if ('sessionId' in change) {
      const token = this.tokensById.get(change.sessionId);
      if (token !== undefined) this.evict(token);
    } else {
      this.forgetUser(change.userId);
    }
  }

  private clearCache(): void {
    this.evictions++;
    this.cache.clear();
    this.tokensById.clear();
  }

  private evict(token: string): void {
    this.evictions++;
    const entry = this.cache.get(token);
    if (!entry) return;
    this.cache.delete(token);
    this.tokensById.delete(entry.active.record.id);
  }

  private cached(token: string, now: Date): ActiveSession | null {
    if (!this.cacheUsable) return null;
    const entry = this.cache.get(token);
    if (!entry) return null;
    if (now.getTime() - entry.cachedAt < this.policy.cacheSeconds * 1000) return entry.active;
    this.evict(token);
    return null;
  }

  private remember(token: string, active: ActiveSession, now: Date, accounts: SessionAccount[] | undefined): void {
    if (this.policy.cacheSeconds === 0 || !this.cacheUsable || this.cache.has(token)) return;
    if (this.cache.size >= maxCachedSessions) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.evict(oldest);
    }
    this.cache.set(token, { active, cachedAt: now.getTime(), ...(accounts ? { accounts } : {}) });
    this.tokensById.set(active.record.id, token);
  }

  private expired(record: SessionRecord, now: Date): boolean {
    return now >= record.expiresAt || now >= this.idleExpiry(record);
  }

  private idleExpiry(record: SessionRecord): Date {
    const idle = new Date(record.lastSeenAt.getTime() + this.policy.idleTimeoutSeconds * 1000);
    return idle < record.expiresAt ? idle : record.expiresAt;
  }
}

/** One of a user's sessions as they (or support, `currentId` null) see it, its browser named in `locale`. */
export function toActiveSession(session: SessionRecord, locale: string, currentId: string | null): ActiveSessionView {
  return {
    id: session.publicId,
    device: deviceLabel(session.userAgent ?? undefined, locale),
    clientAddress: session.clientAddress,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    current: session.id === currentId,
  };
}
