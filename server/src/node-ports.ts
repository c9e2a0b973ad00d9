import { createArgon2PasswordHasher } from './adapters/argon2-password-hasher.ts';
import { createDevOutboxMailer } from './adapters/mail/dev-outbox-mailer.ts';
import { zxcvbnCommonPasswords } from './adapters/zxcvbn-common-passwords.ts';
import { createSmtpMailer, describeSmtpUrl } from './adapters/mail/smtp-mailer.ts';
import { systemClock } from './adapters/system-clock.ts';
import { webCryptoRandom } from './adapters/web-crypto-random.ts';
import type { Config } from './config.ts';
import type { Clock } from './ports/clock.ts';
import type { Mailer, Ports } from './ports/index.ts';
import type { Store } from './ports/store.ts';

export type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom'>;

/** The SMTP mailer when SMTP_URL is set, else the dev outbox in the store. */
export function nodeMailer(mail: MailConfig, store: Store, clock: Clock): Mailer {
  return mail.smtpUrl ? createSmtpMailer({ url: mail.smtpUrl, from: mail.mailFrom }) : createDevOutboxMailer(store, clock);
}

/** Which mailer `nodeMailer` picks, for the start banner (without the SMTP credentials). */
export function describeMailer(mail: MailConfig): string {
  return mail.smtpUrl
    ? `SMTP via ${describeSmtpUrl(mail.smtpUrl)}, from ${mail.mailFrom}`
    : 'dev outbox (stored in the database, not delivered)';
}

/** The production ports under Node around a given store, with the mailer the configuration picks. */
export function nodePorts(store: Store, mail: MailConfig): Ports {
  return {
    store,
    passwordHasher: createArgon2PasswordHasher(),
    clock: systemClock,
    random: webCryptoRandom,
    mailer: nodeMailer(mail, store, systemClock),
    commonPasswords: zxcvbnCommonPasswords,
  };
}
