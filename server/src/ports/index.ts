import type { RequestContext } from './request-context.ts';
import type { BankIdRelyingParty } from './bankid.ts';
import type { Clock } from './clock.ts';
import type { CommonPasswords } from './common-passwords.ts';
import type { Mailer } from './mailer.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { Random } from './random.ts';
import type { SmsSender } from './sms-sender.ts';
import type { Store } from './store.ts';

export * from './bankid.ts';
export type { Clock } from './clock.ts';
export type { CommonPasswords } from './common-passwords.ts';
export { type Mailer, MailDeliveryError, type OutgoingMail } from './mailer.ts';
export type { PasswordHasher } from './password-hasher.ts';
export type { Random } from './random.ts';
export { type OutgoingSms, SmsDeliveryError, type SmsSender } from './sms-sender.ts';
export * from './store.ts';
export { noRequestContext, type RequestContext, type RequestScope } from './request-context.ts';
export { secretKeyBytes } from './secret-key.ts';

/** Everything `createApp` needs from the outside world. */
export interface Ports {
  store: Store;
  passwordHasher: PasswordHasher;
  clock: Clock;
  random: Random;
  mailer: Mailer;
  sms: SmsSender;
  commonPasswords: CommonPasswords;
  /** BankID's relying-party API (or the local test server speaking it); without it BankID sign-in answers `bankid_unavailable`. */
  bankid?: BankIdRelyingParty;
  /** Who is asking, for the activity log; none by default (the browser mock). */
  requestContext?: RequestContext;
}
