import { createTransport } from 'nodemailer';
import { MailDeliveryError, type Mailer } from '../../ports/mailer.ts';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start); see nodemailer. */
  url: string;
  /** Sender, e.g. `Portico <no-reply@example.com>`. */
  from: string;
  /**
   * Milliseconds to wait for a connection, for the greeting and for each reply. Nodemailer's defaults (up to ten
   * minutes) would hold a sign-up request open far longer than anyone waits for it.
   */
  timeoutMs?: number;
}

export interface SmtpMailer extends Mailer {
  close(): void;
}

/** Delivers through an SMTP server (SMTP_URL). One connection per mail: auth mail is rare, and nothing idles open. */
export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Nodemailer would log message contents (codes, links) if a logger were set; keep it silent.
    logger: false,
    debug: false,
  });
  return {
    async send(mail) {
      let rejected: unknown[];
      try {
        const info = await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        rejected = info.rejected;
      } catch (error) {
        throw new MailDeliveryError(`The SMTP server at ${describeSmtpUrl(options.url)} did not take the mail`, { cause: error });
      }
      if (rejected.length > 0) throw new MailDeliveryError(`The SMTP server at ${describeSmtpUrl(options.url)} refused the recipient`);
    },
    close() {
      transport.close();
    },
  };
}

/** The SMTP URL without credentials, for banners and error messages. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(invalid SMTP_URL)';
  }
}
