/** Test-only helpers for the two-factor tests (not exported from the package): users with factors, on the real server. */
import { createPorticoClient, type PorticoClient } from '@portico/client';
import type { AuthStep, MfaStep } from '@portico/contract';
import { totpCode } from '../../client/src/test-support.ts';
import { seedUser, type SeededUser } from '../../../test/support/seed-user.ts';

export interface TotpUser extends SeededUser {
  /** The app's shared secret (base32), to compute codes with `totpCode`. */
  secret: string;
}

/**
 * Seeds a user, signs in (the browser keeps the session cookie) and enables the authenticator app with a code of the
 * current time step. The server refuses a step once used, so the next code this user can use is `{ steps: 1 }`'s.
 */
export async function signedInWithTotp(name: string, client: PorticoClient = createPorticoClient()): Promise<TotpUser> {
  const seeded = await seedUser(name);
  await client.signIn({ identifier: seeded.email, password: seeded.password });
  const { secret } = await client.startTotpSetup();
  await client.confirmTotpSetup({ code: await totpCode(secret) });
  return { ...seeded, secret };
}

/** Expects the `mfa` step (the password was right, a second factor is due). */
export function expectMfaStep(step: AuthStep): MfaStep {
  if (step.step !== 'mfa') throw new Error(`expected the mfa step, got ${step.step}`);
  return step;
}
