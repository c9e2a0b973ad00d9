import assert from 'node:assert/strict';
import { apiPaths, DoneStep, MfaStep, TotpSetup } from '@portico/contract';
import { totpCodeAt } from '../../src/services/mfa/totp.ts';
import { Browser } from './browser.ts';
import type { testApp } from './test-app.ts';

export const password = 'Second-Factor-2026!';

export type TestApp = ReturnType<typeof testApp>;

/** A browser on its own client IP (so per-IP limits of one test do not spill into another). */
export function browser(
  t: TestApp,
  ip: string,
  userAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
) {
  return new Browser(t.request, { ip, headers: { 'user-agent': userAgent } });
}

/** Creates the user and signs in with the password alone (no factor yet): the session is fresh from sign-in. */
export async function signedInNewUser(t: TestApp, email: string, ip: string): Promise<Browser> {
  await t.createUser(email, password);
  const b = browser(t, ip);
  DoneStep.parse(await (await b.post(apiPaths.signIn, { identifier: email, password })).json());
  return b;
}

/** Enables the app for the browser's signed-in user; returns the secret (what the QR code carries). */
export async function enableTotp(t: TestApp, b: Browser): Promise<string> {
  const { secret } = TotpSetup.parse(await (await b.post(apiPaths.totp)).json());
  const confirmed = await b.post(apiPaths.totpConfirm, { code: totpCodeAt(secret, t.clock.now()) });
  assert.equal(confirmed.status, 200);
  return secret;
}

/**
 * The app's code one time step (30 s) later. A code of the step last used (e.g. the one that just enabled the app)
 * is a replay and refused, as in life, where the next sign-in comes more than 30 seconds later.
 */
export function nextTotp(t: TestApp, secret: string): string {
  t.clock.advance(30);
  return totpCodeAt(secret, t.clock.now());
}

/** Password accepted, a code due: the `mfa` step. */
export async function passwordStep(b: Browser, email: string): Promise<MfaStep> {
  const response = await b.post(apiPaths.signIn, { identifier: email, password });
  assert.equal(response.status, 200);
  return MfaStep.parse(await response.json());
}

/** The code in the newest text to `phone` (once what is queued has been delivered). */
export async function latestSmsCode(t: Pick<TestApp, 'services' | 'store'>, phone: string): Promise<string> {
  await t.services.delivery.settled();
  const [sms] = await t.store.listOutbox({ recipient: phone, channel: 'sms', limit: 1 });
  const code = sms?.text.match(/^(\d{6}) is your .+ code\.$/)?.[1];
  if (!code) throw new Error(`no code in the newest text to ${phone}`);
  return code;
}

/** A 6-digit code that is not `code`. */
export function wrongCode(code: string): string {
  return code === '000000' ? '000001' : '000000';
}
