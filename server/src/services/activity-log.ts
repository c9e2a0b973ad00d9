import { type ActivityEntry, type ActivityPage, type ActivityType, type AdminActivityQuery, normalizeEmail } from '@portico/contract';
import type { z } from 'zod';
import type { Clock } from '../ports/clock.ts';
import type { RequestContext } from '../ports/request-context.ts';
import type { ActivityFilter, ActivityRecord, Store } from '../ports/store.ts';
import { deviceLabel, storedUserAgentLength } from './mfa/device-label.ts';

/** The facts of one entry; who acted defaults to the request's signed-in user, else the subject. */
export interface ActivityFacts {
  subjectUserId?: string | null;
  customerId?: string | null;
  /** Overrides the request's actor (e.g. the owner who changed someone's role); null for an administrator. */
  actorUserId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * The activity log (see ActivityEntry in the contract): entries written with the change they tell of (in its
 * transaction where there is one), with the time, the request's client address and User-Agent, and the actor.
 */
export class ActivityLog {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly context: RequestContext,
    /** PORTICO_ACTIVITY_RETENTION_DAYS: entries older than this are purged. */
    readonly retentionDays: number,
  ) {}

  /** The request's session is known: what it does is done by its user. */
  actingUser(userId: string): void {
    const scope = this.context.current();
    if (scope) scope.actorUserId = userId;
  }

  /** The request carries a valid admin token: what it does is done by an administrator. */
  actingAdmin(): void {
    const scope = this.context.current();
    if (scope) scope.admin = true;
  }

  /** Writes one entry in `store` (the change's transaction, if any). */
  async record(store: Store, type: ActivityType, facts: ActivityFacts = {}): Promise<void> {
    const scope = this.context.current();
    const requestActor = scope?.admin ? null : (scope?.actorUserId ?? null);
    await store.appendActivity({
      at: this.clock.now(),
      type,
      actorUserId: facts.actorUserId !== undefined ? facts.actorUserId : (requestActor ?? (scope?.admin ? null : (facts.subjectUserId ?? null))),
      subjectUserId: facts.subjectUserId ?? null,
      customerId: facts.customerId ?? null,
      clientAddress: scope?.clientAddress ?? null,
      userAgent: scope?.userAgent ? scope.userAgent.slice(0, storedUserAgentLength) : null,
      detail: facts.detail ?? {},
    });
  }

  /** Writes one entry on its own (no change's transaction to join). */
  recordAlone(type: ActivityType, facts: ActivityFacts): Promise<void> {
    return this.record(this.store, type, facts);
  }

  /**
   * Writes an entry without the answer waiting for it: for a failed sign-in, whose answer must take as long for an
   * address with a login as for one without (an entry is written only for a login that exists).
   */
  recordLater(type: ActivityType, facts: ActivityFacts): void {
    const writing = this.record(this.store, type, facts)
      .catch((error: unknown) => console.error('[portico] writing the activity log failed:', error instanceof Error ? error.message : error))
      .finally(() => this.pending.delete(writing));
    this.pending.add(writing);
  }

  /** Resolves once every entry written later has been written (tests, shutting down). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** An event a webhook also tells: its data, without the subject's address, is the entry's detail. */
  async fromEvent(store: Store, type: ActivityType, data: Record<string, unknown>): Promise<void> {
    const { userId, email: _email, customerId, byUserId, ...detail } = data;
    await this.record(store, type, {
      subjectUserId: typeof userId === 'string' ? userId : null,
      customerId: typeof customerId === 'string' ? customerId : null,
      ...(typeof byUserId === 'string' ? { actorUserId: byUserId } : {}),
      detail,
    });
  }

  list(filter: ActivityFilter): Promise<ActivityRecord[]> {
    return this.store.listActivity(filter);
  }

  /**
   * One page of entries, newest first, with the id to page on from; browsers named in `locale`. With `namePeople` (an
   * account's log, read by its owners), each entry names whom it is about.
   */
  async page(
    filter: Omit<ActivityFilter, 'limit' | 'before'>,
    query: { before?: string | undefined; limit: number },
    locale: string,
    options: { namePeople?: boolean } = {},
  ): Promise<ActivityPage> {
    const rows = await this.store.listActivity({ ...filter, ...(query.before ? { before: Number(query.before) } : {}), limit: query.limit + 1 });
    const shown = rows.slice(0, query.limit);
    const names = options.namePeople ? await this.namesOf(shown) : new Map<string, string>();
    const entries = shown.map((row) => toActivityEntry(row, locale, row.subjectUserId ? (names.get(row.subjectUserId) ?? null) : null));
    return { entries, nextBefore: rows.length > query.limit ? (entries.at(-1)?.id ?? null) : null };
  }

  /** The name (else the e-mail address) of each person the rows are about. */
  private async namesOf(rows: ActivityRecord[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.flatMap((row) => (row.subjectUserId ? [row.subjectUserId] : [])))];
    const users = await Promise.all(ids.map((id) => this.store.findUserById(id)));
    return new Map(users.flatMap((user) => (user ? [[user.id, user.name ?? user.email] as const] : [])));
  }

  /**
   * Support's query (admin API, CLI): by person (id or e-mail), account and type. An address nobody has is an empty
   * page, as for anyone without entries.
   */
  async adminPage(query: z.output<typeof AdminActivityQuery>, locale: string): Promise<ActivityPage> {
    const filter: Omit<ActivityFilter, 'limit' | 'before'> = {};
    if (query.userId) filter.subjectUserId = query.userId;
    if (query.email) {
      const user = await this.store.findUserByEmail(normalizeEmail(query.email));
      if (!user) return { entries: [], nextBefore: null };
      filter.subjectUserId = user.id;
    }
    if (query.customerId) filter.customerId = query.customerId.replace(/\s/g, '').toUpperCase();
    if (query.type) filter.type = query.type;
    return this.page(filter, query, locale);
  }

  /** Removes entries past the retention; run with the other sweeps. */
  purge(): Promise<number> {
    return this.store.deleteActivityBefore(new Date(this.clock.now().getTime() - this.retentionDays * 86_400_000));
  }
}

/** An entry as the API shows it, its browser named in `locale`; `subjectName` only in an account's log. */
export function toActivityEntry(row: ActivityRecord, locale: string, subjectName: string | null = null): ActivityEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    type: row.type as ActivityType,
    actorUserId: row.actorUserId,
    subjectUserId: row.subjectUserId,
    subjectName,
    customerId: row.customerId,
    clientAddress: row.clientAddress,
    device: row.userAgent ? deviceLabel(row.userAgent, locale) : null,
    detail: row.detail,
  };
}
