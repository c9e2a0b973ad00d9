import { Secret, TOTP } from 'otpauth';

/**
 * The code an authenticator app shows for `secret` at `at`: RFC 6238 as the apps implement it (HMAC-SHA-1, 6 digits,
 * 30-second steps), which is what the server asks for in the `otpauth://` URI it hands out. The mock plays the
 * person's phone here, so it computes the code as the phone would, not with the server's own code.
 */
export function authenticatorAppCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}
