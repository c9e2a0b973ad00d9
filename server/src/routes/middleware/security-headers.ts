import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { dataPolicy, isCompleteAnswer, securityHeaderSet } from './answer-headers.ts';

/** What Portico's own pages may run beyond their origin's files (see `AppSettings.pageSources`). */
export interface PageSources {
  /** CSP hash sources (`'sha256-…'`) of the inline scripts the served pages carry. */
  scriptHashes: readonly string[];
  /** CSP hash sources of the inline `<style>` elements the served pages carry. */
  styleHashes: readonly string[];
  /** Allow compiling WebAssembly (`'wasm-unsafe-eval'`): the in-browser mock backend hashes passwords with it. */
  webAssembly: boolean;
}

export const noPageSources: PageSources = { scriptHashes: [], styleHashes: [], webAssembly: false };

/**
 * Portico's own pages: their scripts, styles, images and API calls come from their origin only; no inline script
 * runs but the ones the served pages carry (by hash), so injected markup cannot run script; no plugins; no `<base>`
 * to redirect relative URLs; forms post only to this origin; and only the listed origins may frame them.
 */
function pagePolicy(frameAncestors: string, sources: PageSources): string {
  const script = ["'self'", ...sources.scriptHashes, ...(sources.webAssembly ? ["'wasm-unsafe-eval'"] : [])];
  const style = ["'self'", ...sources.styleHashes];
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    `style-src ${style.join(' ')}`,
    // The QR codes of the authenticator app and BankID are SVG data URLs.
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/**
 * Scripts get the page policy too: a script run as a worker (the mock backend's service worker) lives under the
 * policy it was served with, and a script loaded by a page is governed by the page's policy alone.
 */
function isPageOrScript(contentType: string | null): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'text/html' || mediaType === 'text/javascript' || mediaType === 'application/javascript';
}

/**
 * Security headers on every answer, the API's and the static files' alike: no MIME sniffing (a JSON answer never
 * runs as script or style), no Referer (links out of Portico's pages do not tell other sites where the user was), a
 * Content-Security-Policy fitting what was answered, no framing except by the listed origins (clickjacking), and
 * HSTS over HTTPS.
 */
export function securityHeaders(settings: { frameAncestors: readonly string[]; pageSources: PageSources }): MiddlewareHandler<AppEnv> {
  const framedByNobody = settings.frameAncestors.length === 0;
  const pageCsp = pagePolicy(framedByNobody ? "'none'" : settings.frameAncestors.join(' '), settings.pageSources);
  return async (c, next) => {
    await next();
    // The API's answers are made with them (answer-headers.ts): reading their headers would only slow them down.
    if (isCompleteAnswer(c.res)) return;
    const headers = c.res.headers;
    const page = isPageOrScript(headers.get('content-type'));
    if (!page && headers.get('content-security-policy') === dataPolicy) return;
    // A page, a script, a static file, or an answer made elsewhere: set them now.
    const set = securityHeaderSet(c.get('https'), page ? pageCsp : dataPolicy, page && !framedByNobody);
    for (const [name, value] of Object.entries(set)) c.header(name, value);
  };
}
