/** One e-mail, already rendered: a plain-text part for every client, and an HTML part for those that show it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends mail. `send` resolves once the mail is handed over (to the SMTP server, or stored in the dev outbox) and
 * rejects when it could not be, so a flow can answer with an error instead of silently losing the mail.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** `send` could not hand the mail over. The cause says why (refused connection, rejected login, rejected recipient). */
export class MailDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}
