import type { MailKey, MailParams } from './mail-catalogue.ts';
import type { MailService } from './mail-service.ts';

/**
 * Sends mail without making the request wait. Flows that must answer alike for known and unknown addresses use it,
 * so that a mail going out (or an SMTP server being slow) does not show in the response time. Failures are logged.
 */
export class BackgroundMail {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly mail: MailService) {}

  /** Runs `task` (typically: look something up, mint a secret, send) after the response. */
  run(task: () => Promise<void>): void {
    const running = task()
      .catch((error: unknown) =>
        console.error('[portico] a mail could not be sent:', error instanceof Error ? error.message : error),
      )
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  send<K extends MailKey>(to: string, key: K, params: MailParams[K], locale?: string | null): void {
    this.run(() => this.mail.send(to, key, params, locale));
  }

  /** Resolves when every mail started so far has been handed over or has failed (tests, graceful shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}
