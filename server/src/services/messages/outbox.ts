import type { Clock } from '../../ports/clock.ts';
import type { MessageChannel, Store } from '../../ports/store.ts';
import type { MailKey, MailParams } from '../mail/mail-catalogue.ts';
import type { MailService } from '../mail/mail-service.ts';
import type { SecretBox } from '../mfa/secret-box.ts';
import type { SmsKey, SmsParams } from '../sms/sms-catalogue.ts';
import type { SmsService } from '../sms/sms-service.ts';

/** What a queued message's payload is sealed for (SecretBox's associated data). */
export const messagePayloadContext = 'outbox-message';

/**
 * Every mail and text goes out through here: rendered, and written into the outbox in the same transaction as the
 * change it reports (`commit`), then delivered from there by MessageDelivery, at least once, also after a crash. A
 * flow never waits for a mail server, and a mail is never lost between "we have sent you a code" and its delivery.
 * What is queued is what is sent: rendered now, in the recipient's language, so any node delivers the same mail.
 */
export class Outbox {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly mails: MailService,
    private readonly texts: SmsService,
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
  async mail<K extends MailKey>(store: Store, to: string, key: K, params: MailParams[K], locale?: string | null): Promise<void> {
    const { subject, text, html } = this.mails.render(to, key, params, locale);
    await this.enqueue(store, 'email', to, key, { subject, text, html });
  }

  /** Queues a text message in `store`. */
  async text<K extends SmsKey>(store: Store, to: string, key: K, params: SmsParams[K], locale?: string | null): Promise<void> {
    const { text } = this.texts.render(to, key, params, locale);
    await this.enqueue(store, 'sms', to, key, { text });
  }

  /**
   * Queues what `mail` queues for a message that must not go out (a reset for an address without an account), without
   * content: delivery claims and finishes it like any other, only never hands it to the mail server. A request for an
   * unknown address so does the same work, then and later, as one for a known address: neither the answer nor its
   * timing, nor the work that follows it, tells them apart.
   */
  async decoy(store: Store, channel: MessageChannel, to: string, template: MailKey | SmsKey): Promise<void> {
    // Sealed and thrown away, as a real message's content is sealed and kept.
    await this.box.seal(JSON.stringify({ subject: template, text: to, html: to }), messagePayloadContext);
    await store.enqueueMessage({ channel, recipient: to, template, payload: null, createdAt: this.clock.now() });
  }

  private async enqueue(store: Store, channel: MessageChannel, to: string, template: string, content: QueuedContent): Promise<void> {
    // The content can hold a live code or link: sealed at rest where a key is configured, erased once sent.
    const payload = await this.box.seal(JSON.stringify(content), messagePayloadContext);
    await store.enqueueMessage({ channel, recipient: to, template, payload, createdAt: this.clock.now() });
  }
}

/** A queued message's content: a rendered mail, or a text. */
export type QueuedContent = { subject: string; text: string; html: string } | { text: string };
