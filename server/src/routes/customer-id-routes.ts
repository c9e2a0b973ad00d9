import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { answerWith, endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { publicUrl } from './public-url.ts';
import { addressOf, requesterOf } from './sign-in-session.ts';

/**
 * Old customer-ID logins (customer-ID migration): registering a user e-mail address after signing in with a customer ID, setting
 * the e-mail login's credentials through the mailed link, and linking an account from the profile by its customer-ID
 * login. Signing in with the customer ID and its password reset go through the usual sign-in and forgot-password
 * routes.
 */
export function customerIdRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const logins = services.customerIdLogins;

  route('customerIdRegisterEmail', async (c, { token, email, locale }) => {
    const result = await logins.registerEmail(token, email, addressOf(c), publicUrl(c, settings), locale);
    if (isFlowError(result)) throw flowError(result);
    return answerWith(result, 202);
  });

  route('customerIdSetCredentials', async (c, { token, password, locale }) => {
    const result = await logins.setCredentials(token, password, await requesterOf(c, services, settings), locale);
    if (isFlowError(result)) throw flowError(result);
    return result;
  });

  route('linkCustomerId', async (c, { customerId, password }) => {
    const linked = await logins.linkToSession(c.get('session'), customerId, password, await requesterOf(c, services, settings));
    if (isFlowError(linked)) throw flowError(linked);
    return linked;
  });

  return routes;
}
