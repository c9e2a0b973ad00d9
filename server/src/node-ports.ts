import { createArgon2PasswordHasher } from './adapters/argon2-password-hasher.ts';
import { createDevOutboxMailer } from './adapters/mail/dev-outbox-mailer.ts';
import { zxcvbnCommonPasswords } from './adapters/zxcvbn-common-passwords.ts';
import { createSmtpMailer, describeSmtpUrl } from './adapters/mail/smtp-mailer.ts';
import { createDevOutboxSmsSender } from './adapters/sms/dev-outbox-sms-sender.ts';
import { createTwilioSmsSender, describeSmsUrl } from './adapters/sms/twilio-sms-sender.ts';
import { systemClock } from './adapters/system-clock.ts';
import { webCryptoRandom } from './adapters/web-crypto-random.ts';
import type { Config } from './config.ts';
import type { Clock } from './ports/clock.ts';
import type { Mailer, Ports, SmsSender } from './ports/index.ts';
import type { Store } from './ports/store.ts';

export type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom'>;
export type SmsConfig = Pick<Config, 'smsUrl' | 'smsFrom'>;

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

/** Twilio's API when SMS_URL is set, else the dev outbox in the store. */
export function nodeSmsSender(sms: SmsConfig, store: Store, clock: Clock): SmsSender {
  return sms.smsUrl && sms.smsFrom ? createTwilioSmsSender({ url: sms.smsUrl, from: sms.smsFrom }) : createDevOutboxSmsSender(store, clock);
}

/** Which SMS sender `nodeSmsSender` picks, for the start banner (without the credentials). */
export function describeSmsSender(sms: SmsConfig): string {
  return sms.smsUrl ? `Twilio API at ${describeSmsUrl(sms.smsUrl)}, from ${sms.smsFrom}` : 'dev outbox (stored in the database, not delivered)';
}

/** The production ports under Node around a given store, with the mailer and SMS sender the configuration picks. */
export function nodePorts(store: Store, config: MailConfig & SmsConfig): Ports {
  return {
    store,
    passwordHasher: createArgon2PasswordHasher(),
    clock: systemClock,
    random: webCryptoRandom,
    mailer: nodeMailer(config, store, systemClock),
    sms: nodeSmsSender(config, store, systemClock),
    commonPasswords: zxcvbnCommonPasswords,
  };
}
