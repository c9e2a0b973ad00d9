import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export type SecureCookies = 'auto' | 'always';

const sessionName = 'portico_session';
/** The "Trust this device" token (seed 002): lets this browser skip the second factor for one user. */
const deviceName = 'portico_device';
/** Binds a BankID order to the browser that started it (seed 003). */
const bankidName = 'portico_bankid';

function isSecure(c: Context, secureCookies: SecureCookies): boolean {
  return secureCookies === 'always' || new URL(c.req.url).protocol === 'https:';
}

/** Over HTTPS the `__Host-` prefix makes the browser refuse the cookie unless Secure, Path=/ and no Domain. */
function cookieName(c: Context, secureCookies: SecureCookies, plainName: string): string {
  return isSecure(c, secureCookies) ? `__Host-${plainName}` : plainName;
}

function readToken(c: Context, secureCookies: SecureCookies, plainName: string): string | undefined {
  return getCookie(c, cookieName(c, secureCookies, plainName)) || undefined;
}

function writeToken(c: Context, secureCookies: SecureCookies, plainName: string, token: string, expiresAt: Date): void {
  setCookie(c, cookieName(c, secureCookies, plainName), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure(c, secureCookies),
    path: '/',
    expires: expiresAt,
  });
}

function clearToken(c: Context, secureCookies: SecureCookies, plainName: string): void {
  const secure = isSecure(c, secureCookies);
  deleteCookie(c, cookieName(c, secureCookies, plainName), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

export function readSessionToken(c: Context, secureCookies: SecureCookies): string | undefined {
  return readToken(c, secureCookies, sessionName);
}

export function writeSessionCookie(c: Context, secureCookies: SecureCookies, token: string, expiresAt: Date): void {
  writeToken(c, secureCookies, sessionName, token, expiresAt);
}

export function clearSessionCookie(c: Context, secureCookies: SecureCookies): void {
  clearToken(c, secureCookies, sessionName);
}

export function readDeviceToken(c: Context, secureCookies: SecureCookies): string | undefined {
  return readToken(c, secureCookies, deviceName);
}

export function writeDeviceCookie(c: Context, secureCookies: SecureCookies, token: string, expiresAt: Date): void {
  writeToken(c, secureCookies, deviceName, token, expiresAt);
}

export function clearDeviceCookie(c: Context, secureCookies: SecureCookies): void {
  clearToken(c, secureCookies, deviceName);
}

export function readBankIdToken(c: Context, secureCookies: SecureCookies): string | undefined {
  return readToken(c, secureCookies, bankidName);
}

export function writeBankIdCookie(c: Context, secureCookies: SecureCookies, token: string, expiresAt: Date): void {
  writeToken(c, secureCookies, bankidName, token, expiresAt);
}

export function clearBankIdCookie(c: Context, secureCookies: SecureCookies): void {
  clearToken(c, secureCookies, bankidName);
}
