import {
  apiPaths,
  CreateCustomerAccountRequest,
  type CreateCustomerAccountResponse,
  CreateUserRequest,
  type CreateUserResponse,
  CustomerId,
  EmptyRequest,
  type LoginStatusResponse,
  type ResetFactorsResponse,
  SupportSearchQuery,
  UnlinkAccountRequest,
  type UnlinkAccountResponse,
  UnlockRequest,
  type UnlockResponse,
  type SupportSearchResult,
  type SupportUserView,
  LinkAccountRequest,
  type LinkAccountResponse,
  OnboardRequest,
  type OnboardResponse,
  RetryWebhooksRequest,
  type RetryWebhooksResponse,
  type UserList,
  type WebhookDeliveryList,
  WebhookListQuery,
} from '@portico/contract';
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { CustomerIdTakenError, EmailTakenError } from '../ports/store.ts';
import { toAccountSummary, toCustomerAccount } from '../services/customer-accounts.ts';
import { constantTimeEqual } from '../services/tokens.ts';
import { toUser } from '../services/user-service.ts';
import { toWebhookDeliverySummary } from '../services/webhooks/webhook-delivery.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { flowError } from './flow-errors.ts';
import { publicUrl } from './public-url.ts';

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

/** A user id from the path; anything but a uuid names nobody. */
function userIdParam(value: string | undefined): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new ApiError(404, 'not_found', 'No user has this id.');
  return parsed.data;
}

