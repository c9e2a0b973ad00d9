/**
 * Who is asking, for the activity log: set once per request (client address, User-Agent), completed as the request
 * is understood (the signed-in user, or an administrator). Services read it where they record what happened, so no
 * flow has to carry it along. Node keeps one per request across awaits (AsyncLocalStorage); the browser mock, one
 * user at a time, keeps none.
 */
export interface RequestScope {
  clientAddress: string | null;
  userAgent: string | null;
  /** The signed-in user acting, once the session is known. */
  actorUserId: string | null;
  /** An admin token (admin API) is acting. */
  admin: boolean;
}

export interface RequestContext {
  run<T>(scope: RequestScope, work: () => Promise<T>): Promise<T>;
  /** The scope of the request being served; null outside one (start-up, background work, the browser mock). */
  current(): RequestScope | null;
}

/** No request scope at all: entries carry no address, agent or actor beyond what a flow names. */
export const noRequestContext: RequestContext = {
  run: (_scope, work) => work(),
  current: () => null,
};
