import type { Mailer, OutgoingMail } from '../../ports/mailer.ts';
import type { MailKey, MailParams } from './mail-catalogue.ts';
import { renderMail } from './render-mail.ts';

export interface MailSettings {
  /** Named in every mail (PORTICO_PRODUCT_NAME). */
  productName: string;
  /**
   * The language of mails to people whose own is unknown (no user, or no `locale`): the policy's `defaultLocale`
   * (PORTICO_LOCALE). English when not given.
   */
  defaultLocale?: string;
}

/**
 * What flows call to mail someone: renders the mail in their language and hands it to the Mailer. Rejects (with
 * MailDeliveryError from the SMTP adapter) when the mail could not be handed over. Never logs contents: mails carry
 * codes and links.
 */
export class MailService {
  constructor(
    private readonly mailer: Mailer,
    private readonly settings: MailSettings,
  ) {}

  /** `locale` is the user's (UserRecord.locale); null or unknown falls back to the default language. */
  async send<K extends MailKey>(to: string, key: K, params: MailParams[K], locale?: string | null): Promise<void> {
    await this.mailer.send(this.render(to, key, params, locale));
  }

  /** The mail as it will be sent: in the recipient's language, naming this deployment's product. */
  render<K extends MailKey>(to: string, key: K, params: MailParams[K], locale?: string | null): OutgoingMail {
    const { subject, text, html } = renderMail(key, locale, params, this.settings.productName, this.settings.defaultLocale ?? 'en');
    return { to, subject, text, html };
  }
}
