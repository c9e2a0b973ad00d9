import { apiPaths, SessionTokenClaims, ValidateSessionAnswer } from '@portico/contract';
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWSHeaderParameters, type FlattenedJWSInput, type JWTPayload } from 'jose';
import { PorticoTokenError } from './errors.ts';

export interface VerifierOptions {
  /** The Portico server's public URL, exactly as it writes `iss` (PORTICO_PUBLIC_URL). */
  issuer: string;
  /** What `aud` must name (PORTICO_TOKEN_AUDIENCE); the issuer unless set, as on the server. */
  audience?: string;
  /**
   * Where the public keys are; `/.well-known/jwks.json` on the issuer's origin unless set (set it when the Portico
   * server is not on the issuer's origin, e.g. the public URL is the portal's page and Portico is at auth.example.com).
   */
  jwksUrl?: string;
  /** The time to judge `exp` and `nbf` by (tests on a settable clock); the host's clock unless set. */
  now?: () => Date;
  /** Leeway for `exp` and `nbf` between this host's clock and the server's. */
  clockToleranceSeconds?: number;
  /**
   * The cookie a token may come in when a request has no `Authorization: Bearer` header (`portico_token`; over
   * HTTPS the server sets it as `__Host-portico_token`, or `__Secure-portico_token` with a cookie domain, and both are
   * read too).
   */
  cookieName?: string;
  /**
   * Ask the Portico server, after the local checks, whether the session is still live (and take the claims as they
   * stand now). Costs a round trip per call: for payments, admin actions and the like, not every page view.
   */
  validate?: { url?: string; apiKey: string } | undefined;
  /** For the JWKS and validate requests; the global fetch unless set. */
  fetch?: typeof fetch;
}

export interface Verifier {
  /**
   * The claims of a valid token, given as the token itself or as the request that carries it (Bearer header first,
   * then the cookie). Rejects with a `PorticoTokenError` and nothing else.
   */
  verify(tokenOrRequest: string | Request): Promise<SessionTokenClaims>;
}

/** Portico signs with ES256 alone; naming it here is what refuses `none`, every HMAC and every other algorithm. */
const algorithms = ['ES256'];
/**
 * How long fetched keys are used before the JWKS is fetched again. A key the server removes (revoked or retired) stops
 * being accepted when this runs out, at the latest; `validate` asks the server on every call instead.
 */
const jwksCacheMaxAgeMs = 10 * 60 * 1000;
/** A token with a kid not in the cache refetches the JWKS at most this often, so made-up kids cannot flood the server. */
const jwksCooldownMs = 30 * 1000;
const jwksTimeoutMs = 5000;
const validateTimeoutMs = 5000;
/** The server accepts no longer token at its validate endpoint; anything longer is not one of its tokens. */
const maxTokenLength = 8192;

