import { readFileSync } from 'node:fs';
import { createArgon2PasswordHasher } from './adapters/argon2-password-hasher.ts';
import { createAsyncLocalRequestContext } from './adapters/async-local-request-context.ts';
import { BankIdCertificateError, createBankIdRpClient } from './adapters/bankid/rp-client.ts';
import { createDevOutboxMailer } from './adapters/mail/dev-outbox-mailer.ts';
import { zxcvbnCommonPasswords } from './adapters/zxcvbn-common-passwords.ts';
import { createSmtpMailer, describeSmtpUrl } from './adapters/mail/smtp-mailer.ts';
import { createDevOutboxSmsSender } from './adapters/sms/dev-outbox-sms-sender.ts';
import { createTwilioSmsSender, describeSmsUrl } from './adapters/sms/twilio-sms-sender.ts';
import { systemClock } from './adapters/system-clock.ts';
import { webCryptoRandom } from './adapters/web-crypto-random.ts';
import { type BankIdConfig, type Config, ConfigError } from './config.ts';
import type { BankIdRelyingParty } from './ports/bankid.ts';
import type { Clock } from './ports/clock.ts';
import { type Mailer, type Ports, SmsDeliveryError, type SmsSender } from './ports/index.ts';
import type { Store } from './ports/store.ts';

export type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom'>;
export type SmsConfig = Pick<Config, 'smsUrl' | 'smsFrom'> & Partial<Pick<Config, 'mode'>>;

/** The SMTP mailer when SMTP_URL is set, else the dev outbox in the store. */
export function nodeMailer(mail: MailConfig, store: Store, clock: Clock): Mailer {
  return mail.smtpUrl ? createSmtpMailer({ url: mail.smtpUrl, from: mail.mailFrom }) : createDevOutboxMailer(store, clock);
}

/** Which mailer `nodeMailer` picks, for the start banner (without the SMTP credentials). */
export function describeMailer(mail: MailConfig): string {
  return mail.smtpUrl ? `SMTP via ${describeSmtpUrl(mail.smtpUrl)}, from ${mail.mailFrom}` : 'dev outbox (stored in the database, not delivered)';
}

/**
 * Twilio's API when SMS_URL is set; else, in development, the dev outbox in the store. Production never keeps a live
 * code in the database: without SMS_URL (only allowed where no second factor is texted) a text, such as a recovery
 * phone's code, is refused, and the queued one given up.
 */
export function nodeSmsSender(sms: SmsConfig, store: Store, clock: Clock): SmsSender {
  if (sms.smsUrl && sms.smsFrom) return createTwilioSmsSender({ url: sms.smsUrl, from: sms.smsFrom });
  if (sms.mode === 'production') {
    return {
      send: () => Promise.reject(new SmsDeliveryError('no SMS gateway is configured (SMS_URL): texts cannot be sent')),
    };
  }
  return createDevOutboxSmsSender(store, clock);
}

/** Which SMS sender `nodeSmsSender` picks, for the start banner (without the credentials). */
export function describeSmsSender(sms: SmsConfig): string {
  if (sms.smsUrl) return `Twilio API at ${describeSmsUrl(sms.smsUrl)}, from ${sms.smsFrom}`;
  return sms.mode === 'production'
    ? 'none (SMS_URL is not set: texts, such as recovery-phone codes, cannot be sent)'
    : 'dev outbox (stored in the database, not delivered)';
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
    requestContext: createAsyncLocalRequestContext(),
  };
}

/** Where the local BankID test server is mounted on this server in development. */
export const localBankIdPath = '/bankid-test';

/**
 * The BankID RP client for BANKID_URL with the relying party's certificate, or, without BANKID_URL (development), for
 * the local BankID test server at `localBaseUrl()` (known once the server listens). Unreadable files or a wrong
 * passphrase are a ConfigError.
 */
export function nodeBankId(bankid: BankIdConfig, localBaseUrl: () => string): BankIdRelyingParty {
  if (bankid.url === null) return createBankIdRpClient({ baseUrl: localBaseUrl, allowPlainHttp: true });
  const read = (variable: string, path: string | undefined) => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  };
  try {
    return createBankIdRpClient({
      baseUrl: bankid.url,
      pfx: read('BANKID_PFX', bankid.pfxPath),
      passphrase: bankid.passphrase,
      ca: read('BANKID_CA', bankid.caPath),
    });
  } catch (error) {
    if (error instanceof BankIdCertificateError) throw new ConfigError(`BANKID_PFX / BANKID_PASSPHRASE / BANKID_CA: ${error.message}`);
    throw error;
  }
}

/** Which BankID `nodeBankId` talks to, for the start banner (without the passphrase). */
export function describeBankId(bankid: BankIdConfig, serverUrl: string): string {
  if (bankid.url === null) return `local test server (test phone: ${serverUrl}${localBankIdPath}/test-phone/orders)`;
  return bankid.pfxPath ? `${bankid.url} (certificate ${bankid.pfxPath})` : bankid.url;
}
