import { CustomerId, SupportSearchQuery, WebhookListQuery } from '@portico/contract';
import { Hono } from 'hono';
import { z } from 'zod';
import { CustomerIdTakenError, EmailTakenError } from '../ports/store.ts';
import { toAccountSummary, toCustomerAccount } from '../services/customer-accounts.ts';
import { toUser } from '../services/user-service.ts';
import { toWebhookDeliverySummary } from '../services/webhooks/webhook-delivery.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { ApiError } from './middleware/api-error.ts';
import { answerWith, endpointRoutes } from './endpoint-route.ts';
import { flowError } from './flow-errors.ts';
import { publicUrl } from './public-url.ts';

/** A user id from the path; anything but a uuid names nobody. */
function userIdParam(value: string | undefined): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new ApiError(404, 'not_found', 'No user has this id.');
  return parsed.data;
}

export function adminRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  route('adminUsers', async () => ({ users: (await services.users.list()).map(toUser) }));

  route('adminCreateUser', async (_c, { email, password }) => {
    const rules = await services.passwords.failedRules(password);
    if (rules.length > 0) throw flowError({ error: 'weak_password', rules });
    try {
      return answerWith({ user: toUser(await services.users.create(email, password)) }, 201);
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ApiError(409, 'conflict', 'A user with this e-mail exists already.');
      throw error;
    }
  });

  /** A customer account (order onboarding, customer-ID migration), optionally with the password of its old customer-ID login. */
  route('adminAccounts', async (_c, request) => {
    if (request.legacyPassword !== undefined) {
      const rules = await services.passwords.failedRules(request.legacyPassword);
      if (rules.length > 0) throw flowError({ error: 'weak_password', rules });
    }
    try {
      return answerWith({ account: toAccountSummary(await services.customerAccounts.create(request)) }, 201);
    } catch (error) {
      if (error instanceof CustomerIdTakenError) throw new ApiError(409, 'conflict', 'A customer account with this ID exists already.');
      throw error;
    }
  });

  /**
   * Onboards an order's address to the account (order onboarding, "First time logging in"): the login is created or found,
   * linked, and mailed one Confirm link. Limited per address, not per client address: this is the portal's back end.
   */
  route('adminAccountOnboard', async (c, request) => {
    const customerId = CustomerId.safeParse(c.req.param('customerId'));
    if (!customerId.success) throw new ApiError(404, 'not_found', 'No customer account has this ID.');
    const outcome = await services.accountInvitations.onboard(customerId.data, request, publicUrl(c, settings));
    if ('error' in outcome) {
      if (outcome.error === 'not_found') throw new ApiError(404, 'not_found', 'No customer account has this ID.');
      throw flowError(outcome);
    }
    const body = { user: toUser(outcome.user), account: toCustomerAccount(outcome.linked), created: outcome.created };
    return answerWith(body, outcome.created ? 201 : 200);
  });

  /** Unlinks a login from an account (`account unlink`); the account keeps an owner. */
  route('adminAccountUnlink', async (_c, { customerId, email }) => {
    const outcome = await services.customerAccounts.unlinkByAdmin(customerId, email);
    if (outcome === 'last_owner') throw flowError({ error: 'last_owner' });
    if (outcome !== 'unlinked')
      throw new ApiError(404, 'not_found', outcome === 'unknown_user' ? 'No user has this e-mail.' : 'This login is not linked to this account.');
    return { unlinked: true };
  });

  /** Links a user (by e-mail) to an account with a role (the first owner by default); linking twice is harmless. */
  route('adminAccountLinks', async (_c, { customerId, email, role }) => {
    const outcome = await services.customerAccounts.link(customerId, email, role ?? null);
    if ('error' in outcome) {
      throw new ApiError(404, 'not_found', outcome.error === 'unknown_user' ? 'No user has this e-mail.' : 'No customer account has this ID.');
    }
    return { linked: true, account: toCustomerAccount(outcome.linked) };
  });

  /** Support: lifts the sign-in lock of a login, or of a client network (`user unlock`). */
  route('adminUnlock', async (_c, request) => {
    await services.signIn.liftLocks(request);
    return { unlocked: true };
  });

  /** Support: people by e-mail, customer ID or a part of their name (`user find`). */
  route('adminUserSearch', async (c) => {
    const query = SupportSearchQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError(400, 'invalid_request', 'q: an e-mail address, a customer ID or a part of a name.');
    return services.support.search(query.data.q);
  });

  /** Support: one person's accounts, factors (never a secret), sessions and recent activity (`user show`). */
  route('adminUser', async (c) => {
    const view = await services.support.view(userIdParam(c.req.param('userId')));
    if (!view) throw new ApiError(404, 'not_found', 'No user has this id.');
    return view;
  });

  /** Support: a lost phone (`user reset-factors`); the person is mailed and signed out everywhere. */
  route('adminUserResetFactors', async (c) => {
    const reset = await services.support.resetFactors(userIdParam(c.req.param('userId')));
    if (!reset) throw new ApiError(404, 'not_found', 'No user has this id.');
    return reset;
  });

  /**
   * Support: the login signs in nowhere and its sessions end (`user disable`), or signs in again (`user enable`);
   * both idempotent.
   */
  const loginStatusChanges = [
    ['adminUserDisable', (userId: string) => services.support.disable(userId)],
    ['adminUserEnable', (userId: string) => services.support.enable(userId)],
  ] as const;
  for (const [name, change] of loginStatusChanges) {
    route(name, async (c) => {
      const status = await change(userIdParam(c.req.param('userId')));
      if (!status) throw new ApiError(404, 'not_found', 'No user has this id.');
      return status;
    });
  }

  /** Recent webhook deliveries, newest first (`webhooks list`); `?failed=true` for those given up only. */
  route('adminWebhooks', async (c) => {
    const query = WebhookListQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError(400, 'invalid_request', 'failed must be true or false, limit 1–500.');
    const deliveries = await services.webhookDelivery.list({ gaveUpOnly: query.data.failed === 'true', limit: query.data.limit });
    return { deliveries: deliveries.map(toWebhookDeliverySummary) };
  });

  /** Makes given-up deliveries due again (`webhooks retry`): one by id, or every one. */
  route('adminWebhooksRetry', async (_c, request) => ({ retried: await services.webhookDelivery.retry('id' in request ? { id: request.id } : 'all') }));

  return routes;
}
