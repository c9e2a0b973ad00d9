/**
 * Whether the request only reads (GET or HEAD): it changes nothing a client asked for, brings no body, and writes no
 * activity-log entry but an administrator's. The request scope, the body limit and the session check treat reads
 * alike by it.
 */
export function isRead(c: { req: { method: string } }): boolean {
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}
