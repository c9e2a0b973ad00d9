import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export type SecureCookies = 'auto' | 'always';

const plainName = 'portico_session';
/** Over HTTPS the `__Host-` prefix makes the browser refuse the cookie unless Secure, Path=/ and no Domain. */
const hostPrefixedName = `__Host-${plainName}`;

function isSecure(c: Context, secureCookies: SecureCookies): boolean {
  return secureCookies === 'always' || new URL(c.req.url).protocol === 'https:';
}

export function readSessionToken(c: Context, secureCookies: SecureCookies): string | undefined {
  return getCookie(c, isSecure(c, secureCookies) ? hostPrefixedName : plainName) || undefined;
}

export function writeSessionCookie(c: Context, secureCookies: SecureCookies, token: string, expiresAt: Date): void {
  const secure = isSecure(c, secureCookies);
  setCookie(c, secure ? hostPrefixedName : plainName, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context, secureCookies: SecureCookies): void {
  const secure = isSecure(c, secureCookies);
  deleteCookie(c, secure ? hostPrefixedName : plainName, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
