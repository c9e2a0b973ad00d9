/** What a durable queue's delivery supplies to the rounds that drive it. */
export interface DeliveryRoundOptions {
  /** Claims one due item and delivers it (or records why not); false when nothing was due. */
  deliverNext: () => Promise<boolean>;
  /** Items one round delivers at most (claimed one at a time, so a claim never waits behind others' sending). */
  roundSize: number;
  /** How long after `wake` a round starts, in ms: apart from the request that queued something. */
  wakeDelayMs: () => number;
  /** What is being delivered, for the log when a round fails. */
  what: string;
}

/**
 * The rounds that work off a durable queue (queued mail and texts, webhook deliveries): a round shortly after
 * something was queued (`wake`), one now and then (`start`, for retries and what a node that died had claimed), and
 * on demand (`settled`). One round at a time on this node, each after the one before, so a round that delivers
 * nothing means nothing was due once every earlier round had finished.
 */
export class DeliveryRounds {
  private round: Promise<void> | null = null;
  private pendingWake: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: DeliveryRoundOptions) {}

  /** Something was queued: a round starts shortly. */
  wake(): void {
    if (this.pendingWake) return;
    this.pendingWake = setTimeout(() => {
      this.pendingWake = null;
      void this.deliverDue();
    }, this.options.wakeDelayMs());
    // A process with nothing else to do need not wait for it: the poll, or the next start, delivers what is left.
    (this.pendingWake as { unref?: () => void }).unref?.();
  }

  /** Delivers everything due now; resolves once nothing due is left (tests, the CLI, the dev outbox, shutting down). */
  async settled(): Promise<void> {
    while ((await this.deliverDue()) > 0);
  }

  /** Resolves once the round running now (if any) and those queued behind it have finished; starts none. */
  async idle(): Promise<void> {
    while (this.round) await this.round;
  }

  /** Looks for due items every `intervalMs`. */
  start(intervalMs: number): void {
    this.stop();
    this.poll = setInterval(() => void this.deliverDue(), intervalMs);
    (this.poll as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.pendingWake) clearTimeout(this.pendingWake);
    this.poll = null;
    this.pendingWake = null;
  }

  /** Runs one round after the ones before it; returns how many items it claimed. */
  private async deliverDue(): Promise<number> {
    let claimed = 0;
    const round = (this.round ?? Promise.resolve())
      .then(async () => {
        while (claimed < this.options.roundSize && (await this.options.deliverNext())) claimed++;
      })
      .catch((error: unknown) => {
        console.error(`[portico] delivering ${this.options.what} failed:`, error instanceof Error ? error.message : error);
      });
    // Set before any await, so the next caller queues behind this round.
    this.round = round;
    await round;
    if (this.round === round) this.round = null;
    return claimed;
  }
}
