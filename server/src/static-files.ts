import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * A file whose name carries a hash of its content (the chunks of the element bundles, the demo's Vite assets): a new
 * build gives changed content a new name, so a browser may keep one for a year without asking again.
 */
const contentHashed = /[\\/](?:chunks|assets)[\\/][^\\/]+-[\w-]{8}\.(?:js|css)(?:\.br|\.gz)?$/;

/**
 * Serves a folder (`root`) or one file (`path`) as it was built: the brotli or gzip copy the build wrote beside a
 * file (`npm run build:compress`) when the browser accepts it, and cache headers by name: kept for good when the name
 * changes with the content, else checked each time.
 */
export function serveBuilt(where: { root: string } | { path: string }): MiddlewareHandler {
  // The file each request was answered with (the compressed copy, if sent), told by serveStatic once it has made
  // the answer: too late for `c.header`, so the headers go on the answer itself below.
  const served = new WeakMap<Context, string>();
  const serve = serveStatic({ ...where, precompressed: true, onFound: (path, c) => void served.set(c, path) });
  return async (c, next) => {
    const answer = await serve(c, next);
    const path = served.get(c);
    if (!(answer instanceof Response) || path === undefined) return answer;
    answer.headers.set('Cache-Control', contentHashed.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    // On every file with compressed copies, not only when one is sent: a shared cache must not hand the plain answer
    // to a browser that could have had the compressed one.
    if (!answer.headers.has('Content-Encoding') && /\.(?:js|mjs|css|html|svg|json|map|txt|wasm)$/.test(path)) answer.headers.set('Vary', 'Accept-Encoding');
    return answer;
  };
}
