import type { ActiveSession } from '@portico/contract';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { SessionRecord, UserRecord } from '../ports/store.ts';
import { type SignedInSession, toActiveSession } from '../services/session-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { ApiError } from './middleware/api-error.ts';
import { clearDeviceCookie, readDeviceToken, writeSessionCookie } from './middleware/session-cookie.ts';
import { renewalConflict, renewSession, requesterOf } from './sign-in-session.ts';

/**
 * Two-factor authentication in the profile (two-step verification): the security overview, re-authentication, enabling and
 * disabling methods, the recovery phone and codes, trusted devices and other sessions. Changes answer the new
 * overview, so the UI renders what is stored.
 */
export function securityRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const security = services.securitySettings;

  const overview = (c: Context<AppEnv>, signedIn: SignedInSession) => security.overview(signedIn, readDeviceToken(c, settings));

  /** After a change of factors or recovery data: a new session token, then the overview as it now is. */
  async function changed(c: Context<AppEnv>, signedIn: SignedInSession) {
    const renewed = await renewSession(c, services, settings, signedIn);
    return overview(c, { ...signedIn, ...renewed });
  }

  route('security', (c) => overview(c, c.get('session')));

  route('reauth', async (c, proof) => {
    const signedIn = c.get('session');
    const result = await security.reauthenticate(signedIn, proof, await requesterOf(c, services, settings)).catch((error: unknown) => {
      throw renewalConflict(error);
    });
    if (isFlowError(result)) throw flowError(result);
    // Proving who one is again starts a new session token (ASVS 7.2.4).
    writeSessionCookie(c, settings, result.session.token, result.session.record.expiresAt);
    return { reauthenticatedUntil: result.until.toISOString() };
  });

  route('reauthSend', async (c, { channel }) => {
    const { user } = c.get('session');
    const sent = await security.sendReauthCode(user, channel);
    if (isFlowError(sent)) throw flowError(sent);
    return sent;
  });

  route('totp', async (c) => {
    const setup = await security.startTotp(c.get('session'));
    if (isFlowError(setup)) throw flowError(setup);
    return setup;
  });

  route('totpConfirm', async (c, { code }) => {
    const signedIn = c.get('session');
    const result = await security.confirmTotp(signedIn, code);
    if (isFlowError(result)) throw flowError(result);
    return changed(c, signedIn);
  });

  for (const [start, confirm, kind] of [
    ['sms', 'smsConfirm', 'sms'],
    ['recoveryPhone', 'recoveryPhoneConfirm', 'recovery_phone'],
  ] as const) {
    route(start, async (c, { phone }) => {
      const sent = await security.startPhone(c.get('session'), kind, phone, c.get('clientAddress'));
      if (isFlowError(sent)) throw flowError(sent);
      return sent;
    });

    route(confirm, async (c, { code }) => {
      const signedIn = c.get('session');
      const result = await security.confirmPhone(signedIn, kind, code);
      if (isFlowError(result)) throw flowError(result);
      return changed(c, signedIn);
    });
  }

  route('mfaDisable', async (c, { method }) => {
    const signedIn = c.get('session');
    const result = await security.disable(signedIn, method);
    if (isFlowError(result)) throw flowError(result);
    return result.changed ? changed(c, signedIn) : overview(c, signedIn);
  });

  route('recoveryPhoneRemove', async (c) => {
    const signedIn = c.get('session');
    const result = await security.removeRecoveryPhone(signedIn);
    if (isFlowError(result)) throw flowError(result);
    return result.changed ? changed(c, signedIn) : overview(c, signedIn);
  });

  route('recoveryCodes', async (c) => {
    const signedIn = c.get('session');
    // Re-authentication was asked for before this runs (the entry's `reauth`), so a stale session is not renewed here.
    // Renewed first: of several regenerations at once, the one that renews is the one that generates, so the codes
    // shown are the codes stored, and one session remains.
    const renewed = await renewSession(c, services, settings, signedIn);
    const result = await security.generateRecoveryCodes({ ...signedIn, ...renewed });
    if (isFlowError(result)) throw flowError(result);
    return { codes: result.codes };
  });

  route('trustedDeviceRevoke', async (c, { id }) => {
    const signedIn = c.get('session');
    const deviceToken = readDeviceToken(c, settings);
    const thisBrowser = await services.trustedDevices.isToken(deviceToken, id);
    const result = await security.revokeTrustedDevice(signedIn.user, id);
    if (isFlowError(result)) throw flowError(result);
    // This browser's own trust: its cookie goes too, so it stops presenting a dead token.
    if (thisBrowser) clearDeviceCookie(c, settings);
    return security.overview(signedIn, thisBrowser ? undefined : deviceToken);
  });

  route('endOtherSessions', async (c) => {
    const { user, token } = c.get('session');
    return { ended: await services.sessions.endAllForUser(user.id, token) };
  });

  route('sessions', async (c) => {
    const { user, record } = c.get('session');
    return { sessions: await activeSessions(user, record) };
  });

  /** Signs one of the user's other sessions out; that browser finds itself signed out at its next request. */
  route('sessionEnd', async (c, { id }) => {
    const { user, record } = c.get('session');
    if (!(await services.sessions.endOther(record, id))) throw new ApiError(404, 'not_found', 'No such session.');
    return { sessions: await activeSessions(user, record) };
  });

  async function activeSessions(user: UserRecord, current: SessionRecord): Promise<ActiveSession[]> {
    const locale = user.locale ?? services.policy.defaultLocale;
    return (await services.sessions.listForUser(user.id)).map((session) => toActiveSession(session, locale, current.id));
  }

  return routes;
}
