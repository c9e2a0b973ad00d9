import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { readWebAuthnToken } from './middleware/session-cookie.ts';
import { relyingParty } from './passkey-routes.ts';
import { answerSignIn, requesterOf, signingInBrowser } from './sign-in-session.ts';

/**
 * The second step of signing in (the `mfa` and `mfa_setup` steps): the challenge from the sign-in answer stands in
 * for a session until a code completes it.
 */
export function mfaRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const { signInSessions } = services;

  route('mfaVerify', async (c, request) => {
    const requester = await requesterOf(c, services, settings);
    if ('credential' in request) {
      const token = readWebAuthnToken(c, settings, 'mfa');
      const passed = await services.mfaSignIn.verifyPasskey(request.challenge, token, request.credential, relyingParty(c, settings), requester);
      if (isFlowError(passed)) throw flowError(passed);
      return answerSignIn(c, settings, await signInSessions.afterSecondStep(passed.user, signingInBrowser(c, settings), request.trustDevice, 'webauthn'));
    }
    const proof = 'recoveryCode' in request ? { recoveryCode: request.recoveryCode } : { channel: request.channel, code: request.code };
    const passed = await services.mfaSignIn.verify(request.challenge, proof, requester);
    if (isFlowError(passed)) throw flowError(passed);
    const method = 'recoveryCode' in request ? 'recovery' : request.channel;
    return answerSignIn(c, settings, await signInSessions.afterSecondStep(passed.user, signingInBrowser(c, settings), request.trustDevice, method));
  });

  route('mfaSend', async (_c, { challenge, channel }) => {
    const step = await services.mfaSignIn.send(challenge, channel);
    if (isFlowError(step)) throw flowError(step);
    return step;
  });

  route('mfaSetupTotp', async (_c, { challenge }) => {
    const setup = await services.mfaSignIn.startTotpSetup(challenge);
    if (isFlowError(setup)) throw flowError(setup);
    return setup;
  });

  route('mfaSetupSms', async (c, { challenge, phone }) => {
    const sent = await services.mfaSignIn.startSmsSetup(challenge, phone, c.get('clientAddress'));
    if (isFlowError(sent)) throw flowError(sent);
    return sent;
  });

  for (const [name, method] of [
    ['mfaSetupTotpConfirm', 'totp'],
    ['mfaSetupSmsConfirm', 'sms'],
  ] as const) {
    route(name, async (c, { challenge, code, trustDevice }) => {
      const passed = await services.mfaSignIn.confirmSetup(challenge, method, code, await requesterOf(c, services, settings));
      if (isFlowError(passed)) throw flowError(passed);
      return answerSignIn(c, settings, await signInSessions.afterSecondStep(passed.user, signingInBrowser(c, settings), trustDevice, method));
    });
  }

  return routes;
}
