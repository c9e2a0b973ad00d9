import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { answerWith, endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { ApiError } from './middleware/api-error.ts';
import { publicUrl } from './public-url.ts';
import { writeSessionCookie } from './middleware/session-cookie.ts';
import { addressOf, answerPasswordAccepted, renewalConflict, requesterOf, signingInBrowser } from './sign-in-session.ts';

/** Forgotten password by mailed link (leasing portal), and change of password when signed in ("My details"). */
export function passwordRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  route('forgotPassword', async (c, request) => {
    if ('customerId' in request) {
      // Customer-ID migration: a customer ID instead of an address; the link goes to the account's main contact.
      if (!services.customerIdLogins.enabled) {
        throw new ApiError(400, 'invalid_request', 'Customer IDs do not sign in here: use your e-mail address.', { fields: ['customerId'] });
      }
      const { customerId, locale } = request;
      const refused = await services.customerIdLogins.requestReset(customerId, addressOf(c), publicUrl(c, settings), locale);
      if (refused) throw flowError(refused);
      return answerWith({ step: 'check_main_contact_email', customerId } as const, 202);
    }
    const { email, locale } = request;
    const refused = await services.passwordFlows.requestReset(email, addressOf(c), publicUrl(c, settings), locale);
    if (refused) throw flowError(refused);
    // The same answer for every address: whether a mail goes out is not the requester's to know.
    return answerWith({ step: 'check_email', email } as const, 202);
  });

  route('inspectLink', async (_c, { token }) => {
    const step = await services.links.inspect(token);
    if (isFlowError(step)) throw flowError(step);
    return step;
  });

  /** Any `set_credentials` step: a customer ID's new e-mail login, an order's onboarding, a colleague's invitation. */
  route('setCredentials', async (c, { token, password, name, locale }) => {
    const result = await services.links.setCredentials(token, password, name, await requesterOf(c, services, settings), locale);
    if (isFlowError(result)) throw flowError(result);
    return result;
  });

  route('setPassword', async (c, { token, password, locale }) => {
    const result = await services.links.setPassword(token, password, locale);
    if (isFlowError(result)) throw flowError(result);
    if (!('signedIn' in result)) return result;
    // A checked sign-up code signs in at once; the code just proved the address, so no e-mail code follows, but a
    // factor the policy requires is set up first.
    const options = { failuresOnRecord: false, emailJustProven: true, requester: await requesterOf(c, services, settings) };
    return answerPasswordAccepted(c, settings, await services.signInSessions.afterPassword(result.signedIn, signingInBrowser(c, settings), options));
  });

  route('changePassword', async (c, { currentPassword, newPassword, locale }) => {
    const requester = await requesterOf(c, services, settings);
    const result = await services.passwordFlows.changePassword(c.get('session'), currentPassword, newPassword, requester, locale).catch((error: unknown) => {
      throw renewalConflict(error);
    });
    if (isFlowError(result)) throw flowError(result);
    // The session goes on under a new token.
    writeSessionCookie(c, settings, result.session.token, result.session.record.expiresAt);
    return { changed: true, otherSessionsEnded: result.otherSessionsEnded };
  });

  return routes;
}
