import { Secret, TOTP } from 'otpauth';
import type { Random } from '../../ports/random.ts';

/**
 * The authenticator-app factor (RFC 6238), as Google Authenticator and its kin expect it: SHA-1, 6 digits, 30-second
 * steps. The arithmetic is the `otpauth` library's; what is ours is the policy around it: a 160-bit secret from our
 * CSPRNG, one step of clock drift either way, and the matched step returned so a used code can be refused (replay).
 */
const parameters = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** Steps of clock drift accepted either side of now (RFC 6238 §5.2 recommends at most one). */
const driftSteps = 1;

/** A new shared secret, base32 (RFC 4648, no padding): 20 bytes, the HMAC-SHA-1 key size RFC 4226 recommends. */
export function generateTotpSecret(random: Random): string {
  const bytes = random.bytes(20);
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app scans (the QR code's content), naming the issuer and the account. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), ...parameters }).toString();
}

/**
 * The time step (`floor(unix seconds / 30)`) whose code `code` is, within one step of `now`; null when it matches
 * none. Callers store the step and refuse any code of a step not after the last one used.
 */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), ...parameters });
  const timestamp = now.getTime();
  const delta = totp.validate({ token: code, timestamp, window: driftSteps });
  if (delta === null) return null;
  return TOTP.counter({ period: parameters.period, timestamp }) + delta;
}

/** The code for `secret` at `now` (tests, and the demo's documentation of what the app shows). */
export function totpCodeAt(secret: string, now: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), ...parameters }).generate({ timestamp: now.getTime() });
}
