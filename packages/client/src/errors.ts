import type { ErrorBody, PasswordRuleId, PorticoErrorDetail } from '@portico/contract';

/** Every code a client call can fail with: the API's error codes, plus `network_error` for no usable answer. */
export type PorticoErrorCode = PorticoErrorDetail['code'];

/**
 * A failed API call. `status` is the HTTP status, or 0 when no usable answer arrived (`code` is then
 * `network_error`). `message` is the server's English text, meant for logs; UIs translate by `code`.
 */
export class PorticoApiError extends Error {
  override readonly name = 'PorticoApiError';
  readonly status: number;
  readonly code: PorticoErrorCode;
  /** Present with `rate_limited`: whole seconds until a new attempt may succeed. */
  readonly retryAfterSeconds?: number;
  /** Present with `invalid_request`: the offending fields as dot paths. */
  readonly fields?: string[];
  /** Present with `weak_password`: the password rules the new password fails. */
  readonly rules?: PasswordRuleId[];

  constructor(status: number, code: PorticoErrorCode, message: string, extra: Omit<ErrorBody['error'], 'code' | 'message'> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
    if (extra.fields !== undefined) this.fields = extra.fields;
    if (extra.rules !== undefined) this.rules = extra.rules;
  }
}
