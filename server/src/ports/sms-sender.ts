/** One text message: `to` in E.164 (`+46701234567`), `text` plain and short (one SMS segment where possible). */
export interface OutgoingSms {
  to: string;
  text: string;
}

/**
 * Sends SMS. `send` resolves once the gateway accepted the message (or the dev outbox stored it) and rejects with
 * SmsDeliveryError when it did not, so a flow can answer with an error instead of silently losing the code.
 */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<void>;
}

export class SmsDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SmsDeliveryError';
  }
}
