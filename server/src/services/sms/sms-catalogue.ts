/**
 * The texts Portico sends, and the shape of a language's catalogue of them. Texts are short: one SMS segment (160
 * GSM characters) where the product name allows, and nothing in them that is not needed to use them.
 */
export interface SmsParams {
  /** A 6-digit code: signing in, confirming a phone number, re-authenticating. */
  code: { code: string };
}

export type SmsKey = keyof SmsParams;

export type SmsCatalogue = { [K in SmsKey]: (params: SmsParams[K], product: string) => string };
