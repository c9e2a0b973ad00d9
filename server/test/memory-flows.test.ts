/**
 * The sign-in flows once more, on the memory store of the browser mock: the real app must behave the same on it as
 * on the SQL adapter, or the mock would lie to host developers. These six suites use the most of the store (sessions,
 * one-time secrets, customer-ID migration, second factors, recovery codes, trusted devices, BankID orders) for a few
 * seconds; the rest run on memory with PORTICO_TEST_STORES=memory. Password flows are left out because importing
 * their file also repeats its slow store-independent suite. The flow suites pick their backends from
 * PORTICO_TEST_STORES when their module is first loaded (support/backends.ts), so it is set before they are imported
 * (dynamically: static imports would run first). Each test file runs in a process of its own, so this setting stays
 * here.
 */
import process from 'node:process';

process.env.PORTICO_TEST_STORES = 'memory';

await import('./sign-in.test.ts');
await import('./sign-up.test.ts');
await import('./customer-id-logins.test.ts');
await import('./mfa-sign-in.test.ts');
await import('./mfa-account.test.ts');
await import('./bankid-sign-in.test.ts');
