import type { Policy } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { AttemptStore } from '../ports/store.ts';

export type LimitCheck =
  | { limited: false; /** Keys with failures in the window, so callers clear only what exists. */ keysWithFailures: Set<string> }
  | { limited: true; retryAfterSeconds: number };

/**
 * Sliding-window limit on failed attempts: at most `maxFailures` per key within `windowSeconds`. Counting lives in
 * the store, so the limit holds across every Portico node sharing one database.
 */
export class FailureLimiter {
  constructor(
    private readonly store: AttemptStore,
    private readonly clock: Clock,
    private readonly limits: Policy['signInLimits'],
  ) {}

  /** Limited if any of `keys` is; the retry time is that of the key that frees up last. */
  async check(keys: string[]): Promise<LimitCheck> {
    const now = this.clock.now();
    const windowMs = this.limits.windowSeconds * 1000;
    const since = new Date(now.getTime() - windowMs);
    const failures = await this.store.failuresSince(keys, since);
    let retryAfterMs = 0;
    for (const { count, oldest } of failures.values()) {
      if (count >= this.limits.maxFailures) {
        retryAfterMs = Math.max(retryAfterMs, oldest.getTime() + windowMs - now.getTime());
      }
    }
    return retryAfterMs > 0
      ? { limited: true, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
      : { limited: false, keysWithFailures: new Set(failures.keys()) };
  }

  async recordFailure(keys: string[]): Promise<void> {
    const now = this.clock.now();
    await Promise.all(keys.map((key) => this.store.recordFailure(key, now)));
  }

  clear(key: string): Promise<void> {
    return this.store.clearFailures(key);
  }

  /** Drops failures older than the window; run now and then. */
  sweep(): Promise<number> {
    return this.store.deleteFailuresBefore(new Date(this.clock.now().getTime() - this.limits.windowSeconds * 1000));
  }
}
