import { ActivityPageQuery, AdminActivityQuery } from '@portico/contract';
import { Hono, type Context } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { ApiError } from './middleware/api-error.ts';

/**
 * Reading the activity log: a user's own entries ("Recent activity" in My details), the active account's for its
 * owners, and anyone's for support (admin token; `activity list` in the CLI), filtered and paged, newest first.
 */
export function activityRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  function pageQuery<T>(c: Context<AppEnv>, schema: { safeParse(input: unknown): { success: true; data: T } | { success: false } }): T {
    const parsed = schema.safeParse(c.req.query());
    if (!parsed.success) throw new ApiError(400, 'invalid_request', 'before must be an entry id, limit 1–100.');
    return parsed.data;
  }

  route('activity', async (c) => {
    const { user } = c.get('session');
    const query = pageQuery(c, ActivityPageQuery);
    return services.activity.page({ subjectUserId: user.id }, query, user.locale ?? services.policy.defaultLocale);
  });

  /** The active account's log, for its owners. */
  route('accountActivity', async (c) => {
    const { user, record } = c.get('session');
    const query = pageQuery(c, ActivityPageQuery);
    const page = await services.customerAccounts.activity(record, query, user.locale ?? services.policy.defaultLocale);
    if (isFlowError(page)) throw flowError(page);
    return page;
  });

  route('adminActivity', async (c) => {
    const query = pageQuery(c, AdminActivityQuery);
    return services.activity.adminPage(query, services.policy.defaultLocale);
  });

  return routes;
}
