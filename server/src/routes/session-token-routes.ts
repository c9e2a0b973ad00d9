import { apiPaths, type OpenIdConfiguration, SessionTokenClaims } from '@portico/contract';
import { type Context, Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { setAnswerHeader } from './middleware/answer-headers.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { ApiError } from './middleware/api-error.ts';
import { ownOrigin } from './middleware/csrf.ts';
import { writeSessionTokenCookie } from './middleware/session-cookie.ts';
import { toSigningKeyInfo } from '../services/session-tokens/signing-keys.ts';

/**
 * Who issues session tokens (`iss`): the public URL, without a trailing slash at its root (`https://portal.example.com`).
 * Without one (development, tests), the configured issuer or else the API's own origin.
 */
export function tokenIssuer(c: Context<AppEnv>, settings: AppSettings): string {
  if (settings.tokens.issuer !== null) return settings.tokens.issuer;
  if (settings.publicUrl === null) return new URL(c.req.url).origin;
  const url = new URL(settings.publicUrl);
  return url.pathname === '/' && !url.search ? url.origin : url.href;
}

/**
 * Session tokens for host back ends: minted for the signed-in browser, verifiable by anyone with the JWKS, and
 * checkable at once against the live session with an API key.
 */
export function sessionTokenRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  // A POST, so it passes the CSRF guard like every change: a page on another site cannot mint tokens with the cookie.
  route('sessionToken', async (c) => {
    const active = c.get('session');
    const issued = await services.sessionTokens.issue(active.record, active.user, tokenIssuer(c, settings));
    if (settings.tokens.cookie) writeSessionTokenCookie(c, settings, issued.token, issued.expiresAt);
    return { token: issued.token, expiresAt: issued.expiresAt.toISOString() };
  });

  route('sessionsValidate', async (c, { token }) => {
    const claims = await services.sessionTokens.validate(token, tokenIssuer(c, settings));
    if (!claims) throw new ApiError(401, 'unauthenticated', 'The token is not valid, or its session has ended.');
    return { valid: true, claims: SessionTokenClaims.parse(claims) };
  });

  // Key management for `keys list|rotate|revoke` when the CLI goes through a running server.
  const keyManagement = { logged: false };
  route('adminKeys', async () => ({ keys: (await services.signingKeys.list()).map(toSigningKeyInfo) }), keyManagement);
  route('adminKeysRotate', async () => ({ kid: await services.signingKeys.rotate() }), keyManagement);
  route(
    'adminKeysRevoke',
    async (_c, { kid }) => {
      if (!(await services.signingKeys.revoke(kid))) throw new ApiError(404, 'not_found', 'No such key.');
      return { keys: (await services.signingKeys.list()).map(toSigningKeyInfo) };
    },
    keyManagement,
  );

  route('jwks', async (c) => {
    // Verifiers may keep it a few minutes; a rotation publishes the next key long before it signs anything they see
    // (they refetch on an unknown kid anyway).
    setAnswerHeader(c, 'Cache-Control', 'public, max-age=300');
    return { keys: await services.signingKeys.published() };
  });

  route('openIdConfiguration', (c) => {
    const body: OpenIdConfiguration = {
      issuer: tokenIssuer(c, settings),
      // The API's own origin as it was reached (the scheme as the CSRF check counts it): where the keys are.
      jwks_uri: `${ownOrigin(c.get('https'), new URL(c.req.url).host) ?? new URL(c.req.url).origin}${apiPaths.jwks}`,
      id_token_signing_alg_values_supported: ['ES256'],
      claims_supported: Object.keys(SessionTokenClaims.shape),
    };
    setAnswerHeader(c, 'Cache-Control', 'public, max-age=3600');
    return body;
  });

  return routes;
}
