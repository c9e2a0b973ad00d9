import { apiPaths, ChallengeCodeRequest, ChallengePhoneRequest, ChallengeRequest, MfaSendRequest, MfaVerifyRequest } from '@portico/contract';
import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { readWebAuthnToken } from './middleware/session-cookie.ts';
import { relyingParty } from './passkey-routes.ts';
import { requesterOf, signInAfterSecondStep } from './sign-in-session.ts';

/**
 * The second step of signing in (the `mfa` and `mfa_setup` steps): the challenge from the sign-in answer stands in
 * for a session until a code completes it.
 */
export function mfaRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(apiPaths.mfaVerify, async (c) => {
    const request = await parseJsonBody(c, MfaVerifyRequest);
    const requester = await requesterOf(c, services, settings);
    if ('credential' in request) {
      const token = readWebAuthnToken(c, settings, 'mfa');
      const passed = await services.mfaSignIn.verifyPasskey(request.challenge, token, request.credential, relyingParty(c, settings), requester);
      if (isFlowError(passed)) throw flowError(passed);
      return c.json(await signInAfterSecondStep(c, services, settings, passed.user, request.trustDevice, 'webauthn'));
    }
    const proof = 'recoveryCode' in request ? { recoveryCode: request.recoveryCode } : { channel: request.channel, code: request.code };
    const passed = await services.mfaSignIn.verify(request.challenge, proof, requester);
    if (isFlowError(passed)) throw flowError(passed);
    const method = 'recoveryCode' in request ? 'recovery' : request.channel;
    return c.json(await signInAfterSecondStep(c, services, settings, passed.user, request.trustDevice, method));
  });

  routes.post(apiPaths.mfaSend, async (c) => {
    const { challenge, channel } = await parseJsonBody(c, MfaSendRequest);
    const step = await services.mfaSignIn.send(challenge, channel);
    if (isFlowError(step)) throw flowError(step);
    return c.json(step);
  });

  routes.post(apiPaths.mfaSetupTotp, async (c) => {
    const { challenge } = await parseJsonBody(c, ChallengeRequest);
    const setup = await services.mfaSignIn.startTotpSetup(challenge);
    if (isFlowError(setup)) throw flowError(setup);
    return c.json(setup);
  });

  routes.post(apiPaths.mfaSetupSms, async (c) => {
    const { challenge, phone } = await parseJsonBody(c, ChallengePhoneRequest);
    const sent = await services.mfaSignIn.startSmsSetup(challenge, phone, c.get('clientAddress'));
    if (isFlowError(sent)) throw flowError(sent);
    return c.json(sent);
  });

  for (const [path, method] of [
    [apiPaths.mfaSetupTotpConfirm, 'totp'],
    [apiPaths.mfaSetupSmsConfirm, 'sms'],
  ] as const) {
    routes.post(path, async (c) => {
      const { challenge, code, trustDevice } = await parseJsonBody(c, ChallengeCodeRequest);
      const passed = await services.mfaSignIn.confirmSetup(challenge, method, code, await requesterOf(c, services, settings));
      if (isFlowError(passed)) throw flowError(passed);
      return c.json(await signInAfterSecondStep(c, services, settings, passed.user, trustDevice, method));
    });
  }

  return routes;
}
