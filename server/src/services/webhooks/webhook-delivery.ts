import type { WebhookDeliverySummary } from '@portico/contract';
import type { Clock } from '../../ports/clock.ts';
import type { ClaimedWebhookDelivery, Store, WebhookDeliveryListing } from '../../ports/store.ts';
import { DeliveryRounds } from '../messages/delivery-rounds.ts';
import type { WebhookEndpoint } from './webhook-events.ts';

/** Deliveries one round sends at most (claimed one at a time, so a claim never waits behind others' sending). */
const roundSize = 20;
/** How long an endpoint may take to answer before the try counts as failed. */
const timeoutMs = 10_000;
/**
 * How long a claim keeps other nodes off a delivery: if this node dies sending it, another sends it after this. Far
 * longer than a try can take (the timeout above), so a slow endpoint is not sent the same event by two nodes at once.
 */
const claimSeconds = 60;
/**
 * Waits after each failed try, in seconds: the Standard Webhooks (Svix) schedule. Tries come at once, then after 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: eight tries over about 27 hours; after the eighth fails, the delivery is
 * given up (its tries are kept, and `webhooks retry` starts it over).
 */
export const webhookRetrySchedule: readonly number[] = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
const maxAttempts = webhookRetrySchedule.length + 1;
/** A round starts this long after something was queued, apart from the request that queued it. */
const wakeDelayMs = 10;
/** Finished deliveries are kept this long, for `webhooks list` (given-up ones longer, to be retried). */
const keepDeliveredDays = 7;
const keepGivenUpDays = 30;

/** A delivery as the admin API and the CLI list it. */
export function toWebhookDeliverySummary(delivery: WebhookDeliveryListing): WebhookDeliverySummary {
  return {
    id: delivery.id,
    messageId: delivery.messageId,
    eventType: delivery.eventType,
    endpoint: delivery.endpoint,
    createdAt: delivery.createdAt.toISOString(),
    attempts: delivery.totalAttempts,
    outcome: delivery.outcome,
    nextAttemptAt: delivery.finishedAt === null ? delivery.nextAttemptAt.toISOString() : null,
    lastError: delivery.lastError,
  };
}

type WebhookSigner = { sign(msgId: string, timestamp: Date, payload: string): string };

/**
 * The signing library, loaded on first use: the browser mock runs the same app with no endpoints and so never loads
 * it.
 */
let standardWebhooks: Promise<{ Webhook: new (secret: string) => WebhookSigner }> | null = null;

/**
 * Sends the queued webhook deliveries (see WebhookEvents): claims one due delivery at a time, POSTs its body signed
 * per Standard Webhooks, records the try, and on failure waits longer each time (webhookRetrySchedule), whichever
 * node comes next. A claim lapses if its node dies, so every event reaches every endpoint at least once; duplicates
 * carry the same `webhook-id`. Redirects are not followed: an endpoint answers itself, or the try fails.
 */
