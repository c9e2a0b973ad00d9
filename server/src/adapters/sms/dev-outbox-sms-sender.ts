import type { Clock } from '../../ports/clock.ts';
import type { SmsSender } from '../../ports/sms-sender.ts';
import type { OutboxStore } from '../../ports/store.ts';

/** The default SMS sender: nothing leaves the machine; texts land in the same outbox as mail (the demo's Inbox). */
export function createDevOutboxSmsSender(outbox: OutboxStore, clock: Clock): SmsSender {
  return {
    async send(sms) {
      await outbox.addToOutbox({ channel: 'sms', recipient: sms.to, subject: null, text: sms.text, html: null, createdAt: clock.now() });
    },
  };
}
