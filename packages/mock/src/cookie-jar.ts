/**
 * The cookies of one mocked browser. A service worker cannot hand HttpOnly cookies to the browser (and Node's fetch
 * keeps none), so the mock keeps the API's cookies itself: it takes `Set-Cookie` off every answer and adds `Cookie`
 * to every request, as a browser would for the API's own origin: by Path, until Max-Age or Expires has passed by the
 * mock's clock, and gone once the server deletes one.
 */
interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Milliseconds since the epoch; null for a session cookie (kept until cleared). */
  expiresAt: number | null;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(private readonly now: () => Date) {}

  /** Keeps (or deletes) the cookies of one answer's `Set-Cookie` headers. */
  store(setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) this.storeOne(header);
  }

  /** The `Cookie` header a browser would send with a request to `path`, or null when no cookie applies. */
  header(path: string): string | null {
    const now = this.now().getTime();
    const pairs: string[] = [];
    // Longer paths first, as browsers order them.
    const live = [...this.cookies.values()].sort((a, b) => b.path.length - a.path.length);
    for (const cookie of live) {
      if (cookie.expiresAt !== null && cookie.expiresAt <= now) {
        this.cookies.delete(key(cookie.name, cookie.path));
        continue;
      }
      if (pathMatches(path, cookie.path)) pairs.push(`${cookie.name}=${cookie.value}`);
    }
    return pairs.length > 0 ? pairs.join('; ') : null;
  }

  /** The names of the cookies alive now (for tests and debugging; values stay inside). */
  names(): string[] {
    const now = this.now().getTime();
    return [...this.cookies.values()].filter((cookie) => cookie.expiresAt === null || cookie.expiresAt > now).map((cookie) => cookie.name);
  }

  clear(): void {
    this.cookies.clear();
  }

  private storeOne(header: string): void {
    const [pair = '', ...attributes] = header.split(';');
    const equals = pair.indexOf('=');
    if (equals <= 0) return;
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    let path = '/';
    let maxAge: number | null = null;
    let expires: number | null = null;
    for (const attribute of attributes) {
      const [rawName = '', ...rest] = attribute.split('=');
      const attributeName = rawName.trim().toLowerCase();
      const attributeValue = rest.join('=').trim();
      if (attributeName === 'path' && attributeValue.startsWith('/')) path = attributeValue;
      else if (attributeName === 'max-age' && /^-?\d+$/.test(attributeValue)) maxAge = Number(attributeValue);
      else if (attributeName === 'expires') {
        const parsed = Date.parse(attributeValue);
        if (!Number.isNaN(parsed)) expires = parsed;
      }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3), both by the mock's clock rather than the machine's.
    const expiresAt = maxAge !== null ? this.now().getTime() + maxAge * 1000 : expires;
    const id = key(name, path);
    if (expiresAt !== null && expiresAt <= this.now().getTime()) {
      this.cookies.delete(id);
      return;
    }
    this.cookies.set(id, { name, value, path, expiresAt });
  }
}

const key = (name: string, path: string) => `${path}\u0000${name}`;

/** RFC 6265 §5.1.4 path matching. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
