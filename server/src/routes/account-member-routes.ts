import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { answerWith, endpointRoutes } from './endpoint-route.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { publicUrl } from './public-url.ts';
import { requesterOf } from './sign-in-session.ts';

/**
 * The people of the session's active account, for its owners and admins: who they are, and changing their roles or
 * removing them. The rules (AccountRole in the contract) live in the CustomerAccounts service; a refusal comes back
 * as `role_forbidden`, `last_owner` or `not_found` (someone not in the account, whoever they are).
 */
export function accountMemberRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);
  const accounts = services.customerAccounts;

  route('accountMembers', async (c) => {
    const members = await accounts.members(c.get('session').record);
    if (isFlowError(members)) throw flowError(members);
    return members;
  });

  route('accountMemberRole', async (c, { userId, role }) => {
    const members = await accounts.changeRole(c.get('session').record, userId, role);
    if (isFlowError(members)) throw flowError(members);
    return members;
  });

  route('accountMemberRemove', async (c, { userId }) => {
    const members = await accounts.remove(c.get('session').record, userId);
    if (isFlowError(members)) throw flowError(members);
    return members;
  });

  /** Invites a colleague by e-mail; the mail's link links them when they accept. */
  route('accountMemberInvite', async (c, { email, role, locale }) => {
    const active = c.get('session');
    const refused = await services.accountInvitations.invite(
      active.record,
      active.user,
      email,
      role,
      await requesterOf(c, services, settings),
      publicUrl(c, settings),
      locale,
    );
    if (refused) throw flowError(refused);
    return answerWith({ invited: true, email, role } as const, 202);
  });

  return routes;
}
