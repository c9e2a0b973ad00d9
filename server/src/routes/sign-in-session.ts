import { type AuthMethod, type ChooseAccountStep, type DoneStep, type MfaSetupStep, type MfaStep } from '@portico/contract';
import type { Context } from 'hono';
import type { SessionRecord, UserRecord } from '../ports/store.ts';
import type { Requester } from '../services/limits/budgets.ts';
import { SessionRenewedError } from '../services/session-service.ts';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services, SignedInSession } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
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

/** Every way of signing in ends here: the `done` step, or the account picker for a user of several accounts. */
export type SignedIn = DoneStep | ChooseAccountStep;

/**
 * Signs `user` in on this response: a new session every time, and the one the browser presented (if any) ends, so a
 * token planted before sign-in (session fixation) never gains rights. The session works in the user's only customer
 * account, or in none: a user linked to several gets `choose_account` (order onboarding) with the session already started,
 * and picks one with `POST /api/account/active`.
 */
export async function signIn(c: Context<AppEnv>, services: Services, settings: AppSettings, user: UserRecord, authMethods: AuthMethod[]): Promise<SignedIn> {
  // Each way in refuses a disabled login as it refuses a wrong password; this is the last line, should one forget.
  if (user.disabledAt) throw new ApiError(401, 'invalid_credentials', 'The e-mail address or password is incorrect.');
  const previous = readSessionToken(c, settings);
  if (previous) await services.sessions.end(previous, 'replaced');
  const { accounts, activeAccount, mustChoose } = await services.customerAccounts.atSignIn(user.id);
  const client = { userAgent: c.req.header('user-agent') ?? null, clientAddress: c.get('clientAddress') };
  const { token, record } = await services.sessions.start(user, authMethods, activeAccount?.customerId ?? null, client);
  writeSessionCookie(c, settings, token, record.expiresAt);
  // From now on this browser's failed sign-ins to the account spend its own budget (Budgets.failures).
  const known = await services.knownBrowsers.remember(user.id, readKnownBrowserToken(c, settings));
  writeKnownBrowserCookie(c, settings, known.token, known.expiresAt);
  if (mustChoose) return { step: 'choose_account', accounts };
  return { step: 'done', user: toUser(user), session: services.sessions.summary(record), activeAccount, accounts };
}

/**
 * What a right password (or a just-proven address) leads to: signed in, or the second step, unless this browser is
 * trusted for the user.
 */
export async function afterPassword(
  c: Context<AppEnv>,
  services: Services,
  settings: AppSettings,
  user: UserRecord,
  options: { failuresOnRecord: boolean; emailJustProven?: boolean; requester?: Requester },
): Promise<SignedIn | MfaStep | MfaSetupStep> {
  const { requester, ...rest } = options;
  const accepted = await services.mfaSignIn.afterPassword(user, {
    requester: requester ?? (await requesterOf(c, services, settings)),
    deviceToken: readDeviceToken(c, settings),
    ...rest,
  });
  // A link's ticket proved the address as a one-time secret would; a trusted browser skips the second step, so it
  // counts as the password alone.
  const authMethods: AuthMethod[] = options.emailJustProven ? ['pwd', 'otp'] : ['pwd'];
  return accepted.outcome === 'done' ? offerPasskey(c, services, settings, user, await signIn(c, services, settings, user, authMethods)) : accepted.step;
}

/**
 * After a password sign-in: the answer's `offerPasskey` (see Passkeys.offerAfterPasswordSignIn), and a cookie so this
 * browser is not offered one again for a while.
 */
async function offerPasskey(c: Context<AppEnv>, services: Services, settings: AppSettings, user: UserRecord, signedIn: SignedIn): Promise<SignedIn> {
  if (wasOfferedPasskey(c, settings)) return signedIn;
  const until = await services.passkeys.offerAfterPasswordSignIn(user.id);
  if (!until) return signedIn;
  writePasskeyOfferCookie(c, settings, until);
  return { ...signedIn, offerPasskey: true };
}

/**
 * How the second step was passed: an app's code, a text (to the phone or the recovery phone), a mailed code, a
 * recovery code, or a passkey or security key.
 */
export type SecondStepMethod = 'totp' | 'sms' | 'recovery_phone' | 'email' | 'recovery' | 'webauthn';

const secondStepAmr: Record<SecondStepMethod, AuthMethod> = {
  totp: 'otp',
  sms: 'sms',
  recovery_phone: 'sms',
  email: 'otp',
  recovery: 'otp',
  webauthn: 'pop',
};

/** Signs in after the second step; with `trustDevice` (where the policy offers it) this browser skips it next time. */
export async function signInAfterSecondStep(
  c: Context<AppEnv>,
  services: Services,
  settings: AppSettings,
  user: UserRecord,
  trustDevice: boolean,
  secondStep: SecondStepMethod,
): Promise<SignedIn> {
  const done = await offerPasskey(c, services, settings, user, await signIn(c, services, settings, user, ['pwd', secondStepAmr[secondStep], 'mfa']));
  if (trustDevice && services.trustedDevices.offered) {
    const previous = readDeviceToken(c, settings);
    const locale = user.locale ?? services.policy.defaultLocale;
    const trusted = await services.trustedDevices.trust(user.id, c.req.header('user-agent'), previous, locale);
    writeDeviceCookie(c, settings, trusted.token, trusted.expiresAt);
  }
  return done;
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

const reads = new Set(['GET', 'HEAD']);

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
  const read = reads.has(c.req.method);
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
