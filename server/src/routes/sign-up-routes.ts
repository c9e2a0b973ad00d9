import { apiPaths, type CreateInvitationResponse, CreateInvitationRequest, InvitationEmailRequest, SignUpRequest, VerifyCodeRequest } from '@portico/contract';
import { Hono } from 'hono';
import { EmailTakenError } from '../ports/store.ts';
import { toUser } from '../services/user-service.ts';
import { logAdminAction, requireAdminToken } from './admin-routes.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { publicUrl } from './public-url.ts';
import { addressOf } from './sign-in-session.ts';
import { ApiError } from './middleware/api-error.ts';
import { parseJsonBody } from './middleware/json-body.ts';

/** Self sign-up (by a mailed link or code) and invitations (order onboarding, welcome-mail invitation). */
export function signUpRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(apiPaths.signUp, async (c) => {
    const { email, name, locale } = await parseJsonBody(c, SignUpRequest);
    const step = await services.signUpFlows.start(email, addressOf(c), publicUrl(c, settings), { name, locale });
    if (isFlowError(step)) throw flowError(step);
    return c.json(step, 202);
  });

  routes.post(apiPaths.signUpVerify, async (c) => {
    const { email, code } = await parseJsonBody(c, VerifyCodeRequest);
    const step = await services.signUpFlows.verifyCode(email, code, addressOf(c));
    if (isFlowError(step)) throw flowError(step);
    return c.json(step);
  });

  routes.post(apiPaths.invitationEmail, async (c) => {
    const { token, email, locale } = await parseJsonBody(c, InvitationEmailRequest);
    const step = await services.signUpFlows.confirmInvitationEmail(token, email, publicUrl(c, settings), locale);
    if (isFlowError(step)) throw flowError(step);
    return c.json(step, 202);
  });

  routes.post(apiPaths.adminInvitations, requireAdminToken(settings.adminTokens), logAdminAction(services), async (c) => {
    const { email, name } = await parseJsonBody(c, CreateInvitationRequest);
    try {
      const { user, resent } = await services.signUpFlows.invite(email, name, publicUrl(c, settings));
      const body: CreateInvitationResponse = { user: toUser(user), resent };
      return c.json(body, resent ? 200 : 201);
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ApiError(409, 'conflict', 'A user with this e-mail exists already.');
      throw error;
    }
  });

  return routes;
}
