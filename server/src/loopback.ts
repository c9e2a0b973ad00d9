/** This machine's addresses, as a URL's `hostname` spells them. */
const loopbackHostnames = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `url` points at this machine: plain HTTP to it never crosses a network, so the configuration accepts it
 * for local test servers and allowed origins, where anything else must be https.
 */
export function isLoopbackUrl(url: URL): boolean {
  return loopbackHostnames.has(url.hostname);
}
