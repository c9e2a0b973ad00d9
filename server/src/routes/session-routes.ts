import { Hono } from 'hono';
import { toSessionAccounts } from '../services/customer-accounts.ts';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { ApiError } from './middleware/api-error.ts';

export function sessionRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  route('session', async (c) => {
    const active = c.get('session');
    return {
      user: toUser(active.user),
      session: services.sessions.summary(active.record),
      ...toSessionAccounts(await services.sessions.accountsOf(active.token, active.record)),
    };
  });

  /** Chooses (after `choose_account`) or switches the account the session works in (SessionService.workIn). */
  route('activeAccount', async (c, { customerId }) => {
    const active = c.get('session');
    const accounts = await services.sessions.workIn(active.token, active.record, customerId);
    if (!accounts) throw new ApiError(404, 'not_found', 'No such account.');
    return { step: 'done', user: toUser(active.user), session: services.sessions.summary(active.record), ...toSessionAccounts(accounts) };
  });

  return routes;
}