export function createVerifier(options: VerifierOptions): Verifier {
  const issuer = options.issuer;
  // `iss` is compared exactly as given; only the URLs built from it lose a trailing slash.
  const base = issuer.replace(/\/+$/, '');
  const audience = options.audience ?? issuer;
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const cookieName = options.cookieName ?? 'portico_token';
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const validate = options.validate
    ? { url: options.validate.url ?? new URL(apiPaths.sessionsValidate, base).href, apiKey: options.validate.apiKey }
    : undefined;

  // Keys come from this JWKS alone: jose's remote set never looks at a `jwk`, `jku`, `x5u` or `x5c` in the header.
  const remoteKeys = createRemoteJWKSet(new URL(options.jwksUrl ?? new URL(apiPaths.jwks, base).href), {
    cacheMaxAge: jwksCacheMaxAgeMs,
    cooldownDuration: jwksCooldownMs,
    timeoutDuration: jwksTimeoutMs,
    [customFetch]: fetchImpl,
  });

  /**
   * Everything the key lookup throws, other than "no such key", is about reaching or reading the JWKS, not about the
   * token: told apart here, where it is still known which is which.
   */
  const keys = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    try {
      return await remoteKeys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new PorticoTokenError('unavailable', 'The signing keys (JWKS) could not be fetched.', { cause: error });
    }
  };

  async function verifyLocally(token: string): Promise<SessionTokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms,
        issuer,
        audience,
        clockTolerance,
        ...(options.now ? { currentDate: options.now() } : {}),
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      throw toTokenError(error);
    }
    const claims = SessionTokenClaims.safeParse(payload);
    if (!claims.success) throw new PorticoTokenError('malformed', 'The token does not carry the claims of a Portico session.');
    return claims.data;
  }

  async function validateRemotely(token: string, local: SessionTokenClaims, config: { url: string; apiKey: string }) {
    let response: Response;
    try {
      response = await fetchImpl(config.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ token }),
        signal: AbortSignal.timeout(validateTimeoutMs),
      });
    } catch (error) {
      throw new PorticoTokenError('unavailable', 'The session could not be validated: the server did not answer.', { cause: error });
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 401) {
      // The endpoint answers 401 both for an ended session and for an API key it refuses. A refused key says nothing
      // about the user: reporting it as `session_ended` would sign every user out over a configuration mistake.
      if (errorCodeOf(body) === 'unauthorized') {
        throw new PorticoTokenError('unavailable', 'The session could not be validated: the server refused the API key.');
      }
      throw new PorticoTokenError('session_ended', 'The session behind this token has ended.');
    }
    const answer = response.status === 200 ? ValidateSessionAnswer.safeParse(body) : undefined;
    if (!answer?.success) {
      throw new PorticoTokenError('unavailable', `The session could not be validated (HTTP ${response.status}).`);
    }
    // The answer speaks for the token sent; one about another user or session is not to be trusted for this one.
    if (answer.data.claims.sub !== local.sub || answer.data.claims.sid !== local.sid) {
      throw new PorticoTokenError('unavailable', 'The session could not be validated: the answer was about another session.');
    }
    return answer.data.claims;
  }

  return {
    async verify(tokenOrRequest) {
      const token = typeof tokenOrRequest === 'string' ? tokenOrRequest.trim() : tokenFromRequest(tokenOrRequest, cookieName);
      if (!token) throw new PorticoTokenError('missing', 'No session token: send `Authorization: Bearer <token>`.');
      if (token.length > maxTokenLength) throw new PorticoTokenError('malformed', 'The token is too long to be a Portico token.');
      const claims = await verifyLocally(token);
      return validate ? validateRemotely(token, claims, validate) : claims;
    },
  };
}

/** The Bearer token if there is one, else the cookie's; empty when neither. */
export function tokenFromRequest(request: Request, cookieName: string): string {
  const authorization = request.headers.get('authorization');
  const bearer = authorization?.match(/^\s*Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    const name = separator < 0 ? '' : part.slice(0, separator).trim();
    if (name !== cookieName && name !== `__Host-${cookieName}` && name !== `__Secure-${cookieName}`) continue;
    const value = part
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(value);
    } catch {
      // A value that is not valid percent-encoding is handed on as it is, to fail verification as malformed.
      return value;
    }
  }
  return '';
}

function errorCodeOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error: unknown = body.error;
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/**
 * jose's errors as Portico codes. HS256 and every other algorithm but ES256 (key confusion: an HMAC "signed" with the
 * public key's bytes) is `malformed`, not `invalid_signature`: jose refuses the header's `alg` before any key is
 * looked up or any signature computed, so no signature was ever checked.
 */
function toTokenError(error: unknown): PorticoTokenError {
  if (error instanceof PorticoTokenError) return error;
  if (error instanceof errors.JWTExpired) {
    return new PorticoTokenError('expired', 'The token has expired.', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud' && error.reason === 'check_failed') {
      return new PorticoTokenError('wrong_audience', 'The token is for another audience.', { cause: error });
    }
    if (error.claim === 'iss' && error.reason === 'check_failed') {
      return new PorticoTokenError('wrong_issuer', 'The token is from another issuer.', { cause: error });
    }
    if (error.claim === 'nbf' && error.reason === 'check_failed') {
      // Not valid yet, as far as this host's clock knows: the same remedy as expired (a fresh token, or a clock fix).
      return new PorticoTokenError('expired', 'The token is not valid yet.', { cause: error });
    }
    return new PorticoTokenError('malformed', 'The token does not carry the claims of a Portico session.', { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new PorticoTokenError('invalid_signature', 'The token signature does not verify.', { cause: error });
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new PorticoTokenError('unknown_key', 'The token was signed with a key the issuer does not publish.', { cause: error });
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    // Portico gives every key its own kid; a JWKS with two of one is not one to pick a key from.
    return new PorticoTokenError('unknown_key', 'More than one published key has the token’s key id.', { cause: error });
  }
  // JWSInvalid, JWTInvalid, JOSEAlgNotAllowed, JOSENotSupported, and anything unforeseen: fail closed.
  return new PorticoTokenError('malformed', 'The token is not a valid ES256-signed JWT.', { cause: error });
}
