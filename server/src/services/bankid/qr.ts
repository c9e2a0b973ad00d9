import { toHex } from '../tokens.ts';

/**
 * The content of BankID's animated QR code (RP guidelines, "Animated QR code"):
 *
 *     bankid.<qrStartToken>.<time>.<qrAuthCode>
 *
 * where `time` is the whole number of seconds since the order was started (the answer of `auth`), and `qrAuthCode`
 * is HMAC-SHA256 keyed with `qrStartSecret` over that number written in decimal, as lower-case hex. The content
 * changes every second, so a photo of the screen passed on to someone else soon stops working.
 *
 * `qrStartSecret` stays on the server: the browser only ever gets the result. WebCrypto only, so this runs wherever
 * the app does.
 */
export async function bankIdQrData(qrStartToken: string, qrStartSecret: string, seconds: number): Promise<string> {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a non-negative number');
  const time = String(Math.floor(seconds));
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(qrStartSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(time));
  return `bankid.${qrStartToken}.${time}.${toHex(mac)}`;
}
