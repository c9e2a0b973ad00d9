import { Hono } from 'hono';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { ApiError } from './middleware/api-error.ts';

/** "My details" for the signed-in user (leasing portal). Changing the password lives with the other password flows. */
export function accountRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  route('profile', async (c, { name, locale }) => {
    const active = c.get('session');
    const updated = await services.users.updateDetails(active.user.id, name, locale);
    // Deleted between the session check and the update: as good as signed out.
    if (!updated) throw new ApiError(401, 'unauthenticated', 'Not signed in.');
    return { user: toUser(updated) };
  });

  return routes;
}
