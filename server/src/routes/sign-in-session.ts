import type { DoneStep } from '@portico/contract';
import type { Context } from 'hono';
import type { UserRecord } from '../ports/store.ts';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { readSessionToken, writeSessionCookie } from './middleware/session-cookie.ts';

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
