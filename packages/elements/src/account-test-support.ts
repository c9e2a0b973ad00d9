/** Test-only helpers for the customer-account tests (not exported from the package): accounts on the real server. */
import { type AccountRole, CreateCustomerAccountResponse, type CustomerAccount, type CustomerAccountSummary, LinkAccountResponse } from '@portico/contract';
import { seedUser, type SeededUser } from '../../../test/support/seed-user.ts';

/** A customer ID no other test uses (the server's data lives for the whole run), in the legacy format. */
export function freshCustomerId(country = 'NL'): string {
  const digits = crypto.getRandomValues(new Uint32Array(2));
  const number = `${digits[0] ?? 0}${digits[1] ?? 0}`.padStart(10, '0').slice(-10);
  return `${country}${number}`;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Creates a customer account (through the test-only seeding endpoint of web-test-runner.config.mjs). */
export async function seedAccount(name: string, customerId = freshCustomerId()): Promise<CustomerAccountSummary> {
  const response = await post('/__test__/accounts', { customerId, name, mainContactEmail: `contact-${customerId.toLowerCase()}@example.test` });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`Seeding account ${customerId} failed: ${response.status} ${await response.text()}`);
  }
  return CreateCustomerAccountResponse.parse(await response.json()).account;
}

/** An old customer-ID login (customer-ID migration): its account, the main contact its reset links go to, and its password. */
export interface CustomerIdLogin {
  account: CustomerAccountSummary;
  mainContactEmail: string;
  password: string;
}

/** Creates a customer account that still signs in with its customer ID and `password` (customer-ID migration). */
export async function seedCustomerIdLogin(name: string, customerId = freshCustomerId()): Promise<CustomerIdLogin> {
  const mainContactEmail = `contact-${customerId.toLowerCase()}@example.test`;
  // Meets the default (hosting) preset: lower, upper, digit and special. The letter after the random part keeps it
  // from ending in digits alone, which would leave a common word ("Legacy-12345678-7") that the server refuses.
  const password = `Legacy-${crypto.randomUUID().slice(0, 8)}x-7`;
  const response = await post('/__test__/accounts', { customerId, name, mainContactEmail, legacyPassword: password });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`Seeding account ${customerId} failed: ${response.status} ${await response.text()}`);
  }
  return { account: CreateCustomerAccountResponse.parse(await response.json()).account, mainContactEmail, password };
}

/** Links the user with `email` to the account `customerId` (the first one linked owns it); answers the account with their role. */
export async function linkAccount(customerId: string, email: string, role?: AccountRole): Promise<CustomerAccount> {
  const response = await post('/__test__/accounts/link', { customerId, email, ...(role ? { role } : {}) });
  if (!response.ok) throw new Error(`Linking ${email} to ${customerId} failed: ${response.status} ${await response.text()}`);
  return LinkAccountResponse.parse(await response.json()).account;
}

export interface UserWithAccounts extends SeededUser {
  accounts: CustomerAccount[];
}

/** Seeds a user linked to a new account for each of `names`, in that order. */
export async function seedUserWithAccounts(label: string, names: string[]): Promise<UserWithAccounts> {
  const seeded = await seedUser(label);
  const accounts: CustomerAccount[] = [];
  for (const name of names) {
    const account = await seedAccount(name);
    accounts.push(await linkAccount(account.customerId, seeded.email));
  }
  return { ...seeded, accounts };
}
