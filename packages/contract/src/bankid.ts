import { z } from './zod.ts';
import { RequestLocale } from './policy.ts';

/**
 * BankID sign-in (leasing portal) and the personnummer it needs. The browser never sees BankID's order reference or the
 * QR secret: it holds an opaque `order` handle, bound to an HttpOnly cookie of the browser that started it, and gets
 * the QR code's content for the current second from the server.
 */

/**
 * BankID's recommended user messages (RP guidelines), by their codes. The components word them in English and
 * Swedish; the server only says which one applies, from the order's status and hint code.
 */
export const rfaCodes = ['RFA1', 'RFA3', 'RFA4', 'RFA5', 'RFA6', 'RFA8', 'RFA9', 'RFA13', 'RFA15', 'RFA16', 'RFA17', 'RFA21', 'RFA22', 'RFA23'] as const;
export const RfaCode = z.enum(rfaCodes);
export type RfaCode = z.infer<typeof RfaCode>;

/** An order handle as the browser holds it. */
export const BankIdOrderHandle = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * Waiting for BankID: show `qr` (changes every second; null once the app has the order or it failed), offer "Open
 * BankID on this device" (`autoStartUrl`), show `message`, and poll again after `pollAfterMs`. A `failed` order stays
 * on screen with its message and "Try again".
 */
export const BankIdStep = z.object({
  step: z.literal('bankid'),
  order: BankIdOrderHandle,
  status: z.enum(['pending', 'failed']),
  message: RfaCode,
  qr: z.string().nullable(),
  /** `bankid:///?autostarttoken=…&redirect=null`, as BankID's guidelines describe; null once the order is over. */
  autoStartUrl: z.string().nullable(),
  pollAfterMs: z.number().int().positive(),
});
export type BankIdStep = z.infer<typeof BankIdStep>;

/**
 * `POST /api/auth/bankid/collect` and `…/cancel`: the order this browser started. `locale` (collect): the language
 * the user who signs in is remembered in.
 */
export const BankIdOrderRequest = z.object({ order: BankIdOrderHandle, locale: RequestLocale });
export type BankIdOrderRequest = z.infer<typeof BankIdOrderRequest>;

export const BankIdCancelResponse = z.object({ cancelled: z.literal(true) });
export type BankIdCancelResponse = z.infer<typeof BankIdCancelResponse>;

/**
 * A Swedish personal identity number (personnummer) or coordination number (samordningsnummer, day + 60), as typed:
 * 10 or 12 digits, with or without `-` (or `+` for someone 100 or older). Checked and normalised to 12 digits by
 * `parsePersonalNumber`.
 */
export const PersonalNumberInput = z.string().trim().min(10).max(13);

/** "My details" (Mina uppgifter): set the personnummer BankID signs in with; needs a recent sign-in or re-authentication. */
export const SetPersonalNumberRequest = z.object({ personalNumber: PersonalNumberInput });
export type SetPersonalNumberRequest = z.infer<typeof SetPersonalNumberRequest>;

/** What the owner sees of their stored personnummer: the date part and a masked tail (19800101-••••), or null. */
export const PersonalNumberInfo = z.object({ personalNumber: z.object({ masked: z.string() }).nullable() });
export type PersonalNumberInfo = z.infer<typeof PersonalNumberInfo>;
