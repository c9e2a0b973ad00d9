import { apiPaths, type DoneStep, SignInRequest, type SignOutResponse } from '@portico/contract';
import { Hono } from 'hono';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { clearSessionCookie, readSessionToken, writeSessionCookie } from './middleware/session-cookie.ts';

export function authRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(apiPaths.signIn, async (c) => {
    const { identifier, password } = await parseJsonBody(c, SignInRequest);
    const result = await services.signIn.signIn(identifier, password, c.get('clientAddress'));
    switch (result.outcome) {
      case 'rate_limited':
        throw new ApiError(429, 'rate_limited', 'Too many failed sign-in attempts. Try again later.', {
          retryAfterSeconds: result.retryAfterSeconds,
        });
      case 'invalid_credentials':
        throw new ApiError(401, 'invalid_credentials', 'The e-mail address or password is incorrect.');
      case 'signed_in': {
        // A new session at every sign-in: a token planted before sign-in (session fixation) never gains rights.
        const previous = readSessionToken(c, settings.secureCookies);
        if (previous) await services.sessions.end(previous);
        const { token, record } = await services.sessions.start(result.user.id);
        writeSessionCookie(c, settings.secureCookies, token, record.expiresAt);
        const body: DoneStep = { step: 'done', user: toUser(result.user), session: services.sessions.summary(record) };
        return c.json(body);
      }
    }
  });

  routes.post(apiPaths.signOut, async (c) => {
    const token = readSessionToken(c, settings.secureCookies);
    if (token) await services.sessions.end(token);
    clearSessionCookie(c, settings.secureCookies);
    const body: SignOutResponse = { signedOut: true };
    return c.json(body);
  });

  return routes;
}
