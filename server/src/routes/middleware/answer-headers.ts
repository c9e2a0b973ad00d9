import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env.ts';

/*
 * How the JSON answers get their headers, cheaply. Every answer carries the security headers (see `securityHeaders`),
 * and the API's answers `Cache-Control: no-store`. Hono keeps headers set on the context in a `Headers` object, and
 * Hono's Node server writes an answer whose headers are a `Headers` object through a slow path (the object built,
 * sorted and copied into Node's): on a session check answered from memory that cost more than the check. An answer
 * made here, when nothing else set a header on the context, is made with one plain object holding them all, which the
 * Node server writes as it is. Where something did (a cookie, CORS, a route's own `Cache-Control`), the answer is made
 * through Hono, which adds what was set. Either way it is complete: the headers middlewares leave it as it is.
 *
 * So that no header set on the context is lost, every one is set through `setAnswerHeader` or noted with
 * `noteAnswerHeader` (the cookie helpers, CORS); two lint rules, tried by the architecture tests, hold the rest of the
 * server to that.
 */

/** HSTS for a year: a browser that once reached Portico over HTTPS never tries plain HTTP (and its cookies) again. */
const strictTransportSecurity = 'max-age=31536000';

/**
 * Answers that are data, not pages (JSON, images, styles): nothing in them may load or run anything, and nobody may
 * frame them.
 */
export const dataPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * The security headers of an answer (see `securityHeaders`): no sniffing, no referrer, its Content-Security-Policy,
 * `X-Frame-Options: DENY` unless some page may frame it (for browsers that predate frame-ancestors, which this header
 * cannot name origins for), and HSTS over HTTPS.
 */
export function securityHeaderSet(https: boolean, policy: string, framable: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': policy,
    ...(framable ? {} : { 'X-Frame-Options': 'DENY' }),
    ...(https ? { 'Strict-Transport-Security': strictTransportSecurity } : {}),
  };
}

/**
 * The headers of a JSON answer, by whether the request came over HTTPS and was for the API (whose answers are
 * personal: no cache may keep them; a well-known document or a 404 elsewhere says its own caching, or none).
 */
const jsonHeaders = (https: boolean, api: boolean): Readonly<Record<string, string>> => ({
  'Content-Type': 'application/json',
  ...(api ? { 'Cache-Control': 'no-store' } : {}),
  ...securityHeaderSet(https, dataPolicy, false),
});
const apiOverHttp = jsonHeaders(false, true);
const apiOverHttps = jsonHeaders(true, true);
const otherOverHttp = jsonHeaders(false, false);
const otherOverHttps = jsonHeaders(true, false);

/** Answers made with every header they need: the headers middlewares add nothing to them. */
const completeAnswers = new WeakSet<Response>();

/** Whether `answer` was made complete here. */
export function isCompleteAnswer(answer: Response): boolean {
  return completeAnswers.has(answer);
}

/**
 * Notes that a header of this answer was set on the context by other means (Hono's cookie helpers, its CORS
 * middleware): the answer is then made through Hono, which adds it. `name` is the header's, if known: a header of
 * that name is then not set again here.
 */
export function noteAnswerHeader(c: Context<AppEnv>, name?: string): void {
  let names = c.get('answerHeaders');
  if (!names) {
    names = new Set();
    c.set('answerHeaders', names);
  }
  if (name !== undefined) names.add(name.toLowerCase());
}

/** Sets a header of this answer (a route's own `Cache-Control`, `Retry-After`); it wins over the defaults here. */
export function setAnswerHeader(c: Context<AppEnv>, name: string, value: string): void {
  noteAnswerHeader(c, name);
  c.header(name, value);
}

/** An API answer of JSON text `json`, with every header it needs. */
export function jsonAnswer(c: Context<AppEnv>, json: string, status: ContentfulStatusCode): Response {
  const https = c.get('https');
  const defaults = c.req.path.startsWith('/api/') ? (https ? apiOverHttps : apiOverHttp) : https ? otherOverHttps : otherOverHttp;
  const set = c.get('answerHeaders');
  let answer: Response;
  if (!set) answer = new Response(json, { status, headers: defaults });
  else {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(defaults)) if (!set.has(name.toLowerCase())) headers[name] = value;
    answer = c.body(json, status, headers);
  }
  completeAnswers.add(answer);
  return answer;
}
