import { apiPaths, UpdateProfileRequest, type UpdateProfileResponse } from '@portico/contract';
import { Hono } from 'hono';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { signedInOnly } from './sign-in-session.ts';

/** "My details" for the signed-in user (leasing portal). Changing the password lives with the other password flows. */
export function accountRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const session = signedInOnly(services, settings);

  routes.post(apiPaths.profile, session, async (c) => {
    const { name, locale } = await parseJsonBody(c, UpdateProfileRequest);
    const active = c.get('session');
    const updated = await services.users.updateDetails(active.user.id, name, locale);
    // Deleted between the session check and the update: as good as signed out.
    if (!updated) throw new ApiError(401, 'unauthenticated', 'Not signed in.');
    const body: UpdateProfileResponse = { user: toUser(updated) };
    return c.json(body);
  });

  return routes;
}
