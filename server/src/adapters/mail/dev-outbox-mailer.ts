import type { Clock } from '../../ports/clock.ts';
import type { Mailer } from '../../ports/mailer.ts';
import type { OutboxStore } from '../../ports/store.ts';

/**
 * The default mailer: nothing leaves the machine; every mail lands in the outbox table, readable at
 * GET /api/dev/outbox (development mode) and in the demo's Inbox. Being in the database rather than in memory, mail
 * "sent" by the CLI or by another node shows up there too.
 */
export function createDevOutboxMailer(outbox: OutboxStore, clock: Clock): Mailer {
  return {
    async send(mail) {
      await outbox.addToOutbox({
        channel: 'email',
        recipient: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        createdAt: clock.now(),
      });
    },
  };
}
