import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { noteAnswerHeader } from './answer-headers.ts';
import { cors } from 'hono/cors';

/**
 * CORS for a host site on another origin of the same site (`https://www.example.com` calling
 * `https://auth.example.com`): only the origins on the allow-list get `Access-Control-Allow-Origin` (their own
 * origin, never `*`) with credentials, so their pages can send the session cookie and read the answers. Every other
 * origin gets no CORS headers: the browser keeps the answer from it, and the CSRF check refuses its state changes.
 *
 * Without an allow-list (the API serves its own pages, the default) this adds nothing.
 */
export function allowListedCors(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins);
  const withCors = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST'],
    // What the client sends: JSON bodies (the CSRF check requires them) and Accept.
    allowHeaders: ['Content-Type', 'Accept'],
    maxAge: 600,
  });
  return async (c, next) => {
    if (allowed.size === 0) return next();
    // Hono's middleware sets its headers on the context: the answer is then made through Hono (answer-headers.ts).
    noteAnswerHeader(c);
    const origin = c.req.header('origin');
    // Hono's middleware would still mark foreign answers with Allow-Credentials; leave those untouched.
    if (origin === undefined || !allowed.has(origin)) {
      await next();
      c.header('Vary', 'Origin', { append: true });
      return;
    }
    return withCors(c, next);
  };
}
