import { apiPaths, type SessionInfo } from '@portico/contract';
import { Hono } from 'hono';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { clearSessionCookie, readSessionToken } from './middleware/session-cookie.ts';

export function sessionRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get(apiPaths.session, async (c) => {
    const token = readSessionToken(c, settings.secureCookies);
    const active = token ? await services.sessions.resolve(token) : null;
    if (!active) {
      if (token) clearSessionCookie(c, settings.secureCookies);
      throw new ApiError(401, 'unauthenticated', 'Not signed in.');
    }
    const body: SessionInfo = { user: toUser(active.user), session: services.sessions.summary(active.record) };
    return c.json(body);
  });

  return routes;
}
