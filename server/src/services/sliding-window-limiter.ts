import type { Clock } from '../ports/clock.ts';
import type { RateLimitStore } from '../ports/store.ts';

export type LimitCheck =
  | { limited: false; /** Keys with events in the window, so callers clear only what exists. */ keysWithEvents: Set<string> }
  | { limited: true; retryAfterSeconds: number };

export interface WindowLimits {
  /** Events allowed per key within the window. */
  max: number;
  windowSeconds: number;
}

/**
 * Sliding-window limit: at most `max` events per key within `windowSeconds` (failed sign-ins per account and per
 * IP, codes sent per address, …). Counting lives in the store, so a limit holds across every Portico node sharing
 * one database. Each limiter has a scope that prefixes its keys, so limiters with different windows share the log
 * without sweeping each other's events.
 */
export class SlidingWindowLimiter {
  constructor(
    private readonly scope: string,
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    private readonly limits: WindowLimits,
  ) {}

  /** Limited if any of `keys` is; the retry time is that of the key that frees up last. */
  async check(keys: readonly string[]): Promise<LimitCheck> {
    const now = this.clock.now();
    const windowMs = this.limits.windowSeconds * 1000;
    const events = await this.store.countEventsSince(this.scoped(keys), new Date(now.getTime() - windowMs));
    let retryAfterMs = 0;
    for (const { count, oldest } of events.values()) {
      if (count >= this.limits.max) retryAfterMs = Math.max(retryAfterMs, oldest.getTime() + windowMs - now.getTime());
    }
    if (retryAfterMs > 0) return { limited: true, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
    const prefix = `${this.scope}:`;
    return { limited: false, keysWithEvents: new Set([...events.keys()].map((key) => key.slice(prefix.length))) };
  }

  async record(keys: readonly string[]): Promise<void> {
    const now = this.clock.now();
    await Promise.all(this.scoped(keys).map((key) => this.store.recordEvent(key, now)));
  }

  clear(key: string): Promise<void> {
    return this.store.clearEvents(`${this.scope}:${key}`);
  }

  /** Drops this limiter's events older than its window; run now and then. */
  sweep(): Promise<number> {
    return this.store.deleteEventsBefore(this.scope, new Date(this.clock.now().getTime() - this.limits.windowSeconds * 1000));
  }

  private scoped(keys: readonly string[]): string[] {
    return keys.map((key) => `${this.scope}:${key}`);
  }
}
