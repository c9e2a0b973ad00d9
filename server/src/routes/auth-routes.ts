import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { flowError } from './flow-errors.ts';
import { ApiError } from './middleware/api-error.ts';
import { clearSessionCookie, clearSessionTokenCookie, readSessionToken } from './middleware/session-cookie.ts';
import { answerPasswordAccepted, requesterOf, signingInBrowser } from './sign-in-session.ts';

export function authRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  route('signIn', async (c, { identifier, password, locale }) => {
    const requester = await requesterOf(c, services, settings);
    const result = await services.signIn.signIn(identifier, password, requester);
    switch (result.outcome) {
      case 'rate_limited':
        throw new ApiError(429, 'rate_limited', 'Too many failed sign-in attempts. Try again later.', {
          retryAfterSeconds: result.retryAfterSeconds,
        });
      case 'locked':
        throw flowError({ error: 'account_locked' });
      case 'invalid_credentials':
        throw new ApiError(401, 'invalid_credentials', 'The e-mail address or password is incorrect.');
      case 'signed_in': {
        const options = { failuresOnRecord: result.failuresOnRecord, requester, locale };
        return answerPasswordAccepted(c, settings, await services.signInSessions.afterPassword(result.user, signingInBrowser(c, settings), options));
      }
      case 'customer_id':
        // Customer-ID migration: no session for a customer ID; it registers a user e-mail login first.
        return services.customerIdLogins.registerEmailStep(result.account);
      case 'customer_id_migrated':
        throw flowError({ error: 'customer_id_migrated' });
    }
  });

  route('signOut', async (c) => {
    const token = readSessionToken(c, settings);
    if (token) await services.sessions.end(token);
    clearSessionCookie(c, settings);
    if (settings.tokens.cookie) clearSessionTokenCookie(c, settings);
    return { signedOut: true };
  });

  return routes;
}
