import { ActivityPageQuery, AdminActivityQuery, apiPaths } from '@portico/contract';
import { Hono, type Context } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { logAdminAction, requireAdminToken } from './admin-routes.ts';
import { flowError } from './flow-errors.ts';
import { ApiError } from './middleware/api-error.ts';
import { signedInOnly } from './sign-in-session.ts';

/**
 * Reading the activity log: a user's own entries ("Recent activity" in My details), the active account's for its
 * owners, and anyone's for support (admin token; `activity list` in the CLI), filtered and paged, newest first.
 */
export function activityRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const session = signedInOnly(services, settings);

  function pageQuery<T>(c: Context<AppEnv>, schema: { safeParse(input: unknown): { success: true; data: T } | { success: false } }): T {
    const parsed = schema.safeParse(c.req.query());
    if (!parsed.success) throw new ApiError(400, 'invalid_request', 'before must be an entry id, limit 1–100.');
    return parsed.data;
  }

  routes.get(apiPaths.activity, session, async (c) => {
    const { user } = c.get('session');
    const query = pageQuery(c, ActivityPageQuery);
    return c.json(await services.activity.page({ subjectUserId: user.id }, query, user.locale ?? services.policy.defaultLocale));
  });

  /** The active account's log, for its owners. */
  routes.get(apiPaths.accountActivity, session, async (c) => {
    const { user, record } = c.get('session');
    const query = pageQuery(c, ActivityPageQuery);
    const linked = record.activeAccount ? await services.customerAccounts.findForUser(user.id, record.activeAccount) : null;
    if (!linked) throw flowError({ error: 'no_active_account' });
    if (linked.role !== 'owner') throw flowError({ error: 'role_forbidden' });
    const locale = user.locale ?? services.policy.defaultLocale;
    return c.json(await services.activity.page({ customerId: linked.account.customerId }, query, locale, { namePeople: true }));
  });

  // The admin token first (this file is mounted before the admin routes, whose guards cover their own paths only).
  routes.use(apiPaths.adminActivity, requireAdminToken(settings.adminTokens), logAdminAction(services));
  routes.get(apiPaths.adminActivity, async (c) => {
    const query = pageQuery(c, AdminActivityQuery);
    return c.json(await services.activity.adminPage(query, services.policy.defaultLocale));
  });

  return routes;
}
