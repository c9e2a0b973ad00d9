import type { Policy } from '@portico/contract';
import type { Clock } from '../../ports/clock.ts';
import type { OutboxStore } from '../../ports/store.ts';

/**
 * How long the development outbox keeps what the dev mailer and SMS sender put in it. Those messages hold live codes
 * and links in plain text, so they are kept no longer than the longest-lived of them can be used (an invitation, a
 * week by default), and not at all where nothing reads them: without the dev outbox route (production), the next
 * sweep removes whatever an earlier development run on the same database left.
 */
export class DevOutboxRetention {
  private readonly keepMs: number;

  constructor(
    private readonly store: OutboxStore,
    private readonly clock: Clock,
    verification: Policy['verification'],
    /** Whether the dev outbox is read (development): if not, nothing is kept. */
    read: boolean,
  ) {
    this.keepMs = read ? Math.max(verification.codeTtlSeconds, verification.linkTtlSeconds, verification.invitationTtlSeconds) * 1000 : 0;
  }

  /** Removes the messages kept long enough; how many. */
  sweep(): Promise<number> {
    return this.store.deleteOutboxBefore(new Date(this.clock.now().getTime() - this.keepMs));
  }
}
