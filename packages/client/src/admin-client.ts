import { type AdminEndpointName, type EndpointAnswer, type EndpointRequest, ErrorBody, endpoints } from '@portico/contract';
import { PorticoApiError } from './errors.ts';

export { PorticoApiError };

/** How to reach the admin API: the server's address, an admin token, and (for tests or another runtime) a fetch. */
export interface AdminClientOptions {
  baseUrl: string;
  /** One of PORTICO_ADMIN_TOKEN's tokens (or the one-off token a running server leaves for the CLI). */
  token: string;
  fetch?: typeof fetch;
}

/** One call's inputs: the path's `:name` values, the query of a GET, the body of a POST. */
export interface AdminCall<Name extends AdminEndpointName> {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: EndpointRequest<Name>;
}

/** Thrown when the server cannot be reached at all (no answer, refused connection). */
export class AdminUnreachableError extends Error {
  override readonly name = 'AdminUnreachableError';
}

/**
 * The admin API, typed by the contract's endpoint table: `call('adminUserDisable', { params: { userId } })` sends
 * what that entry takes and answers what it declares, parsed with its schemas. A failure throws `PorticoApiError`
 * with the server's code and message. Server-side (Node, the CLI, test seeders): it carries the zod schemas, which
 * the browser client leaves out.
 */
export function createAdminClient(options: AdminClientOptions) {
  const fetchFn = options.fetch ?? fetch;

  async function call<Name extends AdminEndpointName>(name: Name, input: AdminCall<Name> = {}): Promise<EndpointAnswer<Name>> {
    const endpoint = endpoints[name];
    let path: string = endpoint.path;
    for (const [key, value] of Object.entries(input.params ?? {})) path = path.replace(`:${key}`, encodeURIComponent(value));
    const query = new URLSearchParams(Object.entries(input.query ?? {}).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
    const url = new URL(`${path}${query.size > 0 ? `?${query.toString()}` : ''}`, options.baseUrl);
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
    const init: RequestInit = { method: endpoint.method, headers };
    if (endpoint.method === 'POST') {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(input.body ?? {});
    }
    let response: Response;
    try {
      response = await fetchFn(url, init);
    } catch (error) {
      throw new AdminUnreachableError(`The Portico server does not answer at ${options.baseUrl}.`, { cause: error });
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const failure = ErrorBody.safeParse(json);
      if (failure.success) throw new PorticoApiError(response.status, failure.data.error.code, failure.data.error.message, failure.data.error);
      throw new PorticoApiError(response.status, 'internal_error', `The server answered ${response.status}.`);
    }
    for (const answer of endpoint.answers) {
      const parsed = answer.safeParse(json);
      if (parsed.success) return parsed.data as EndpointAnswer<Name>;
    }
    throw new PorticoApiError(response.status, 'internal_error', `The server's answer to ${name} is not what the contract declares.`);
  }

  return { call };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
