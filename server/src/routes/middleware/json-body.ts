import { limits } from '@portico/contract';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { ApiError } from './api-error.ts';
import { isRead } from './read-request.ts';

const bodyWithinLimit = bodyLimit({
  maxSize: limits.bodyMaxBytes,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `Request bodies are limited to ${limits.bodyMaxBytes} bytes.`);
  },
});

/**
 * Refuses bodies above the contract's limit before anything reads them. A GET or HEAD is let through unlooked at:
 * no route reads their bodies, and looking makes the Node adapter build a whole web Request for every session check.
 */
export const limitBody: MiddlewareHandler = (c, next) => (isRead(c) ? next() : bodyWithinLimit(c, next));

/**
 * Reads the JSON body and parses it with a contract schema. Bad JSON and schema failures both become
 * `invalid_request` naming the offending fields (never their values, which may be passwords).
 */
export async function parseJsonBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.output<Schema>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'invalid_request', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(body)'))];
    throw new ApiError(400, 'invalid_request', `Invalid or missing fields: ${fields.join(', ')}.`, { fields });
  }
  return parsed.data;
}
