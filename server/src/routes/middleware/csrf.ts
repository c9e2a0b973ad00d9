import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from './api-error.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for state-changing requests: the body must be JSON (another origin cannot send that without a CORS
 * preflight, granted only to the allowed origins) and a browser's Origin, when sent, must be this API's own origin
 * (scheme included) or an allowed origin.
 * Non-browser clients such as the CLI send no Origin and are let through: they carry no ambient cookies.
 */
export function requireJsonFromAllowedOrigin(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowedOrigin(origin, ownOrigin(c.get('https'), new URL(c.req.url).host), allowedOrigins)) {
      throw new ApiError(403, 'forbidden_origin', 'Requests from this origin are not allowed.');
    }
    const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'Send the request body as application/json.');
    }
    return next();
  };
}

/**
 * The origin a page of this API's own would send: the request's host (the Node adapter builds the URL from the Host
 * header) with the scheme the request counts as (https behind a trusted TLS proxy, though the server sees http).
 * The scheme matters: a page served in clear on the same host is another origin, whose content anyone on the way
 * can alter. Null when the host does not make an origin.
 */
export function ownOrigin(https: boolean, host: string): string | null {
  try {
    // Through URL, so a default port in the Host header (`:443`) is dropped as browsers drop it from Origin.
    return new URL(`${https ? 'https' : 'http'}://${host}`).origin;
  } catch {
    return null;
  }
}

function isAllowedOrigin(origin: string, own: string | null, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.includes(origin) || (own !== null && origin.toLowerCase() === own);
}
