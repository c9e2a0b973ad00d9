/**
 * @portico/contract — the zod schemas every other part shares: requests, responses, steps, error codes, event
 * details and the policy. Parse at every boundary with these; never hand-roll a shape.
 */
export * from './profile.ts';
export * from './accounts.ts';
export * from './activity.ts';
export * from './bankid.ts';
export * from './customer-id-logins.ts';
export * from './admin.ts';
export * from './auth.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './limits.ts';
export * from './session-tokens.ts';
export * from './webhooks.ts';
// Free of zod (the browser bundles import only these, and types):
export * from './customer-ids.ts';
export * from './event-names.ts';
export * from './locales.ts';
export * from './password-rules.ts';
export * from './personal-numbers.ts';
export * from './mfa.ts';
export * from './passkeys.ts';
export * from './policy.ts';
export * from './users.ts';
export * from './paths.ts';
export * from './endpoint-routes.ts';
export * from './passwords.ts';
export * from './dev.ts';
export * from './password-flows.ts';
export * from './sign-up.ts';
export * from './endpoints.ts';
