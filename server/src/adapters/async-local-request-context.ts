import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestContext, RequestScope } from '../ports/request-context.ts';

/** One scope per request under Node, kept across every await of its handling. */
export function createAsyncLocalRequestContext(): RequestContext {
  const storage = new AsyncLocalStorage<RequestScope>();
  return {
    run: (scope, work) => storage.run(scope, work),
    current: () => storage.getStore() ?? null,
  };
}
