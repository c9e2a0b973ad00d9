import { Hono } from 'hono';
import { EmailTakenError } from '../ports/store.ts';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { answerWith, endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { publicUrl } from './public-url.ts';
import { addressOf } from './sign-in-session.ts';
import { ApiError } from './middleware/api-error.ts';

/** Self sign-up (by a mailed link or code) and invitations (order onboarding, welcome-mail invitation). */
export function signUpRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  route('signUp', async (c, { email, name, locale }) => {
    const step = await services.signUpFlows.start(email, addressOf(c), publicUrl(c, settings), { name, locale });
    if (isFlowError(step)) throw flowError(step);
    return answerWith(step, 202);
  });

  route('signUpVerify', async (c, { email, code }) => {
    const step = await services.signUpFlows.verifyCode(email, code, addressOf(c));
    if (isFlowError(step)) throw flowError(step);
    return step;
  });

  route('invitationEmail', async (c, { token, email, locale }) => {
    const step = await services.signUpFlows.confirmInvitationEmail(token, email, publicUrl(c, settings), locale);
    if (isFlowError(step)) throw flowError(step);
    return answerWith(step, 202);
  });

  route('adminInvitations', async (c, { email, name }) => {
    try {
      const { user, resent } = await services.signUpFlows.invite(email, name, publicUrl(c, settings));
      return answerWith({ user: toUser(user), resent }, resent ? 200 : 201);
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ApiError(409, 'conflict', 'A user with this e-mail exists already.');
      throw error;
    }
  });

  return routes;
}