export class WebhookDelivery {
  private readonly rounds = new DeliveryRounds({
    deliverNext: () => this.deliverNext(),
    roundSize,
    wakeDelayMs: () => wakeDelayMs,
    what: 'webhooks',
  });

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly endpoints: readonly WebhookEndpoint[],
  ) {}

  /** Something was queued: a round starts shortly. */
  wake(): void {
    this.rounds.wake();
  }

  /** Tries everything due now; resolves once nothing due is left (tests, the CLI, shutting down). */
  settled(): Promise<void> {
    return this.rounds.settled();
  }

  /** Resolves once the round running now has finished, without starting one (so what it claimed is settled). */
  idle(): Promise<void> {
    return this.rounds.idle();
  }

  /** Looks for due deliveries every `intervalMs` (retries, and deliveries a node that died had claimed). */
  start(intervalMs: number): void {
    this.rounds.start(intervalMs);
  }

  stop(): void {
    this.rounds.stop();
  }

  /** Recent deliveries, newest first (`webhooks list`). */
  list(filter: { gaveUpOnly: boolean; limit: number }): Promise<WebhookDeliveryListing[]> {
    return this.store.listWebhookDeliveries(filter);
  }

  /** Makes given-up deliveries due again, for a new round of tries (`webhooks retry`); returns how many. */
  async retry(target: { id: number } | 'all'): Promise<number> {
    const retried = await this.store.retryGivenUpWebhooks(target, this.clock.now());
    if (retried > 0) this.wake();
    return retried;
  }

  /** Forgets old finished deliveries; run now and then. */
  async sweep(): Promise<number> {
    const now = this.clock.now().getTime();
    const delivered = await this.store.deleteWebhooksFinishedBefore('delivered', new Date(now - keepDeliveredDays * 86_400_000));
    const givenUp = await this.store.deleteWebhooksFinishedBefore('gave_up', new Date(now - keepGivenUpDays * 86_400_000));
    return delivered + givenUp;
  }

  /** Claims one due delivery and tries it; false when none was due. */
  private async deliverNext(): Promise<boolean> {
    const now = this.clock.now();
    const delivery = await this.store.claimDueWebhook(now, new Date(now.getTime() + claimSeconds * 1000));
    if (!delivery) return false;
    await this.deliver(delivery);
    return true;
  }

  private async deliver(delivery: ClaimedWebhookDelivery): Promise<void> {
    const endpoint = this.endpoints.find((candidate) => candidate.url === delivery.endpoint);
    if (!endpoint) {
      // Taken out of PORTICO_WEBHOOKS since: there is no secret to sign with, and nobody to send to.
      await this.store.finishWebhook(delivery.id, delivery.claimedUntil, 'gave_up', this.clock.now(), 'the endpoint is no longer configured');
      return;
    }
    const sentAt = this.clock.now();
    const { Webhook } = await (standardWebhooks ??= import('standardwebhooks'));
    const headers = {
      'content-type': 'application/json',
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Webhook(endpoint.secret).sign(delivery.messageId, sentAt, delivery.body),
    };
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.endpoint, {
        method: 'POST',
        headers,
        body: delivery.body,
        // A redirect could lead the signed event anywhere; an endpoint must answer itself.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      // Nothing of the answer is kept but its status; reading no further frees the connection.
      await response.body?.cancel().catch(() => undefined);
      if (status < 200 || status > 299) error = `answered HTTP ${status}`;
    } catch (failure) {
      error = describeFailure(failure);
    }
    const durationMs = Math.round(performance.now() - started);
    await this.store.addWebhookAttempt({ deliveryId: delivery.id, attemptedAt: sentAt, status, error, durationMs });
    const now = this.clock.now();
    if (error === null) {
      await this.store.finishWebhook(delivery.id, delivery.claimedUntil, 'delivered', now, null);
    } else if (delivery.attempts >= maxAttempts) {
      console.error(
        `[portico] gave up a webhook (${delivery.eventType}, ${delivery.messageId}) to ${delivery.endpoint} after ${delivery.attempts} tries: ${error}`,
      );
      await this.store.finishWebhook(delivery.id, delivery.claimedUntil, 'gave_up', now, error);
    } else {
      const waitSeconds = webhookRetrySchedule[delivery.attempts - 1] ?? webhookRetrySchedule[webhookRetrySchedule.length - 1]!;
      await this.store.retryWebhook(delivery.id, delivery.claimedUntil, new Date(now.getTime() + waitSeconds * 1000), error);
    }
  }
}

/** Why a try got no answer, in a few words (a refused connection, a timeout), never more than the runtime says. */
function describeFailure(failure: unknown): string {
  if (failure instanceof Error && (failure.name === 'TimeoutError' || failure.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} s`;
  if (failure instanceof Error) {
    const cause = failure.cause;
    const code = cause instanceof Error ? ((cause as { code?: unknown }).code ?? cause.message) : undefined;
    const shown = typeof code === 'string' || typeof code === 'number' ? `: ${code}` : '';
    return `${failure.message}${shown}`.slice(0, 500);
  }
  return String(failure).slice(0, 500);
}
