/**
 * Why a request carries no usable Portico session. Codes are stable: host code branches on them, so one is never
 * renamed or given another meaning.
 */
export const porticoTokenErrorCodes = [
  'missing', // no `Authorization: Bearer` header and no token cookie
  'expired', // past `exp` (or before `nbf`) by more than the clock tolerance: fetch a fresh token
  'invalid_signature', // signed by a key of the JWKS's kid that did not make this signature, or the token was altered
  'wrong_audience', // `aud` does not name this host
  'wrong_issuer', // `iss` is not the configured issuer
  'unknown_key', // the header's `kid` is in no key of the JWKS, even after a refetch
  'malformed', // not a compact JWS, an algorithm other than ES256 (none, HS256, …), or claims the contract refuses
  'session_ended', // `validate` only: the Portico server says the session behind the token has ended
  'unavailable', // the JWKS or the validate endpoint could not be reached, or refused this host's API key
] as const;

export type PorticoTokenErrorCode = (typeof porticoTokenErrorCodes)[number];

export class PorticoTokenError extends Error {
  override readonly name = 'PorticoTokenError';
  readonly code: PorticoTokenErrorCode;

  constructor(code: PorticoTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isPorticoTokenError(value: unknown): value is PorticoTokenError {
  return value instanceof PorticoTokenError;
}
