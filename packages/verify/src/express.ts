import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionTokenClaims } from '@portico/contract';
import { PorticoTokenError } from './errors.ts';
import { failureAnswer } from './failure.ts';
import type { Verifier } from './verifier.ts';

declare global {
  // Merges into Express's own Request type where the host has express's types; harmless where it has not.
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express declares its Request in this namespace.
  namespace Express {
    interface Request {
      /** Set by `porticoAuth` from `@portico/verify/express`: the verified session token claims. */
      portico?: SessionTokenClaims;
    }
  }
}

/**
 * Node's request types rather than express's: an Express request is a Node request, so this takes no dependency on
 * express (nor on its types) and also fits Connect-style servers.
 */
export type PorticoNodeRequest = IncomingMessage & { portico?: SessionTokenClaims };

/** Lets a route through only with verified claims, which it reads as `req.portico`. */
export function porticoAuth(verifier: Verifier): (req: PorticoNodeRequest, res: ServerResponse, next: (error?: unknown) => void) => void {
  return (req, res, next) => {
    let request: Request;
    try {
      request = headersOnlyRequest(req);
    } catch (error) {
      // Header values that the web Headers type refuses cannot carry a valid token either.
      reply(res, new PorticoTokenError('malformed', 'The request headers cannot carry a session token.', { cause: error }));
      return;
    }
    verifier.verify(request).then(
      (claims) => {
        req.portico = claims;
        next();
      },
      (error: unknown) => {
        if (error instanceof PorticoTokenError) reply(res, error);
        else next(error);
      },
    );
  };
}

/** All `verify` reads of a request is its Authorization and Cookie headers; the URL is a placeholder. */
function headersOnlyRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const authorization = req.headers.authorization;
  if (authorization) headers.set('authorization', authorization);
  const cookie = req.headers.cookie;
  if (cookie) headers.set('cookie', cookie);
  return new Request('http://localhost/', { headers });
}

function reply(res: ServerResponse, error: PorticoTokenError): void {
  const answer = failureAnswer(error);
  res.writeHead(answer.status, answer.headers);
  res.end(JSON.stringify(answer.body));
}
