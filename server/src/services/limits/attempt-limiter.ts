import type { Clock } from '../../ports/clock.ts';
import type { RateLimitStore, WindowCount } from '../../ports/store.ts';

/** At most `max` events of `key` within the last `windowSeconds`. One key may have several budgets (a short and a long window). */
export interface Budget {
  /** `<scope>:<subject>`, e.g. `fail-account:ada@example.com`; the scope names the kind of budget (see budgets.ts). */
  key: string;
  max: number;
  windowSeconds: number;
}

/** Refused: one of the budgets is spent. `budget` is the one that frees up last. */
export interface Refusal {
  limited: true;
  retryAfterSeconds: number;
  budget: Budget | null;
}

/** Taken: one event is recorded under every budget's key. */
export interface Granted {
  limited: false;
  reservation: Reservation;
}

/** An attempt recorded against its budgets before the work they guard was done. */
export class Reservation {
  constructor(
    private readonly store: RateLimitStore,
    private readonly ids: readonly number[],
    private readonly earlier: ReadonlySet<string>,
  ) {}

  /** The attempt did not count after all (a right password is no failed sign-in): its events go. */
  async release(): Promise<void> {
    await this.store.deleteEvents(this.ids);
  }

  /** Whether `key` held events before this attempt (so clearing it afterwards has something to clear). */
  hadEarlier(key: string): boolean {
    return this.earlier.has(key);
  }
}

/**
 * Budgets of attempts, taken before the work they guard: a password is checked, a code compared or a mail sent only
 * after one event has been recorded under each budget, and only while every budget has room. The store counts and
 * records under a lock per key (RateLimitStore.reserveEvents), so however many requests arrive at once, and at however
 * many nodes, exactly as many get through as a budget allows; refused ones record nothing.
 */
export class AttemptLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes one attempt from every budget, or none. `recordOnly` keys get an event without being checked (a resend
   * cooldown that starts with every send but only binds while a code is live).
   */
  async reserve(budgets: readonly Budget[], recordOnly: readonly string[] = []): Promise<Granted | Refusal> {
    const now = this.clock.now();
    const keys = [...new Set([...budgets.map((budget) => budget.key), ...recordOnly])];
    const windows = budgets.map((budget) => ({
      key: budget.key,
      since: new Date(now.getTime() - budget.windowSeconds * 1000),
      max: budget.max,
    }));
    const { granted, ids, counts } = await this.store.reserveEvents(keys, now, windows);
    if (granted) {
      const earlier = new Set(budgets.filter((_, i) => (counts[i]?.count ?? 0) > 0).map((budget) => budget.key));
      return { limited: false, reservation: new Reservation(this.store, ids, earlier) };
    }
    return this.refusal(budgets, counts, now);
  }

  /** Forgets every event of `key` (a completed sign-in forgives its account's failures). */
  clear(key: string): Promise<void> {
    return this.store.clearEvents(key);
  }

  /** Forgets the events of every key starting with `prefix`. */
  clearAllStartingWith(prefix: string): Promise<void> {
    return this.store.clearEventsStartingWith(prefix);
  }

  /** Drops events older than their scope keeps them (`retention`: seconds per scope); run now and then. */
  async sweep(retention: ReadonlyMap<string, number>): Promise<number> {
    const now = this.clock.now().getTime();
    let deleted = 0;
    for (const [scope, seconds] of retention) deleted += await this.store.deleteEventsBefore(scope, new Date(now - seconds * 1000));
    return deleted;
  }

  /** The spent budget that frees up last: the wait to tell, and the budget to name. */
  private refusal(budgets: readonly Budget[], counts: readonly WindowCount[], now: Date): Refusal {
    let refusal: Refusal = { limited: true, retryAfterSeconds: 1, budget: null };
    for (const [i, budget] of budgets.entries()) {
      const { count, fullUntilLeft } = counts[i] ?? { count: 0, fullUntilLeft: null };
      if (count < budget.max) continue;
      // Room again once enough events have left the window for one more to fit.
      const freeAt = (fullUntilLeft?.getTime() ?? now.getTime()) + budget.windowSeconds * 1000;
      const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
      if (refusal.budget === null || retryAfterSeconds > refusal.retryAfterSeconds) refusal = { limited: true, retryAfterSeconds, budget };
    }
    return refusal;
  }
}
