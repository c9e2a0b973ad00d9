import type { FlowError } from '../services/password-flows.ts';
import { ApiError } from './middleware/api-error.ts';

/** The HTTP answer to a flow's refusal: one place, so every flow words and codes the same refusal alike. */
export function flowError(failure: FlowError): ApiError {
  switch (failure.error) {
    case 'rate_limited':
      return new ApiError(429, 'rate_limited', 'Too many requests. Try again later.', {
        retryAfterSeconds: failure.retryAfterSeconds,
      });
    case 'weak_password':
      return new ApiError(400, 'weak_password', 'The new password does not meet the password rules.', {
        rules: failure.rules,
      });
    case 'invalid_link':
      return new ApiError(400, 'invalid_link', 'This link is not valid or was already used. Ask for a new one.');
    case 'link_expired':
      return new ApiError(400, 'link_expired', 'This link has expired. Ask for a new one.');
    case 'invalid_credentials':
      return new ApiError(401, 'invalid_credentials', 'The current password is incorrect.');
  }
}

export function isFlowError(value: object): value is FlowError {
  return 'error' in value;
}
