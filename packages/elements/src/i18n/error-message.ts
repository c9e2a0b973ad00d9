import type { PorticoErrorDetail } from '@portico/contract';
import { msg } from './msg.ts';

/** What went wrong, as much as the UI needs to explain it. */
export interface ShownError {
  code: PorticoErrorDetail['code'];
  retryAfterSeconds?: number;
  /** With `invalid_request`: the offending request fields (dot paths). */
  fields?: string[];
}

/** The sentence a user reads for an error, chosen by its stable code (never the server's English text). */
export function errorMessage(error: ShownError): string {
  switch (error.code) {
    case 'invalid_credentials':
      return msg('errorInvalidCredentials');
    case 'rate_limited': {
      if (error.retryAfterSeconds === undefined) return msg('errorRateLimitedLater');
      // Rounded up: telling someone to retry before the window frees would just earn another refusal.
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      return minutes === 1 ? msg('errorRateLimitedOneMinute') : msg('errorRateLimitedMinutes', { minutes });
    }
    case 'invalid_request':
      return msg('errorInvalidRequest');
    case 'network_error':
      return msg('errorNetwork');
    default:
      return msg('errorUnexpected');
  }
}
