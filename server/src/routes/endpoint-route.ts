import { type EndpointAnswer, type EndpointName, endpoints } from '@portico/contract';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { logAdminAction, requireAdminToken } from './middleware/admin-token.ts';
import { jsonAnswer } from './middleware/answer-headers.ts';
import { flowError } from './flow-errors.ts';
import { parseJsonBody } from './middleware/json-body.ts';
import { requireSession } from './sign-in-session.ts';

/** The body endpoint `Name` takes, as its schema parses it (defaults filled in); undefined for one that reads none. */
export type EndpointBody<Name extends EndpointName> = (typeof endpoints)[Name]['request'] extends infer R extends z.ZodType ? z.output<R> : undefined;

/** A success that is not a plain 200: a 201 for something created, a 202 for something sent on its way. */
export class Answer<Body> {
  constructor(
    readonly body: Body,
    readonly status: 200 | 201 | 202,
  ) {}
}

/** `body` answered with `status` (201 created, 202 accepted). */
export function answerWith<Body>(body: Body, status: 200 | 201 | 202): Answer<Body> {
  return new Answer(body, status);
}

/**
 * A 200 answer already written as JSON, for an answer asked for far more often than it changes (the session check):
 * made once by `SerializedAnswer.of`, which takes the typed body, and sent as it is.
 */
export class SerializedAnswer<Body> {
  /** The type of the body written, for the compiler: an answer of one endpoint is not taken for another's. */
  declare private readonly body: Body;

  /** Only `of` makes one, so the text is always the JSON of a `Body`. */
  private constructor(readonly json: string) {}

  /** `body` as the JSON text of a 200 answer. */
  static of<Body>(body: Body): SerializedAnswer<Body> {
    return new SerializedAnswer<Body>(JSON.stringify(body));
  }
}

/** What a route of endpoint `Name` does once its caller is let in and its body parsed: one of the entry's answers. */
export type EndpointHandler<Name extends EndpointName> = (
  c: Context<AppEnv>,
  body: EndpointBody<Name>,
) => Promise<HandlerAnswer<EndpointAnswer<Name>>> | HandlerAnswer<EndpointAnswer<Name>>;

type HandlerAnswer<Body> = Body | Answer<Body> | SerializedAnswer<Body>;

export interface RouteOptions {
  /**
   * Admin endpoints: whether the call is an `admin.action` entry of the activity log (every admin call is, but key
   * management, which the CLI does through a running server and logs on its own side).
   */
  readonly logged?: boolean;
}

/**
 * Registers the routes of endpoints on `routes` from the endpoint table: the method and path of the entry, the access
 * check it names (a session, the admin token, an API key), its body parsed with its schema (before the session check,
 * so a malformed request is told so whoever sends it; after a token check), the recent re-authentication it asks
 * for, then the handler, whose answer is one the entry declares. A route file so keeps only what is particular to the endpoint.
 */
export function endpointRoutes(routes: Hono<AppEnv>, services: Services, settings: AppSettings) {
  // Made once per route file: each holds no state of a request.
  const adminToken = requireAdminToken(settings.adminTokens);
  const apiKey = requireAdminToken(settings.apiKeys, 'A valid API key is required.');
  const adminLog = logAdminAction(services);

  function accessCheck(name: EndpointName, options: RouteOptions): MiddlewareHandler<AppEnv>[] {
    switch (endpoints[name].access) {
      case 'admin':
        return options.logged === false ? [adminToken] : [adminToken, adminLog];
      case 'api_key':
        return [apiKey];
      case 'session':
      case 'public':
      case 'development':
        return [];
    }
  }

  return function route<Name extends EndpointName>(name: Name, handler: EndpointHandler<Name>, options: RouteOptions = {}): void {
    const endpoint = endpoints[name];
    routes.on(endpoint.method, [endpoint.path], ...accessCheck(name, options), async (c) => {
      const body = (endpoint.request ? await parseJsonBody(c, endpoint.request) : undefined) as EndpointBody<Name>;
      // The session after the body: a malformed request is told so whoever sends it, as on every endpoint.
      if (endpoint.access === 'session') c.set('session', await requireSession(c, services, settings));
      // Declared by the entry, checked here before any handler runs: a change of factors or recovery data by a session
      // that has not signed in or re-authenticated within the policy's minutes is refused, whatever the handler does.
      if (endpoint.reauth) {
        const refused = await services.securitySettings.requireFresh(c.get('session'));
        if (refused) throw flowError(refused);
      }
      const answer = await handler(c, body);
      if (answer instanceof SerializedAnswer) return jsonAnswer(c, answer.json, 200);
      return answer instanceof Answer ? jsonAnswer(c, JSON.stringify(answer.body), answer.status) : jsonAnswer(c, JSON.stringify(answer), 200);
    });
  };
}
