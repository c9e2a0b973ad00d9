import { apiPaths, ChooseAccountRequest, type DoneStep, type SessionInfo } from '@portico/contract';
import { Hono } from 'hono';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { signedInOnly } from './sign-in-session.ts';

export function sessionRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const session = signedInOnly(services, settings);

  routes.get(apiPaths.session, session, async (c) => {
    const active = c.get('session');
    const body: SessionInfo = {
      user: toUser(active.user),
      session: services.sessions.summary(active.record),
      ...(await services.customerAccounts.ofSession(active.record)),
    };
    return c.json(body);
  });

  /**
   * Chooses (after `choose_account`) or switches the account the session works in. An account the user is not
   * linked to gets the same 404 as one that does not exist, so nobody learns which customer IDs exist.
   */
  routes.post(apiPaths.activeAccount, session, async (c) => {
    const active = c.get('session');
    const { customerId } = await parseJsonBody(c, ChooseAccountRequest);
    const account = await services.customerAccounts.findForUser(active.user.id, customerId);
    if (!account) throw new ApiError(404, 'not_found', 'No such account.');
    await services.sessions.setActiveAccount(active.token, active.record, account.account.customerId);
    const body: DoneStep = {
      step: 'done',
      user: toUser(active.user),
      session: services.sessions.summary(active.record),
      ...(await services.customerAccounts.ofSession(active.record)),
    };
    return c.json(body);
  });

  return routes;
}