export function adminRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use(`${apiPaths.adminUsers}/*`, requireAdminToken(settings.adminTokens), logAdminAction(services));
  routes.use(apiPaths.adminUsers, requireAdminToken(settings.adminTokens), logAdminAction(services));
  routes.use(`${apiPaths.adminAccounts}/*`, requireAdminToken(settings.adminTokens), logAdminAction(services));
  routes.use(apiPaths.adminAccounts, requireAdminToken(settings.adminTokens), logAdminAction(services));
  routes.use(`${apiPaths.adminWebhooks}/*`, requireAdminToken(settings.adminTokens), logAdminAction(services));
  routes.use(apiPaths.adminWebhooks, requireAdminToken(settings.adminTokens), logAdminAction(services));
  routes.use(apiPaths.adminUnlock, requireAdminToken(settings.adminTokens), logAdminAction(services));

  routes.get(apiPaths.adminUsers, async (c) => {
    const body: UserList = { users: (await services.users.list()).map(toUser) };
    return c.json(body);
  });

  routes.post(apiPaths.adminUsers, async (c) => {
    const { email, password } = await parseJsonBody(c, CreateUserRequest);
    const rules = await services.passwords.failedRules(password);
    if (rules.length > 0) throw flowError({ error: 'weak_password', rules });
    try {
      const body: CreateUserResponse = { user: toUser(await services.users.create(email, password)) };
      return c.json(body, 201);
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ApiError(409, 'conflict', 'A user with this e-mail exists already.');
      throw error;
    }
  });

  /** A customer account (order onboarding, customer-ID migration), optionally with the password of its old customer-ID login. */
  routes.post(apiPaths.adminAccounts, async (c) => {
    const request = await parseJsonBody(c, CreateCustomerAccountRequest);
    if (request.legacyPassword !== undefined) {
      const rules = await services.passwords.failedRules(request.legacyPassword);
      if (rules.length > 0) throw flowError({ error: 'weak_password', rules });
    }
    try {
      const body: CreateCustomerAccountResponse = { account: toAccountSummary(await services.customerAccounts.create(request)) };
      return c.json(body, 201);
    } catch (error) {
      if (error instanceof CustomerIdTakenError) throw new ApiError(409, 'conflict', 'A customer account with this ID exists already.');
      throw error;
    }
  });

  /**
   * Onboards an order's address to the account (order onboarding, "First time logging in"): the login is created or found,
   * linked, and mailed one Confirm link. Limited per address, not per client address: this is the portal's back end.
   */
  routes.post(apiPaths.adminAccountOnboard, async (c) => {
    const customerId = CustomerId.safeParse(c.req.param('customerId'));
    if (!customerId.success) throw new ApiError(404, 'not_found', 'No customer account has this ID.');
    const request = await parseJsonBody(c, OnboardRequest);
    const outcome = await services.accountInvitations.onboard(customerId.data, request, publicUrl(c, settings));
    if ('error' in outcome) {
      if (outcome.error === 'not_found') throw new ApiError(404, 'not_found', 'No customer account has this ID.');
      throw flowError(outcome);
    }
    const body: OnboardResponse = { user: toUser(outcome.user), account: toCustomerAccount(outcome.linked), created: outcome.created };
    return c.json(body, outcome.created ? 201 : 200);
  });

  /** Unlinks a login from an account (`account unlink`); the account keeps an owner. */
  routes.post(apiPaths.adminAccountUnlink, async (c) => {
    const { customerId, email } = await parseJsonBody(c, UnlinkAccountRequest);
    const outcome = await services.customerAccounts.unlinkByAdmin(customerId, email);
    if (outcome === 'last_owner') throw flowError({ error: 'last_owner' });
    if (outcome !== 'unlinked')
      throw new ApiError(404, 'not_found', outcome === 'unknown_user' ? 'No user has this e-mail.' : 'This login is not linked to this account.');
    const body: UnlinkAccountResponse = { unlinked: true };
    return c.json(body);
  });

  /** Links a user (by e-mail) to an account with a role (the first owner by default); linking twice is harmless. */
  routes.post(apiPaths.adminAccountLinks, async (c) => {
    const { customerId, email, role } = await parseJsonBody(c, LinkAccountRequest);
    const outcome = await services.customerAccounts.link(customerId, email, role ?? null);
    if ('error' in outcome) {
      throw new ApiError(404, 'not_found', outcome.error === 'unknown_user' ? 'No user has this e-mail.' : 'No customer account has this ID.');
    }
    const body: LinkAccountResponse = { linked: true, account: toCustomerAccount(outcome.linked) };
    return c.json(body);
  });

  /** Support: lifts the sign-in lock of a login, or of a client network (`user unlock`). */
  routes.post(apiPaths.adminUnlock, async (c) => {
    const request = await parseJsonBody(c, UnlockRequest);
    await services.signIn.liftLocks(request);
    const body: UnlockResponse = { unlocked: true };
    return c.json(body);
  });

  /** Support: people by e-mail, customer ID or a part of their name (`user find`). */
  routes.get(apiPaths.adminUserSearch, async (c) => {
    const query = SupportSearchQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError(400, 'invalid_request', 'q: an e-mail address, a customer ID or a part of a name.');
    const body: SupportSearchResult = await services.support.search(query.data.q);
    return c.json(body);
  });

  /** Support: one person's accounts, factors (never a secret), sessions and recent activity (`user show`). */
  routes.get(apiPaths.adminUser, async (c) => {
    const view = await services.support.view(userIdParam(c.req.param('userId')));
    if (!view) throw new ApiError(404, 'not_found', 'No user has this id.');
    const body: SupportUserView = view;
    return c.json(body);
  });

  /** Support: a lost phone (`user reset-factors`); the person is mailed and signed out everywhere. */
  routes.post(apiPaths.adminUserResetFactors, async (c) => {
    await parseJsonBody(c, EmptyRequest);
    const reset = await services.support.resetFactors(userIdParam(c.req.param('userId')));
    if (!reset) throw new ApiError(404, 'not_found', 'No user has this id.');
    const body: ResetFactorsResponse = reset;
    return c.json(body);
  });

  /**
   * Support: the login signs in nowhere and its sessions end (`user disable`), or signs in again (`user enable`);
   * both idempotent.
   */
  const loginStatusChanges = [
    [apiPaths.adminUserDisable, (userId: string) => services.support.disable(userId)],
    [apiPaths.adminUserEnable, (userId: string) => services.support.enable(userId)],
  ] as const;
  for (const [path, change] of loginStatusChanges) {
    routes.post(path, async (c) => {
      await parseJsonBody(c, EmptyRequest);
      const status = await change(userIdParam(c.req.param('userId')));
      if (!status) throw new ApiError(404, 'not_found', 'No user has this id.');
      const body: LoginStatusResponse = status;
      return c.json(body);
    });
  }

  /** Recent webhook deliveries, newest first (`webhooks list`); `?failed=true` for those given up only. */
  routes.get(apiPaths.adminWebhooks, async (c) => {
    const query = WebhookListQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError(400, 'invalid_request', 'failed must be true or false, limit 1–500.');
    const deliveries = await services.webhookDelivery.list({ gaveUpOnly: query.data.failed === 'true', limit: query.data.limit });
    const body: WebhookDeliveryList = { deliveries: deliveries.map(toWebhookDeliverySummary) };
    return c.json(body);
  });

  /** Makes given-up deliveries due again (`webhooks retry`): one by id, or every one. */
  routes.post(apiPaths.adminWebhooksRetry, async (c) => {
    const request = await parseJsonBody(c, RetryWebhooksRequest);
    const body: RetryWebhooksResponse = { retried: await services.webhookDelivery.retry('id' in request ? { id: request.id } : 'all') };
    return c.json(body);
  });

  return routes;
}
