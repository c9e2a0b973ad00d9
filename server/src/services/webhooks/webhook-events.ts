import { type UserCreatedVia, WebhookEvent, type WebhookEventData, type WebhookEventType } from '@portico/contract';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { Store, UserRecord } from '../../ports/store.ts';
import { generatePublicId } from '../tokens.ts';
import type { ActivityLog } from '../activity-log.ts';

/** A host back end that hears of changes (PORTICO_WEBHOOKS): where to POST, and the secret to sign with. */
export interface WebhookEndpoint {
  url: string;
  /** Standard Webhooks form, `whsec_<base64>`. */
  secret: string;
}

/**
 * Writes webhook events, one delivery per configured endpoint, into the transaction of the change they report
 * (`emit` with that transaction's store): a host hears of every change that committed, after a crash too, and of
 * none that rolled back. WebhookDelivery sends them. With no endpoint configured nothing is written at all.
 */
export class WebhookEvents {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly endpoints: readonly WebhookEndpoint[],
    /** Called after a commit that may have queued something: delivery starts at once rather than at its next poll. */
    private readonly queued: () => void,
    /** Every event is also an entry of the activity log, with or without endpoints. */
    private readonly activity: ActivityLog | null = null,
  ) {}

  /** Whether any endpoint is configured (events are written at all). */
  get enabled(): boolean {
    return this.endpoints.length > 0;
  }

  /**
   * Runs `work` in one transaction (its events commit with its changes), then starts delivery. Without endpoints
   * there is nothing to commit with, so `work` runs as it would have without webhooks: no transaction is added to
   * paths such as signing in, whose speed matters.
   */
  async commit<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (!this.enabled) return work(this.store);
    const result = await this.store.transaction(work);
    this.queued();
    return result;
  }

  /**
   * Queues one event in `store` (the transaction of the change). The data is parsed with the contract's schema, which
   * drops any field it does not name: nothing but what the contract documents ever leaves.
   */
  async emit<T extends WebhookEventType>(store: Store, type: T, data: WebhookEventData<T>): Promise<void> {
    await this.activity?.fromEvent(store, type, data);
    if (!this.enabled) return;
    const now = this.clock.now();
    const event = WebhookEvent.parse({ type, timestamp: now.toISOString(), data });
    // The exact bytes every attempt sends, and the id every attempt carries (`webhook-id`), so receivers can drop
    // a duplicate.
    const body = JSON.stringify(event);
    const messageId = `msg_${generatePublicId(this.random)}`;
    await store.enqueueWebhooks(this.endpoints.map((endpoint) => ({ messageId, endpoint: endpoint.url, eventType: type, body, createdAt: now })));
  }

  /** A new user: `user.created`, and `user.email_verified` when creating them proved the address (a mailed code or link). */
  async userCreated(store: Store, user: UserRecord, via: UserCreatedVia): Promise<void> {
    const emailVerified = user.emailVerifiedAt !== null;
    await this.emit(store, 'user.created', { userId: user.id, email: user.email, name: user.name, emailVerified, via });
    if (emailVerified) await this.emit(store, 'user.email_verified', { userId: user.id, email: user.email });
  }

  /** A user's name or language changed: `user.updated`, with the user as they are now. */
  async userUpdated(store: Store, user: UserRecord, changed: WebhookEventData<'user.updated'>['changed']): Promise<void> {
    await this.emit(store, 'user.updated', { userId: user.id, email: user.email, name: user.name, locale: user.locale, changed });
  }
}
