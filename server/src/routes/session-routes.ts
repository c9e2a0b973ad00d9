import type { EndpointAnswer } from '@portico/contract';
import { Hono } from 'hono';
import type { SessionAccount, SessionRecord, UserRecord } from '../ports/store.ts';
import { toSessionAccounts } from '../services/customer-accounts.ts';
import { toUser } from '../services/user-service.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes, SerializedAnswer } from './endpoint-route.ts';
import { ApiError } from './middleware/api-error.ts';

/** A session check's answer, with what it was made from. */
interface SessionAnswer {
  readonly user: UserRecord;
  readonly accounts: readonly SessionAccount[];
  readonly lastSeenAt: number;
  readonly answer: SerializedAnswer<EndpointAnswer<'session'>>;
}

export function sessionRoutes(services: Services, settings: AppSettings): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  /**
   * The session check's answer by the session record it was made for. While the session service answers from its
   * cache, a check gets the same record, user and accounts objects, and their answer is sent as it was written: a
   * page asks far more often than any of them changes. A change gives new objects (the service drops its entry, or
   * reads the accounts again), or a new last-seen time, which the idle expiry is worked out from; either makes a new
   * answer. Without the cache every check reads new objects, and the answer is made every time.
   */
  const answers = new WeakMap<SessionRecord, SessionAnswer>();

  route('session', async (c) => {
    const { token, record, user } = c.get('session');
    const accounts = await services.sessions.accountsOf(token, record);
    const lastSeenAt = record.lastSeenAt.getTime();
    const made = answers.get(record);
    if (made && made.user === user && made.accounts === accounts && made.lastSeenAt === lastSeenAt) return made.answer;
    const answer = SerializedAnswer.of<EndpointAnswer<'session'>>({
      user: toUser(user),
      session: services.sessions.summary(record),
      ...toSessionAccounts(accounts),
    });
    answers.set(record, { user, accounts, lastSeenAt, answer });
    return answer;
  });

  /** Chooses (after `choose_account`) or switches the account the session works in (SessionService.workIn). */
  route('activeAccount', async (c, { customerId }) => {
    const active = c.get('session');
    const accounts = await services.sessions.workIn(active.token, active.record, customerId);
    if (!accounts) throw new ApiError(404, 'not_found', 'No such account.');
    return { step: 'done', user: toUser(active.user), session: services.sessions.summary(active.record), ...toSessionAccounts(accounts) };
  });

  return routes;
}
