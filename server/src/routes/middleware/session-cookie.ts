import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import { noteAnswerHeader } from './answer-headers.ts';

export type SecureCookies = 'auto' | 'always';

/** For which domain Portico's cookies are set (see `AppSettings`); Secure follows the request (`https`). */
export interface CookieSettings {
  /** null: a host-only cookie of the API's own host (the default, and the safest). */
  cookieDomain: string | null;
}

type RequestContext = Context<AppEnv>;

const sessionName = 'portico_session';
/** The "Trust this device" token (two-step verification): lets this browser skip the second factor for one user. */
const deviceName = 'portico_device';
/** Binds a BankID order to the browser that started it (leasing portal). */
const bankidName = 'portico_bankid';
/**
 * Binds WebAuthn challenges to the browser that asked for them, one cookie per kind of ceremony, so the passkey
 * autofill waiting on a sign-in form and a passkey being added in My details do not get in each other's way.
 */
const webauthnNames = { sign_in: 'portico_webauthn', mfa: 'portico_webauthn_mfa', register: 'portico_webauthn_add' } as const;
export type WebAuthnCeremony = keyof typeof webauthnNames;
/** This browser was offered to add a passkey after a password sign-in (not again for 30 days). */
const passkeyOfferName = 'portico_passkey_offered';
/** A browser that signed in before (KnownBrowsers): its failed sign-ins spend a budget of its own. */
const knownBrowserName = 'portico_browser';
/** The session token (JWT) for same-site host back ends, with PORTICO_TOKEN_COOKIE. */
export const sessionTokenCookieName = 'portico_token';

/**
 * Whether the request counts as HTTPS, as `resolveClient` worked it out: over https, behind a trusted TLS proxy, or
 * wherever the operator declared TLS in front (`PORTICO_SECURE_COOKIES=always`).
 */
function isSecure(c: RequestContext): boolean {
  return c.get('https');
}

/**
 * Over HTTPS the `__Host-` prefix makes the browser refuse the cookie unless Secure, Path=/ and no Domain, so no
 * sibling subdomain can plant or shadow it. A cookie for a domain (`PORTICO_COOKIE_DOMAIN`) cannot have that prefix;
 * it gets `__Secure-` (the browser refuses it unless Secure).
 */
function cookieName(c: RequestContext, settings: CookieSettings, plainName: string): string {
  if (!isSecure(c)) return plainName;
  return settings.cookieDomain === null ? `__Host-${plainName}` : `__Secure-${plainName}`;
}

function domainOf(settings: CookieSettings): { domain?: string } {
  return settings.cookieDomain === null ? {} : { domain: settings.cookieDomain };
}

function readToken(c: RequestContext, settings: CookieSettings, plainName: string): string | undefined {
  return getCookie(c, cookieName(c, settings, plainName)) || undefined;
}

function writeToken(c: RequestContext, settings: CookieSettings, plainName: string, token: string, expiresAt: Date): void {
  noteAnswerHeader(c, 'Set-Cookie');
  setCookie(c, cookieName(c, settings, plainName), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure(c),
    path: '/',
    expires: expiresAt,
    ...domainOf(settings),
  });
}

function clearToken(c: RequestContext, settings: CookieSettings, plainName: string): void {
  const secure = isSecure(c);
  noteAnswerHeader(c, 'Set-Cookie');
  deleteCookie(c, cookieName(c, settings, plainName), { path: '/', secure, httpOnly: true, sameSite: 'Lax', ...domainOf(settings) });
}

export function readSessionToken(c: RequestContext, settings: CookieSettings): string | undefined {
  return readToken(c, settings, sessionName);
}

export function writeSessionCookie(c: RequestContext, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, sessionName, token, expiresAt);
}

export function clearSessionCookie(c: RequestContext, settings: CookieSettings): void {
  clearToken(c, settings, sessionName);
}

/** The session token for same-site host back ends; it lives as long as the token. */
export function writeSessionTokenCookie(c: RequestContext, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, sessionTokenCookieName, token, expiresAt);
}

export function clearSessionTokenCookie(c: RequestContext, settings: CookieSettings): void {
  clearToken(c, settings, sessionTokenCookieName);
}

export function readDeviceToken(c: RequestContext, settings: CookieSettings): string | undefined {
  return readToken(c, settings, deviceName);
}

export function writeDeviceCookie(c: RequestContext, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, deviceName, token, expiresAt);
}

export function clearDeviceCookie(c: RequestContext, settings: CookieSettings): void {
  clearToken(c, settings, deviceName);
}

export function readBankIdToken(c: RequestContext, settings: CookieSettings): string | undefined {
  return readToken(c, settings, bankidName);
}

export function writeBankIdCookie(c: RequestContext, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, bankidName, token, expiresAt);
}

export function clearBankIdCookie(c: RequestContext, settings: CookieSettings): void {
  clearToken(c, settings, bankidName);
}

export function readKnownBrowserToken(c: RequestContext, settings: CookieSettings): string | undefined {
  return readToken(c, settings, knownBrowserName);
}

export function writeKnownBrowserCookie(c: RequestContext, settings: CookieSettings, token: string, expiresAt: Date): void {
  writeToken(c, settings, knownBrowserName, token, expiresAt);
}

export function readWebAuthnToken(c: RequestContext, settings: CookieSettings, ceremony: WebAuthnCeremony): string | undefined {
  return readToken(c, settings, webauthnNames[ceremony]);
}

export function writeWebAuthnCookie(c: RequestContext, settings: CookieSettings, ceremony: WebAuthnCeremony, token: string, expiresAt: Date): void {
  writeToken(c, settings, webauthnNames[ceremony], token, expiresAt);
}

export function wasOfferedPasskey(c: RequestContext, settings: CookieSettings): boolean {
  return readToken(c, settings, passkeyOfferName) !== undefined;
}

export function writePasskeyOfferCookie(c: RequestContext, settings: CookieSettings, expiresAt: Date): void {
  // Nothing secret: only that it is there counts.
  writeToken(c, settings, passkeyOfferName, 'offered', expiresAt);
}
