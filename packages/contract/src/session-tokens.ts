import { CustomerAccount } from './accounts.ts';
import { z } from './zod.ts';

/**
 * How the user proved who they are in the session a token speaks for (RFC 8176 `amr` values, plus `bankid`):
 * - `pwd`: a password (the user's, or a customer ID's).
 * - `otp`: a one-time code: an authenticator app, a mailed code, a mailed link's ticket or a recovery code.
 * - `sms`: a code sent by text message.
 * - `mfa`: two independent factors (a password and a second step; or BankID or a passkey with user verification,
 *   each possession plus PIN or biometrics on its own).
 * - `pop`: proof of possession of a key: a passkey or security key.
 * - `bankid`: Swedish BankID (not in RFC 8176's registry; named so a host can tell it from a password sign-in).
 */
export const AuthMethod = z.enum(['pwd', 'otp', 'sms', 'mfa', 'pop', 'bankid']);
export type AuthMethod = z.infer<typeof AuthMethod>;

/** The largest lifetime a session token may be given (PORTICO_TOKEN_TTL_SECONDS). */
export const maxSessionTokenTtlSeconds = 3600;

/**
 * The claims of a Portico session token (a JWT signed with ES256, keys at `/.well-known/jwks.json`). A host back end
 * verifies the signature, `iss`, `aud` and `exp` (`@portico/verify` does all four) and then trusts these.
 */
export const SessionTokenClaims = z.object({
  /** The Portico server's public URL (PORTICO_PUBLIC_URL). */
  iss: z.string(),
  /** PORTICO_TOKEN_AUDIENCE; the issuer unless set. */
  aud: z.union([z.string(), z.array(z.string())]),
  /** The user's id: stable for the life of the user, whatever their e-mail becomes. */
  sub: z.string(),
  /** The session's id (not its cookie token): the same for every token of one session, renewals included. */
  sid: z.string(),
  /** The key id the token was signed with is in the header; `jti` tells tokens apart. */
  jti: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
  /** When the user last proved who they are in this session (sign-in or re-authentication), in seconds. */
  auth_time: z.number().int(),
  amr: z.array(AuthMethod),
  email: z.string(),
  /** Whether the user has proved they receive mail at `email`. */
  email_verified: z.boolean(),
  name: z.string().nullable(),
  /** The user's language for mails (`en`, `sv`); null follows the portal's default. */
  locale: z.string().nullable(),
  /** Customer ID of the account the session works in; null until one is chosen, or for a user linked to none. */
  acct: z.string().nullable(),
  /** Every customer account the user is linked to. */
  accounts: z.array(CustomerAccount),
});
export type SessionTokenClaims = z.infer<typeof SessionTokenClaims>;

/** `POST /api/session/token` (session cookie): a fresh token for the session. */
export const SessionToken = z.object({
  token: z.string(),
  /** When the token's `exp` falls (ISO time); fetch a new one a little before. */
  expiresAt: z.iso.datetime(),
});
export type SessionToken = z.infer<typeof SessionToken>;

/** `POST /api/sessions/validate` (API key): is the session behind this token still live? */
export const ValidateSessionRequest = z.object({ token: z.string().min(1).max(8192) });
export type ValidateSessionRequest = z.input<typeof ValidateSessionRequest>;

/**
 * Its answer when it is: the claims as they stand now (account, name, e-mail read at this moment; `iat`, `exp` and
 * `jti` of the token presented). A session that has ended answers 401 `session_ended` however fresh the token.
 */
export const ValidateSessionAnswer = z.object({ valid: z.literal(true), claims: SessionTokenClaims });
export type ValidateSessionAnswer = z.infer<typeof ValidateSessionAnswer>;

/** A public signing key as the JWKS lists it. */
export const PublicSigningJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});
export type PublicSigningJwk = z.infer<typeof PublicSigningJwk>;

/** `GET /.well-known/jwks.json`. */
export const Jwks = z.object({ keys: z.array(PublicSigningJwk) });
export type Jwks = z.infer<typeof Jwks>;

/** `GET /.well-known/openid-configuration`: enough for standard JWT libraries to find the keys. */
export const OpenIdConfiguration = z.object({
  issuer: z.string(),
  jwks_uri: z.string(),
  id_token_signing_alg_values_supported: z.array(z.literal('ES256')),
  claims_supported: z.array(z.string()),
});
export type OpenIdConfiguration = z.infer<typeof OpenIdConfiguration>;

/** A signing key as `GET /api/admin/keys` (and `keys list`) shows it; never its private part. */
export const SigningKeyInfo = z.object({
  kid: z.string(),
  algorithm: z.string(),
  /** active: signs now; retired: signs no more, published while its tokens may live; expired: no longer published; revoked: declared leaked. */
  state: z.enum(['active', 'retired', 'expired', 'revoked']),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  published: z.boolean(),
});
export type SigningKeyInfo = z.infer<typeof SigningKeyInfo>;

export const SigningKeyList = z.object({ keys: z.array(SigningKeyInfo) });
export type SigningKeyList = z.infer<typeof SigningKeyList>;

/** `POST /api/admin/keys/rotate`: the new active key. */
export const RotateKeyResponse = z.object({ kid: z.string() });
export type RotateKeyResponse = z.infer<typeof RotateKeyResponse>;

/** `POST /api/admin/keys/revoke`: a leaked key, out of the JWKS at once. */
export const RevokeKeyRequest = z.object({ kid: z.string().min(1).max(100) });
export type RevokeKeyRequest = z.input<typeof RevokeKeyRequest>;
