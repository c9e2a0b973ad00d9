import { CreateUserResponse, type User } from '@portico/contract';

export interface SeededUser {
  user: User;
  email: string;
  password: string;
}

/**
 * Creates a user on the run's real server (through the test-only endpoint of web-test-runner.config.mjs). The
 * e-mail is unique per call because the server's data lives for the whole run.
 */
export async function seedUser(name = 'user'): Promise<SeededUser> {
  const suffix = crypto.randomUUID().slice(0, 8);
  const email = `${name}-${suffix}@example.test`;
  // Meets the default (hosting) preset: lower, upper, digit and special.
  const password = `Correct-horse-${suffix}-9`;
  const response = await fetch('/__test__/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201) throw new Error(`Seeding ${email} failed: ${response.status} ${await response.text()}`);
  const { user } = CreateUserResponse.parse(await response.json());
  return { user, email, password };
}

/** Nothing listens here: connections are refused at once. */
export const unreachableApi = 'http://127.0.0.1:1';
