import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { SecureCookies } from './session-cookie.ts';

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`) and plain IPv4 name one client; compare them as one. */
function canonical(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

/** A forwarding header's comma-separated list, oldest hop first, as proxies append to it. */
function hops(header: string | undefined, normalise: (value: string) => string): string[] {
  return (header ?? '').split(',').map(normalise).filter(Boolean);
}

/**
 * Works out who the client is and how it reached us, once per request, for everything after: the client's address
 * for per-IP limits (`clientAddress`), and whether the request counts as HTTPS (`https`).
 *
 * The runtime's peer address is the truth unless that peer is a trusted reverse proxy: then X-Forwarded-For is read
 * from the right, skipping trusted proxies, and the first address no trusted proxy vouches for is the client.
 * Without this, every user behind a proxy would share one failed-attempt budget, and anyone could lock everyone out.
 *
 * X-Forwarded-Proto is read by the same rule: each trusted proxy appends the scheme it was reached by, so it is read
 * from the right one entry per trusted hop, and the last entry a trusted proxy wrote is the scheme the client used.
 * From anyone else the header is ignored, as is an entry the client itself wrote before the first proxy appended its
 * own. With `always`, the operator declares TLS in front of every request, whatever the headers say.
 */
export function resolveClient(settings: { trustedProxies: readonly string[]; secureCookies: SecureCookies }): MiddlewareHandler<AppEnv> {
  const trusted = new Set(settings.trustedProxies.map(canonical));
  return async (c, next) => {
    const peer = canonical(c.env?.remoteAddress ?? 'unknown');
    let address = peer;
    if (trusted.has(address)) {
      const forwarded = hops(c.req.header('x-forwarded-for'), canonical);
      while (forwarded.length > 0 && trusted.has(address)) address = forwarded.pop()!;
    }
    c.set('clientAddress', address);
    c.set(
      'https',
      settings.secureCookies === 'always' ||
        new URL(c.req.url).protocol === 'https:' ||
        forwardedScheme(c.req.header('x-forwarded-for'), c.req.header('x-forwarded-proto'), peer, trusted) === 'https',
    );
    await next();
  };
}

/** The scheme the client used as the trusted proxies in front report it, or null when no trusted proxy said. */
function forwardedScheme(forwardedFor: string | undefined, forwardedProto: string | undefined, peer: string, trusted: ReadonlySet<string>): string | null {
  const addresses = hops(forwardedFor, canonical);
  const schemes = hops(forwardedProto, (value) => value.trim().toLowerCase());
  let scheme: string | null = null;
  let address = peer;
  while (trusted.has(address) && schemes.length > 0) {
    scheme = schemes.pop()!;
    // The next hop out: the address the trusted proxy was reached from, which says the scheme before it, if trusted.
    address = addresses.pop() ?? '';
  }
  return scheme;
}
