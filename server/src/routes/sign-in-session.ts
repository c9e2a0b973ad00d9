import type { DoneStep } from '@portico/contract';
import type { Context } from 'hono';
import type { UserRecord } from '../ports/store.ts';
import type { ActiveSession } from '../services/session-service.ts';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { clearSessionCookie, readSessionToken, writeSessionCookie } from './middleware/session-cookie.ts';

/**
 * Signs `user` in on this response: a new session every time, and the one the browser presented (if any) ends, so a
 * token planted before sign-in (session fixation) never gains rights.
 */
export async function signIn(c: Context<AppEnv>, services: Services, settings: AppSettings, user: UserRecord): Promise<DoneStep> {
  const previous = readSessionToken(c, settings.secureCookies);
  if (previous) await services.sessions.end(previous);
  const { token, record } = await services.sessions.start(user.id);
  writeSessionCookie(c, settings.secureCookies, token, record.expiresAt);
  return { step: 'done', user: toUser(user), session: services.sessions.summary(record) };
}

/**
 * The session this request is signed in with, or a 401 `unauthenticated`. A cookie naming no live session is cleared,
 * so the browser stops sending it.
 */
export async function requireSession(
  c: Context<AppEnv>,
  services: Services,
  settings: AppSettings,
): Promise<ActiveSession & { token: string }> {
  const token = readSessionToken(c, settings.secureCookies);
  const active = token ? await services.sessions.resolve(token) : null;
  if (!token || !active) {
    if (token) clearSessionCookie(c, settings.secureCookies);
    throw new ApiError(401, 'unauthenticated', 'Not signed in.');
  }
  return { ...active, token };
}
