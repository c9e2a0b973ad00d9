import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export type SecureCookies = 'auto' | 'always';

/** How Portico's cookies are set: Secure, and for which domain (see `AppSettings`). */
export interface CookieSettings {
  secureCookies: SecureCookies;
  /** null: a host-only cookie of the API's own host (the default, and the safest). */
  cookieDomain: string | null;
}

const sessionName = 'portico_session';
/** The "Trust this device" token (seed 002): lets this browser skip the second factor for one user. */
const deviceName = 'portico_device';
/** Binds a BankID order to the browser that started it (seed 003). */
const bankidName = 'portico_bankid';
/** A browser that signed in before (KnownBrowsers): its failed sign-ins spend a budget of its own. */
const knownBrowserName = 'portico_browser';

function isSecure(c: Context, settings: CookieSettings): boolean {
  return settings.secureCookies === 'always' || new URL(c.req.url).protocol === 'https:';
}

/**
 * Over HTTPS the `__Host-` prefix makes the browser refuse the cookie unless Secure, Path=/ and no Domain, so no
 * sibling subdomain can plant or shadow it. A cookie for a domain (`PORTICO_COOKIE_DOMAIN`) cannot have that prefix;
 * it gets `__Secure-` (the browser refuses it unless Secure).
 */
function cookieName(c: Context, settings: CookieSettings, plainName: string): string {
  if (!isSecure(c, settings)) return plainName;
  return settings.cookieDomain === null ? `__Host-${plainName}` : `__Secure-${plainName}`;
}

function domainOf(settings: CookieSettings): { domain?: string } {
  return settings.cookieDomain === null ? {} : { domain: settings.cookieDomain };
}

function readToken(c: Context, settings: CookieSettings, plainName: string): string | undefined {
  return getCookie(c, cookieName(c, settings, plainName)) || undefined;
}

function writeToken(c: Context, settings: CookieSettings, plainName: string, token: string, expiresAt: Date): void {
  setCookie(c, cookieName(c, settings, plainName), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure(c, settings),
    path: '/',
    expires: expiresAt,
    ...domainOf(settings),
  });
}

function clearToken(c: Context, settings: CookieSettings, plainName: string): void {
  const secure = isSecure(c, settings);
  deleteCookie(c, cookieName(c, settings, plainName), { path: '/', secure, httpOnly: true, sameSite: 'Lax', ...domainOf(settings) });
}

export function readSessionToken(c: Context, settings: CookieSettings): string | undefined {
  return readToken(c, settings, sessionName);
}

export function writeSessionCookie(c: Context, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, sessionName, token, expiresAt);
}

export function clearSessionCookie(c: Context, settings: CookieSettings): void {
  clearToken(c, settings, sessionName);
}

export function readDeviceToken(c: Context, settings: CookieSettings): string | undefined {
  return readToken(c, settings, deviceName);
}

export function writeDeviceCookie(c: Context, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, deviceName, token, expiresAt);
}

export function clearDeviceCookie(c: Context, settings: CookieSettings): void {
  clearToken(c, settings, deviceName);
}

export function readBankIdToken(c: Context, settings: CookieSettings): string | undefined {
  return readToken(c, settings, bankidName);
}

export function writeBankIdCookie(c: Context, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, bankidName, token, expiresAt);
}

export function clearBankIdCookie(c: Context, settings: CookieSettings): void {
  clearToken(c, settings, bankidName);
}

export function readKnownBrowserToken(c: Context, settings: CookieSettings): string | undefined {
  return readToken(c, settings, knownBrowserName);
}

export function writeKnownBrowserCookie(c: Context, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, knownBrowserName, token, expiresAt);
}
