import type { MiddlewareHandler } from 'hono';
import { constantTimeEqual } from '../../services/tokens.ts';
import type { AppEnv, Services } from '../app-env.ts';
import { ApiError } from './api-error.ts';

/**
 * Admin endpoints (and the API-key ones) take `Authorization: Bearer <token>`, compared in constant time; with no
 * tokens configured they are closed to everyone.
 */
export function requireAdminToken(tokens: readonly string[], refusal = 'A valid admin token is required.'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    let valid = false;
    if (presented) {
      for (const token of tokens) if (await constantTimeEqual(presented, token)) valid = true;
    }
    if (!valid) throw new ApiError(401, 'unauthorized', refusal);
    return next();
  };
}

/**
 * After the admin token is checked: the request acts as an administrator, and every admin call (reads too: support
 * looking someone up is access to their data) is an `admin.action` entry of the activity log, with its route and
 * outcome.
 */
export function logAdminAction(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    services.activity.actingAdmin();
    try {
      await next();
    } finally {
      const detail = { method: c.req.method, path: c.req.path, status: c.res.status };
      await services.activity.recordAlone('admin.action', { actorUserId: null, detail });
    }
  };
}
