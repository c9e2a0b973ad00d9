import { ErrorBody } from '@portico/contract';
import type { RequestOptions } from './test-app.ts';

type Request = (method: string, path: string, body?: unknown, o?: RequestOptions) => Response | Promise<Response>;

/**
 * One browser's cookie jar over the test app: keeps every cookie the server sets (session and trusted device), drops
 * the ones it clears, and sends them back. Two Browser objects are two browsers.
 */
export class Browser {
  readonly jar = new Map<string, string>();

  constructor(
    private readonly send: Request,
    private readonly defaults: RequestOptions = {},
  ) {}

  /** The Cookie header this browser sends now (empty without cookies): to replay a request as it was at this moment. */
  get cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, body?: unknown, o: RequestOptions = {}): Promise<Response> {
    const cookie = this.cookieHeader;
    return this.take(await this.send(method, path, body, { ...this.defaults, ...o, ...(cookie ? { cookie } : {}) }));
  }

  /** Keeps the cookies `response` sets and drops those it clears, as the browser does when a response arrives. */
  take(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const cleared = value === '' || attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (cleared) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return response;
  }

  post(path: string, body: unknown = {}, o: RequestOptions = {}): Promise<Response> {
    return this.request('POST', path, body, o);
  }

  get(path: string, o: RequestOptions = {}): Promise<Response> {
    return this.request('GET', path, undefined, o);
  }
}

export async function errorOf(response: Response) {
  return ErrorBody.parse(await response.json()).error;
}
