import type { SessionTokenClaims } from '@portico/contract';
import { PorticoTokenError } from './errors.ts';
import { failureAnswer } from './failure.ts';
import type { Verifier } from './verifier.ts';

/**
 * Wraps a web-standard handler (Next.js route handlers, Cloudflare Workers, Deno, Bun) so it runs only with verified
 * claims. Extra arguments (a route context, a Workers `env`) pass through untouched.
 */
export function withPortico<Rest extends unknown[]>(
  verifier: Verifier,
  handler: (request: Request, claims: SessionTokenClaims, ...rest: Rest) => Response | Promise<Response>,
): (request: Request, ...rest: Rest) => Promise<Response> {
  return async (request, ...rest) => {
    let claims: SessionTokenClaims;
    try {
      claims = await verifier.verify(request);
    } catch (error) {
      if (!(error instanceof PorticoTokenError)) throw error;
      const answer = failureAnswer(error);
      return Response.json(answer.body, { status: answer.status, headers: answer.headers });
    }
    return handler(request, claims, ...rest);
  };
}
