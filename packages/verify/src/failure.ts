import { PorticoTokenError, type PorticoTokenErrorCode } from './errors.ts';

/** What every adapter answers when `verify` fails, so a host sees one shape whichever framework it uses. */
export interface FailureAnswer {
  status: 401 | 503;
  headers: Record<string, string>;
  body: { error: { code: PorticoTokenErrorCode; message: string } };
}

/**
 * 401 with `WWW-Authenticate` for anything wrong with the token (RFC 6750: no error attribute when none was sent, so
 * a client knows to sign in rather than to refresh). `unavailable` is 503 instead: the token may be fine, and a 401
 * would make a front end drop a session that nothing is wrong with.
 */
export function failureAnswer(error: PorticoTokenError): FailureAnswer {
  const body = { error: { code: error.code, message: error.message } };
  if (error.code === 'unavailable') {
    return { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '5' }, body };
  }
  const challenge = error.code === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
  return { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': challenge }, body };
}
