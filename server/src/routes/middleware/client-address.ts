import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** IPv4-mapped IPv6 (`::ffff:127.0.0.1`) and plain IPv4 name one client; compare them as one. */
function canonical(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

/**
 * Works out the client's address for per-IP limits. The runtime's peer address is the truth unless that peer is a
 * trusted reverse proxy: then X-Forwarded-For is read from the right, skipping trusted proxies, and the first
 * address no trusted proxy vouches for is the client. Without this, every user behind a proxy would share one
 * failed-attempt budget, and anyone could lock everyone out.
 */
export function resolveClientAddress(trustedProxies: readonly string[]): MiddlewareHandler<AppEnv> {
  const trusted = new Set(trustedProxies.map(canonical));
  return async (c, next) => {
    let address = canonical(c.env?.remoteAddress ?? 'unknown');
    if (trusted.has(address)) {
      const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map(canonical).filter(Boolean);
      while (forwarded.length > 0 && trusted.has(address)) address = forwarded.pop()!;
    }
    c.set('clientAddress', address);
    await next();
  };
}
