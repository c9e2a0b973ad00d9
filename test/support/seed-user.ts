import { createAdminClient, PorticoApiError } from '@portico/client/admin';
import type { User } from '@portico/contract';

export interface SeededUser {
  user: User;
  email: string;
  password: string;
}

/**
 * The run's real server's admin API, typed by the endpoint table, as a page of the component tests reaches it: through
 * the test-only seeding endpoints of web-test-runner.config.mjs (`/api/admin/users` as `/__test__/users`, …), which add
 * the admin token the page never sees.
 */
const admin = createAdminClient({
  baseUrl: location.origin,
  token: 'added-by-the-test-runner',
  fetch: (input, init) => fetch(new URL(input instanceof Request ? input.url : input).pathname.replace(/^\/api\/admin\//, '/__test__/'), init),
});

/**
 * Creates a user on the run's real server. The e-mail is unique per call because the server's data lives for the
 * whole run.
 */
export async function seedUser(name = 'user'): Promise<SeededUser> {
  const suffix = crypto.randomUUID().slice(0, 8);
  const email = `${name}-${suffix}@example.test`;
  // Meets the default (hosting) preset: lower, upper, digit and special.
  const password = `Correct-horse-${suffix}-9`;
  try {
    const { user } = await admin.call('adminCreateUser', { body: { email, password } });
    return { user, email, password };
  } catch (error) {
    throw new Error(`Seeding ${email} failed: ${error instanceof PorticoApiError ? `${error.status} ${error.code}` : String(error)}`, { cause: error });
  }
}

/** Nothing listens here: connections are refused at once. */
export const unreachableApi = 'http://127.0.0.1:1';
