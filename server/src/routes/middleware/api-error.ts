import { SessionRenewedError } from '../../services/session-service.ts';
import type { ErrorBody, ErrorCode } from '@portico/contract';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env.ts';
import { jsonAnswer, setAnswerHeader } from './answer-headers.ts';

/** An error the client should see as `{ error: { code, message } }`. Throw it from any handler. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ErrorBody['error'], 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...error.extra } };
  if (error.extra.retryAfterSeconds !== undefined) setAnswerHeader(c, 'Retry-After', String(error.extra.retryAfterSeconds));
  return jsonAnswer(c, JSON.stringify(body), error.status);
}

export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error);
  // Found mid-request: another request of this browser renewed (or ended) the session; its answer has the new cookie.
  if (error instanceof SessionRenewedError) {
    return errorResponse(c, new ApiError(409, 'conflict', 'Another request renewed this session a moment ago. Try again.'));
  }
  // Never echo internals to the client; log the error itself (handlers never put secrets in error messages).
  console.error(`[portico] ${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
  return errorResponse(c, new ApiError(500, 'internal_error', 'Something went wrong on our side. Please try again.'));
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) => errorResponse(c, new ApiError(404, 'not_found', 'No such endpoint.'));
