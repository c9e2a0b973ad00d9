import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for state-changing requests: the body must be JSON (another origin cannot send that without a CORS
 * preflight, granted only to the allowed origins) and a browser's Origin, when sent, must be this API's own host or
 * an allowed origin.
 * Non-browser clients such as the CLI send no Origin and are let through: they carry no ambient cookies.
 */
export function requireJsonFromAllowedOrigin(allowedOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowedOrigin(origin, new URL(c.req.url).host, allowedOrigins)) {
      throw new ApiError(403, 'forbidden_origin', 'Requests from this origin are not allowed.');
    }
    const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'Send the request body as application/json.');
    }
    return next();
  };
}

/** `host` is the request URL's, which the Node adapter builds from the Host header. */
function isAllowedOrigin(origin: string, host: string, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.includes(origin)) return true;
  try {
    // Scheme is not compared: behind a TLS-terminating proxy the server sees http while the browser says https.
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
