import type { WebAuthnRelatedOrigins } from '@portico/contract';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { RelyingParty } from '../services/passkeys/passkeys.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { setAnswerHeader } from './middleware/answer-headers.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { ownOrigin } from './middleware/csrf.ts';
import { readDeviceToken, readWebAuthnToken, writeWebAuthnCookie } from './middleware/session-cookie.ts';
import { answerSignIn, renewSession, requesterOf, signingInBrowser } from './sign-in-session.ts';

/**
 * The relying party of this request: the configured RP ID (or, in development, the host the request came to) and the
 * origins whose pages may answer: the configured ones and the API's own.
 */
export function relyingParty(c: Context<AppEnv>, settings: AppSettings): RelyingParty {
  const url = new URL(c.req.url);
  const own = ownOrigin(c.get('https'), url.host);
  const origins = new Set(settings.webauthn.origins);
  if (own) origins.add(own);
  return { id: settings.webauthn.rpId ?? url.hostname, name: settings.productName, origins: [...origins] };
}

/**
 * Passkeys: signing in with one (the button and the e-mail field's autofill), and adding, renaming and removing them
 * under My details. The `mfa` step's passkey options live here too; its answer goes to `/api/auth/mfa/verify`.
 */
export function passkeyRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const { passkeys, securitySettings: security } = services;
  const notOffered = () => flowError({ error: 'method_not_allowed' });

  route('passkeySignInOptions', async (c) => {
    if (!passkeys.signInOffered) throw notOffered();
    const ceremony = await passkeys.signInOptions(relyingParty(c, settings), readWebAuthnToken(c, settings, 'sign_in'));
    writeWebAuthnCookie(c, settings, 'sign_in', ceremony.token, ceremony.expiresAt);
    return { options: ceremony.options };
  });

  route('passkeySignIn', async (c, { credential, locale }) => {
    if (!passkeys.signInOffered) throw notOffered();
    // The cookie stays: the challenge answered is spent, but another tab may be waiting on one of its own.
    const token = readWebAuthnToken(c, settings, 'sign_in');
    const passed = await passkeys.verifySignIn(token, credential, relyingParty(c, settings), await requesterOf(c, services, settings));
    if (isFlowError(passed)) throw flowError(passed);
    // Possession of the passkey and the PIN or biometrics that unlocked it: two factors, so no second step.
    return answerSignIn(c, settings, await services.signInSessions.withoutSecondStep(passed.user, signingInBrowser(c, settings), ['pop', 'mfa'], locale));
  });

  route('mfaPasskeyOptions', async (c, { challenge }) => {
    const ceremony = await services.mfaSignIn.passkeyOptions(challenge, relyingParty(c, settings), readWebAuthnToken(c, settings, 'mfa'));
    if (isFlowError(ceremony)) throw flowError(ceremony);
    writeWebAuthnCookie(c, settings, 'mfa', ceremony.token, ceremony.expiresAt);
    return { options: ceremony.options };
  });

  route('passkeyRegistrationOptions', async (c) => {
    const signedIn = c.get('session');
    const ceremony = await security.passkeyRegistrationOptions(signedIn, relyingParty(c, settings), readWebAuthnToken(c, settings, 'register'));
    if (isFlowError(ceremony)) throw flowError(ceremony);
    writeWebAuthnCookie(c, settings, 'register', ceremony.token, ceremony.expiresAt);
    return { options: ceremony.options };
  });

  route('passkeys', async (c, { credential, name }) => {
    const signedIn = c.get('session');
    const token = readWebAuthnToken(c, settings, 'register');
    const result = await security.addPasskey(signedIn, token, credential, name, c.req.header('user-agent'), relyingParty(c, settings));
    if (isFlowError(result)) throw flowError(result);
    // A new way to sign in is a factor change: a new session token, as for every other.
    const renewed = await renewSession(c, services, settings, signedIn);
    return security.overview({ ...signedIn, ...renewed }, readDeviceToken(c, settings));
  });

  route('passkeyRename', async (c, { id, name }) => {
    const signedIn = c.get('session');
    const renamed = await passkeys.rename(signedIn.user, id, name);
    if (isFlowError(renamed)) throw flowError(renamed);
    return security.overview(signedIn, readDeviceToken(c, settings));
  });

  route('passkeyRemove', async (c, { id }) => {
    const signedIn = c.get('session');
    const removed = await security.removePasskey(signedIn, id);
    if (isFlowError(removed)) throw flowError(removed);
    const renewed = await renewSession(c, services, settings, signedIn);
    return security.overview({ ...signedIn, ...renewed }, readDeviceToken(c, settings));
  });

  return routes;
}

/**
 * `GET /.well-known/webauthn` (WebAuthn Related Origin Requests): the origins outside the RP ID's domain that may use
 * its passkeys. Browsers fetch it from `https://<RP ID>`, so it serves a purpose where Portico answers on the RP ID's
 * own host; with no such origins configured it is not there (404).
 */
export function webauthnWellKnownRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const { rpId, origins } = settings.webauthn;
  const related = rpId === null ? [] : origins.filter((origin) => !isUnderDomain(new URL(origin).hostname, rpId));
  if (related.length === 0) return routes;
  const body: WebAuthnRelatedOrigins = { origins: related };
  route('webauthnRelatedOrigins', (c) => {
    setAnswerHeader(c, 'Cache-Control', 'public, max-age=3600');
    return body;
  });
  return routes;
}

function isUnderDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
