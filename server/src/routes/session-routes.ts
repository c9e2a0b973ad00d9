import { apiPaths, type SessionInfo } from '@portico/contract';
import { Hono } from 'hono';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { requireSession } from './sign-in-session.ts';

export function sessionRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get(apiPaths.session, async (c) => {
    const active = await requireSession(c, services, settings);
    const body: SessionInfo = { user: toUser(active.user), session: services.sessions.summary(active.record) };
    return c.json(body);
  });

  return routes;
}
