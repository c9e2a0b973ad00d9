import type { Clock } from '../../ports/clock.ts';
import type { MessageChannel, Store } from '../../ports/store.ts';
import type { MailKey, MailParams } from '../mail/mail-catalogue.ts';
import type { SecretBox } from '../mfa/secret-box.ts';
import type { SmsKey, SmsParams } from '../sms/sms-catalogue.ts';

/** What a queued message's payload is sealed for (SecretBox's associated data). */
export const messagePayloadContext = 'outbox-message';

/**
 * Every mail and text goes out through here: written into the outbox in the same transaction as the change it
 * reports (`commit`), and delivered from there by MessageDelivery, at least once, also after a crash. A flow never
 * waits for a mail server, and a mail is never lost between "we have sent you a code" and the code's delivery.
 */
export class Outbox {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    /** Called after a commit that may have queued something: delivery starts at once rather than at its next round. */
    private readonly queued: () => void,
  ) {}

  /** Runs `work` in one transaction (its messages commit with its changes), then starts delivery. */
  async commit<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const result = await this.store.transaction(work);
    this.queued();
    return result;
  }

  /** Queues a mail in `store`, the transaction of the change it tells of. */
  mail<K extends MailKey>(store: Store, to: string, key: K, params: MailParams[K], locale?: string | null): Promise<void> {
    return this.enqueue(store, 'email', to, key, params, locale ?? null);
  }

  /** Queues a text message in `store`. */
  text<K extends SmsKey>(store: Store, to: string, key: K, params: SmsParams[K], locale?: string | null): Promise<void> {
    return this.enqueue(store, 'sms', to, key, params, locale ?? null);
  }

  /**
   * Queues what `mail` queues for a message that must not go out (a reset for an address without an account), without
   * content: delivery claims and finishes it like any other, only never hands it to the mail server. A request for an
   * unknown address so does the same work, then and later, as one for a known address: neither the answer nor its
   * timing, nor the work that follows it, tells them apart.
   */
  async decoy(store: Store, channel: MessageChannel, to: string, template: MailKey | SmsKey): Promise<void> {
    await store.enqueueMessage({ channel, recipient: to, template, payload: null, locale: null, createdAt: this.clock.now() });
  }

  private async enqueue(store: Store, channel: MessageChannel, to: string, template: string, params: object, locale: string | null): Promise<void> {
    // The parameters can hold a live code or link: sealed at rest where a key is configured, erased once sent.
    const payload = await this.box.seal(JSON.stringify(params), messagePayloadContext);
    await store.enqueueMessage({ channel, recipient: to, template, payload, locale, createdAt: this.clock.now() });
  }
}
