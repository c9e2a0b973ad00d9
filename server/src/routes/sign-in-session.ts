import type { MfaSetupStep, MfaStep } from '@portico/contract';
import type { Context } from 'hono';
import type { SessionRecord } from '../ports/store.ts';
import type { Requester } from '../services/limits/budgets.ts';
import { SessionRenewedError } from '../services/session-service.ts';
import type { LoginRefused, SessionStarted, SignedIn, SigningInBrowser } from '../services/sign-in-sessions.ts';
import type { AppEnv, AppSettings, Services, SignedInSession } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { isRead } from './middleware/read-request.ts';
import {
  clearSessionCookie,
  readDeviceToken,
  readKnownBrowserToken,
  readSessionToken,
  wasOfferedPasskey,
  writeDeviceCookie,
  writePasskeyOfferCookie,
  writeKnownBrowserCookie,
  writeSessionCookie,
} from './middleware/session-cookie.ts';

/**
 * Who is asking, for the failure budgets: the client's address, and this browser's sign-in history (a known-browser
 * cookie of an account it signed in to before).
 */
export async function requesterOf(c: Context<AppEnv>, services: Services, settings: AppSettings): Promise<Requester> {
  return { address: c.get('clientAddress'), knownBrowser: await services.knownBrowsers.identify(readKnownBrowserToken(c, settings)) };
}

/** Who is asking, where only the client's address counts (sends anyone can ask for). */
export function addressOf(c: Context<AppEnv>): Requester {
  return { address: c.get('clientAddress'), knownBrowser: null };
}

/** What this browser brings to a sign-in: the cookies it kept from earlier visits, and what it is. */
export function signingInBrowser(c: Context<AppEnv>, settings: AppSettings): SigningInBrowser {
  return {
    sessionToken: readSessionToken(c, settings),
    knownBrowserToken: readKnownBrowserToken(c, settings),
    deviceToken: readDeviceToken(c, settings),
    offeredPasskey: wasOfferedPasskey(c, settings),
    userAgent: c.req.header('user-agent') ?? null,
    clientAddress: c.get('clientAddress'),
  };
}

/**
 * The answer to a sign-in the services completed: the new session, and the other tokens the browser is to keep, go
 * into its cookies. A disabled login is refused as a wrong password is.
 */
export function answerSignIn(c: Context<AppEnv>, settings: AppSettings, outcome: SessionStarted | LoginRefused): SignedIn {
  if ('error' in outcome) throw new ApiError(401, 'invalid_credentials', 'The e-mail address or password is incorrect.');
  writeSessionCookie(c, settings, outcome.session.token, outcome.session.expiresAt);
  writeKnownBrowserCookie(c, settings, outcome.knownBrowser.token, outcome.knownBrowser.expiresAt);
  if (outcome.passkeyOfferedUntil) writePasskeyOfferCookie(c, settings, outcome.passkeyOfferedUntil);
  if (outcome.trustedDevice) writeDeviceCookie(c, settings, outcome.trustedDevice.token, outcome.trustedDevice.expiresAt);
  return outcome.answer;
}

/** `answerSignIn` after a password: a second step the services ask for is answered as it is, with no cookie. */
export function answerPasswordAccepted(
  c: Context<AppEnv>,
  settings: AppSettings,
  outcome: SessionStarted | LoginRefused | MfaStep | MfaSetupStep,
): SignedIn | MfaStep | MfaSetupStep {
  return 'step' in outcome ? outcome : answerSignIn(c, settings, outcome);
}

/**
 * A new token for the signed-in session after its factors or recovery data changed (the baseline renews sessions on
 * every sign-in and factor change), so a token that leaked before the change is worthless after it.
 */
export async function renewSession(
  c: Context<AppEnv>,
  services: Services,
  settings: AppSettings,
  active: { token: string; record: SessionRecord },
): Promise<{ token: string; record: SessionRecord }> {
  try {
    const renewed = await services.sessions.renew(active.token, active.record);
    writeSessionCookie(c, settings, renewed.token, renewed.record.expiresAt);
    return renewed;
  } catch (error) {
    throw renewalConflict(error);
  }
}

/**
 * Another request of this browser renewed the session a moment ago (two changes at once): its answer carries the new
 * cookie, so this one must not clear it; the browser can simply try again.
 */
export function renewalConflict(error: unknown): unknown {
  return error instanceof SessionRenewedError ? new ApiError(409, 'conflict', 'Another request renewed this session a moment ago. Try again.') : error;
}

/**
 * The session this request is signed in with (routes of `session` endpoints find it as `c.get('session')`, see
 * `endpointRoutes`), or a 401 `unauthenticated` (`session_renewed` for a token renewed
 * a moment ago by another request of the same page). A request that changes something is checked
 * against the store, never a node's memory, so a session ended on another node a moment ago cannot write. A read's
 * cookie naming no live session is cleared, so the browser stops sending it; a change's is not: it may be a request
 * that lost the race against another renewing the session (two clicks at once), whose answer carries the new cookie,
 * which a clearing answer arriving after it would wipe.
 */
export async function requireSession(c: Context<AppEnv>, services: Services, settings: AppSettings): Promise<SignedInSession> {
  const token = readSessionToken(c, settings);
  const read = isRead(c);
  const active = token ? await services.sessions.resolve(token, { fresh: !read }) : null;
  if (!token || !active) {
    // Sent just before another request's renewal answered: the browser has (or is about to get) the new cookie, so
    // this is no sign-out, and clearing the cookie here could wipe the new one. The page may simply ask again.
    if (token && (await services.sessions.wasJustRenewed(token))) {
      throw new ApiError(401, 'session_renewed', 'Another request renewed this session a moment ago. Try again.');
    }
    if (token && read) clearSessionCookie(c, settings);
    throw new ApiError(401, 'unauthenticated', 'Not signed in.');
  }
  services.activity.actingUser(active.user.id);
  return { ...active, token };
}
