import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Random } from './ports/random.ts';
import type { CustomerAccounts } from './services/customer-accounts.ts';
import { toBase64Url } from './services/tokens.ts';
import type { UserService } from './services/user-service.ts';

export const demoEmail = 'demo@portico.test';

const DemoCredentials = z.object({ email: z.string(), password: z.string() });
type DemoCredentials = z.infer<typeof DemoCredentials>;

/**
 * In development, an empty database gets a demo user so a newcomer can sign in at once. Its password is random
 * (nothing secret is committed) and kept in the data folder so every `npm start` can print it again. On PostgreSQL
 * nothing else made that folder, so it is created here, readable by its owner only, like the note in it.
 */
export async function ensureDemoUser(users: UserService, random: Random, dataDir: string): Promise<DemoCredentials | null> {
  const notePath = join(dataDir, 'demo-user.json');
  if (!(await users.any())) {
    // Mixed case, digits and a symbol, so it passes even a preset that requires every character class.
    const credentials = { email: demoEmail, password: `Demo-${toBase64Url(random.bytes(9))}-7x` };
    // Before the user exists: a password that cannot be kept would be lost for good.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await users.create(credentials.email, credentials.password);
    await writeFile(notePath, JSON.stringify(credentials), { mode: 0o600 });
    return credentials;
  }
  try {
    return DemoCredentials.parse(JSON.parse(await readFile(notePath, 'utf8')));
  } catch {
    return null;
  }
}

export const demoCustomerId = 'US523453454';

/**
 * The customer-ID migration to try at once: with the demo user, an old customer-ID login without a password, whose "Forgot password?"
 * mails its main contact (the Inbox shows it). Returned while it still signs in by itself, so the banner can say so.
 */
export async function ensureDemoCustomerId(accounts: CustomerAccounts, createNow: boolean): Promise<string | null> {
  if (createNow) {
    await accounts.create({ customerId: demoCustomerId, name: 'Demo Customer Inc', mainContactEmail: 'main.contact@portico.test' });
  }
  const account = await accounts.find(demoCustomerId);
  return account && !account.migratedAt ? account.customerId : null;
}
