import type { Clock } from '../../ports/clock.ts';
import type { RateLimitStore } from '../../ports/store.ts';

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
  budget: Budget;
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
 * after one event has been recorded under each budget and the budgets still hold. The store records before it
 * counts (RateLimitStore.reserveEvents), so however many requests arrive at once, and at however many nodes, no
 * more are let through than a budget allows. A refused attempt's events are taken back, so refusals spend nothing.
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
      // One over the limit is all a check needs to see.
      cap: budget.max + 1,
    }));
    const { ids, counts } = await this.store.reserveEvents(keys, now, windows);
    let refusal: Refusal | null = null;
    const earlier = new Set<string>();
    for (const [i, budget] of budgets.entries()) {
      const { count, oldest } = counts[i] ?? { count: 0, oldest: null };
      if (count > 1) earlier.add(budget.key);
      if (count <= budget.max) continue;
      // Free again once the oldest event in the window has left it.
      const freeAt = (oldest?.getTime() ?? now.getTime()) + budget.windowSeconds * 1000;
      const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
      if (!refusal || retryAfterSeconds > refusal.retryAfterSeconds) refusal = { limited: true, retryAfterSeconds, budget };
    }
    if (refusal) {
      await this.store.deleteEvents(ids);
      return refusal;
    }
    return { limited: false, reservation: new Reservation(this.store, ids, earlier) };
  }

  /** Forgets every event of `key` (a completed sign-in forgives its account's failures). */
  clear(key: string): Promise<void> {
    return this.store.clearEvents(key);
  }

  /** Drops events older than their scope keeps them (`retention`: seconds per scope); run now and then. */
  async sweep(retention: ReadonlyMap<string, number>): Promise<number> {
    const now = this.clock.now().getTime();
    let deleted = 0;
    for (const [scope, seconds] of retention) deleted += await this.store.deleteEventsBefore(scope, new Date(now - seconds * 1000));
    return deleted;
  }
}
