import type { SessionTokenClaims } from '@portico/contract';
// Types only: hono is the host's own dependency, never one this package brings in.
import type { MiddlewareHandler } from 'hono';
import { PorticoTokenError } from './errors.ts';
import { failureAnswer } from './failure.ts';
import type { Verifier } from './verifier.ts';

export interface PorticoEnv {
  Variables: { portico: SessionTokenClaims };
}

/** Lets a route through only with verified claims, which it reads as `c.get('portico')`. */
export function porticoAuth(verifier: Verifier): MiddlewareHandler<PorticoEnv> {
  return async (c, next) => {
    let claims: SessionTokenClaims;
    try {
      claims = await verifier.verify(c.req.raw);
    } catch (error) {
      if (!(error instanceof PorticoTokenError)) throw error;
      const answer = failureAnswer(error);
      return c.json(answer.body, answer.status, answer.headers);
    }
    c.set('portico', claims);
    await next();
  };
}
