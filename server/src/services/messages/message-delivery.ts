import { z } from 'zod';
import type { Clock } from '../../ports/clock.ts';
import type { Mailer } from '../../ports/mailer.ts';
import type { Random } from '../../ports/random.ts';
import type { SmsSender } from '../../ports/sms-sender.ts';
import type { ClaimedMessage, Store } from '../../ports/store.ts';
import type { SecretBox } from '../mfa/secret-box.ts';
import { DeliveryRounds } from './delivery-rounds.ts';
import { messagePayloadContext } from './outbox.ts';

/** What Outbox seals into a queued message's payload. */
const MailContent = z.object({ subject: z.string(), text: z.string(), html: z.string() });
const SmsContent = z.object({ text: z.string() });

/** Messages one round delivers at most (claimed one at a time, so a claim never waits behind others' sending). */
const roundSize = 20;
/**
 * How long a claim keeps other nodes off a message: if this node dies delivering it, another sends it after this. Far
 * longer than a send can take (the SMTP adapter gives up after 15 s per step), so a slow send is not sent twice.
 */
const claimSeconds = 120;
/** Tries before a message is given up: the waits between them grow from 30 s to 4 h (about 9 hours in all). */
const maxAttempts = 8;
/** A round starts this long after something was queued, plus a random part of as much again. */
const wakeDelayMs = 20;

/** How long to wait before try `attempts + 1`. */
function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 4 ** (attempts - 1), 4 * 3600);
}

/**
 * Delivers the outbox (see Outbox): claims due messages, renders them in their recipient's language and hands them to
 * the mail server or SMS gateway; a failed try waits longer each time and is retried by whichever node comes next. A
 * claim lapses if its node dies, so every message is delivered at least once. Rounds run when something was queued
 * (`wake`), now and then (`start`, for retries and other nodes' leftovers), and on demand (`settled`).
 */
export class MessageDelivery {
  private readonly rounds = new DeliveryRounds({
    deliverNext: () => this.deliverNext(),
    roundSize,
    // A random part of as much again, so the work of sending does not line up with the request that queued it.
    wakeDelayMs: () => {
      const [jitter = 0] = this.random.bytes(1);
      return wakeDelayMs + Math.round((jitter / 255) * wakeDelayMs);
    },
    what: 'queued messages',
  });

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly box: SecretBox,
    private readonly mailer: Mailer,
    private readonly sms: SmsSender,
  ) {}

  /**
   * Something was queued: a round starts shortly, a little apart from the request that queued it, so the work of
   * sending does not show in that request's answer or in the timing of the one after it.
   */
  wake(): void {
    this.rounds.wake();
  }

  /** Delivers everything due now; resolves once nothing due is left (tests, the dev outbox, shutting down). */
  settled(): Promise<void> {
    return this.rounds.settled();
  }

  /** Resolves once the round running now has finished, without starting one (so what it claimed is settled). */
  idle(): Promise<void> {
    return this.rounds.idle();
  }

  /** Looks for due messages every `intervalMs` (retries, and messages a node that died had claimed). */
  start(intervalMs: number): void {
    this.rounds.start(intervalMs);
  }

  stop(): void {
    this.rounds.stop();
  }

  /** Forgets finished messages older than a week; run now and then. */
  sweep(): Promise<number> {
    return this.store.deleteMessagesFinishedBefore(new Date(this.clock.now().getTime() - 7 * 86_400_000));
  }

  /** Claims one due message and delivers it; false when none was due. */
  private async deliverNext(): Promise<boolean> {
    const now = this.clock.now();
    const [message] = await this.store.claimDueMessages(now, new Date(now.getTime() + claimSeconds * 1000), 1);
    if (!message) return false;
    await this.deliver(message);
    return true;
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    try {
      // A decoy (Outbox.decoy): claimed and finished like the rest, never sent.
      if (message.payload === null) {
        await this.store.finishMessage(message.id, message.claimedUntil, 'suppressed', this.clock.now());
        return;
      }
      const content = JSON.parse(await this.box.open(message.payload, messagePayloadContext)) as unknown;
      if (message.channel === 'email') {
        const mail = MailContent.safeParse(content);
        if (!mail.success) throw new UndeliverableError('its content is not a mail');
        await this.mailer.send({ to: message.recipient, ...mail.data });
      } else {
        const text = SmsContent.safeParse(content);
        if (!text.success) throw new UndeliverableError('its content is not a text');
        await this.sms.send({ to: message.recipient, text: text.data.text });
      }
      await this.store.finishMessage(message.id, message.claimedUntil, 'delivered', this.clock.now());
    } catch (error) {
      await this.failed(message, error);
    }
  }

  private async failed(message: ClaimedMessage, error: unknown): Promise<void> {
    // Never the contents: only what went wrong.
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof UndeliverableError || message.attempts >= maxAttempts) {
      console.error(`[portico] gave up a ${message.channel === 'email' ? 'mail' : 'text'} (${message.template}) after ${message.attempts} tries: ${reason}`);
      await this.store.finishMessage(message.id, message.claimedUntil, 'gave_up', this.clock.now());
      return;
    }
    const next = new Date(this.clock.now().getTime() + retryDelaySeconds(message.attempts) * 1000);
    console.error(
      `[portico] a ${message.channel === 'email' ? 'mail' : 'text'} (${message.template}) could not be sent; trying again at ${next.toISOString()}: ${reason}`,
    );
    await this.store.retryMessage(message.id, message.claimedUntil, next, reason.slice(0, 500));
  }
}

class UndeliverableError extends Error {}
