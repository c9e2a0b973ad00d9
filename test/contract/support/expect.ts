import assert from 'node:assert/strict';
import { PorticoApiError } from '@portico/client';
import type { AuthStep } from '@portico/contract';

/** Narrows a step to the expected one, or fails with what came instead. */
export function expectStep<Name extends AuthStep['step']>(step: AuthStep, name: Name): Extract<AuthStep, { step: Name }> {
  assert.equal(step.step, name, `expected the '${name}' step, got ${JSON.stringify(step)}`);
  return step as Extract<AuthStep, { step: Name }>;
}

/** The API error a call rejects with; fails if it resolves or rejects otherwise. */
export async function expectApiError(call: Promise<unknown>, status: number, code: string): Promise<PorticoApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof PorticoApiError, `expected a PorticoApiError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    return error;
  }
  assert.fail(`expected ${status} ${code}, but the call succeeded`);
}

/** The link token in a mail's text. */
export function linkToken(text: string): string {
  const token = /#portico-link=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  assert.ok(token, `no link in: ${text}`);
  return token;
}

/** The 6-digit code in a mail's or text's text. */
export function sixDigitCode(text: string): string {
  const code = /\b(\d{6})\b/.exec(text.replace(/https?:\/\/\S+/g, ''))?.[1];
  assert.ok(code, `no code in: ${text}`);
  return code;
}
