import { apiPaths, type BankIdCancelResponse, BankIdOrderRequest, EmptyRequest, type PersonalNumberInfo, SetPersonalNumberRequest } from '@portico/contract';
import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { ApiError } from './middleware/api-error.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { clearBankIdCookie, readBankIdToken, writeBankIdCookie } from './middleware/session-cookie.ts';
import { signedInOnly, signIn } from './sign-in-session.ts';

/**
 * BankID sign-in and the personnummer it needs (leasing portal): start an order, poll it (a new QR each second) until
 * BankID completes or fails it, cancel it; and "My details" setting or removing the personnummer, which needs a
 * recent sign-in or re-authentication.
 */
export function bankIdRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const session = signedInOnly(services, settings);
  const bankid = services.bankidSignIn;

  routes.post(apiPaths.bankidStart, async (c) => {
    await parseJsonBody(c, EmptyRequest);
    if (!services.policy.bankid) throw new ApiError(404, 'not_found', 'BankID sign-in is not offered here.');
    const started = await bankid.start(c.get('clientAddress'));
    if (isFlowError(started)) throw flowError(started);
    writeBankIdCookie(c, settings, started.browserToken, started.expiresAt);
    return c.json(started.step);
  });

  routes.post(apiPaths.bankidCollect, async (c) => {
    const { order, locale } = await parseJsonBody(c, BankIdOrderRequest);
    const progress = await bankid.collect(order, readBankIdToken(c, settings));
    if (isFlowError(progress)) {
      if (progress.error !== 'not_found') clearBankIdCookie(c, settings);
      throw progress.error === 'not_found' ? new ApiError(404, 'not_found', 'No such BankID order in this browser.') : flowError(progress);
    }
    if ('step' in progress) return c.json(progress.step);
    clearBankIdCookie(c, settings);
    const user = await services.users.rememberLocale(progress.identified, locale);
    return c.json(await signIn(c, services, settings, user, ['bankid', 'mfa']));
  });

  routes.post(apiPaths.bankidCancel, async (c) => {
    const { order } = await parseJsonBody(c, BankIdOrderRequest);
    await bankid.cancel(order, readBankIdToken(c, settings));
    clearBankIdCookie(c, settings);
    const body: BankIdCancelResponse = { cancelled: true };
    return c.json(body);
  });

  routes.get(apiPaths.personalNumber, session, async (c) => {
    const { user } = c.get('session');
    const body: PersonalNumberInfo = { personalNumber: await services.personalNumbers.shown(user) };
    return c.json(body);
  });

  routes.post(apiPaths.personalNumber, session, async (c) => {
    const { personalNumber } = await parseJsonBody(c, SetPersonalNumberRequest);
    const result = await services.personalNumberSettings.change(c.get('session'), personalNumber);
    if (isFlowError(result)) throw flowError(result);
    const body: PersonalNumberInfo = { personalNumber: await services.personalNumbers.shown(result.user) };
    return c.json(body);
  });

  routes.post(apiPaths.personalNumberRemove, session, async (c) => {
    await parseJsonBody(c, EmptyRequest);
    const result = await services.personalNumberSettings.change(c.get('session'), null);
    if (isFlowError(result)) throw flowError(result);
    const body: PersonalNumberInfo = { personalNumber: null };
    return c.json(body);
  });

  return routes;
}
