import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { ApiError } from './middleware/api-error.ts';
import { clearBankIdCookie, readBankIdToken, writeBankIdCookie } from './middleware/session-cookie.ts';
import { answerSignIn, signingInBrowser } from './sign-in-session.ts';

/**
 * BankID sign-in and the personnummer it needs (leasing portal): start an order, poll it (a new QR each second) until
 * BankID completes or fails it, cancel it; and "My details" setting or removing the personnummer, which needs a
 * recent sign-in or re-authentication.
 */
export function bankIdRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const bankid = services.bankidSignIn;

  route('bankidStart', async (c) => {
    if (!services.policy.bankid) throw new ApiError(404, 'not_found', 'BankID sign-in is not offered here.');
    const started = await bankid.start(c.get('clientAddress'));
    if (isFlowError(started)) throw flowError(started);
    writeBankIdCookie(c, settings, started.browserToken, started.expiresAt);
    return started.step;
  });

  route('bankidCollect', async (c, { order, locale }) => {
    const progress = await bankid.collect(order, readBankIdToken(c, settings));
    if (isFlowError(progress)) {
      if (progress.error !== 'not_found') clearBankIdCookie(c, settings);
      throw progress.error === 'not_found' ? new ApiError(404, 'not_found', 'No such BankID order in this browser.') : flowError(progress);
    }
    if ('step' in progress) return progress.step;
    clearBankIdCookie(c, settings);
    return answerSignIn(
      c,
      settings,
      await services.signInSessions.withoutSecondStep(progress.identified, signingInBrowser(c, settings), ['bankid', 'mfa'], locale),
    );
  });

  route('bankidCancel', async (c, { order }) => {
    // The cookie is left as it is. It holds one order's token, and the element of a page left cancels its order as it
    // goes, often while the next order starts: an answer that cleared the cookie could reach the browser after the
    // start's answer set the new token, and the new order could no longer be followed. The token of an order gone
    // opens nothing, and the cookie ends with the order's lifetime.
    await bankid.cancel(order, readBankIdToken(c, settings));
    return { cancelled: true };
  });

  route('personalNumber', async (c) => {
    const { user } = c.get('session');
    return { personalNumber: await services.personalNumbers.shown(user) };
  });

  route('setPersonalNumber', async (c, { personalNumber }) => {
    const result = await services.personalNumberSettings.change(c.get('session'), personalNumber);
    if (isFlowError(result)) throw flowError(result);
    return { personalNumber: await services.personalNumbers.shown(result.user) };
  });

  route('personalNumberRemove', async (c) => {
    const result = await services.personalNumberSettings.change(c.get('session'), null);
    if (isFlowError(result)) throw flowError(result);
    return { personalNumber: null };
  });

  return routes;
}
