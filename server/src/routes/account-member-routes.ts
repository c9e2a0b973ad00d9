import { apiPaths, ChangeMemberRoleRequest, InviteMemberRequest, type InviteMemberResponse, RemoveMemberRequest } from '@portico/contract';
import { Hono } from 'hono';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { flowError, isFlowError } from './flow-errors.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { publicUrl } from './public-url.ts';
import { requesterOf, signedInOnly } from './sign-in-session.ts';

/**
 * The people of the session's active account, for its owners and admins: who they are, and changing their roles or
 * removing them. The rules (AccountRole in the contract) live in the CustomerAccounts service; a refusal comes back
 * as `role_forbidden`, `last_owner` or `not_found` (someone not in the account, whoever they are).
 */
export function accountMemberRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const session = signedInOnly(services, settings);
  const accounts = services.customerAccounts;

  routes.get(apiPaths.accountMembers, session, async (c) => {
    const active = c.get('session');
    const members = await accounts.members(active.record);
    if (isFlowError(members)) throw flowError(members);
    return c.json(members);
  });

  routes.post(apiPaths.accountMemberRole, session, async (c) => {
    const active = c.get('session');
    const { userId, role } = await parseJsonBody(c, ChangeMemberRoleRequest);
    const members = await accounts.changeRole(active.record, userId, role);
    if (isFlowError(members)) throw flowError(members);
    return c.json(members);
  });

  routes.post(apiPaths.accountMemberRemove, session, async (c) => {
    const active = c.get('session');
    const { userId } = await parseJsonBody(c, RemoveMemberRequest);
    const members = await accounts.remove(active.record, userId);
    if (isFlowError(members)) throw flowError(members);
    return c.json(members);
  });

  /** Invites a colleague by e-mail; the mail's link links them when they accept. */
  routes.post(apiPaths.accountMemberInvite, session, async (c) => {
    const active = c.get('session');
    const { email, role, locale } = await parseJsonBody(c, InviteMemberRequest);
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
    const body: InviteMemberResponse = { invited: true, email, role };
    return c.json(body, 202);
  });

  return routes;
}
