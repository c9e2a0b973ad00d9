import type { Context } from 'hono';
import type { AppEnv, AppSettings } from './app-env.ts';

/**
 * Where mailed links lead: the configured public URL. Only without one (development; production refuses to start
 * so) does the API's own origin stand in; a link base is never taken from Origin or other request headers.
 */
export function publicUrl(c: Context<AppEnv>, settings: AppSettings): string {
  return settings.publicUrl ?? new URL(c.req.url).origin;
}
