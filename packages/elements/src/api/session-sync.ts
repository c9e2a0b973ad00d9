import { eventNames, type SignedOutDetail } from '@portico/contract';

/**
 * Keeps the tabs of this browser in agreement about the session at each API: a sign-in or sign-out in one tab is told
 * to the others (BroadcastChannel, same origin), and a session found ended by a request (a password reset in another
 * browser, an administrator, expiry) is told to the page. Elements learn of it through `onSessionChange`; the host
 * page through `portico-signed-out` on `document`, so it can show its sign-in form instead of pages that can no
 * longer load. A session ended in another browser has no channel to this one: it is noticed by the next request, and
 * when the tab is looked at again (`visibilitychange`), which costs one `GET /api/session` per return to a signed-in
 * tab rather than a timer polling in every tab.
 */

/**
 * Where a change was learnt: this tab did it, another tab told us, the session was looked up (`GET /api/session`, a
 * token), or a request that needs one was refused.
 */
export type SessionSource = 'here' | 'tab' | 'check' | 'request';

export type SessionListener = (api: string, signedIn: boolean, reason: SignedOutDetail['reason'], source: SessionSource) => void;

const listeners = new Set<SessionListener>();
/** Whether this page last knew of a session at each API (absent: not known yet). */
const known = new Map<string, boolean>();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('portico-session') : null;

/** Calls `listener` on every change of the session at any API; returns how to stop. */
export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records what is now true of the session at `api` and tells whoever has to know. */
export function sessionIs(api: string, signedIn: boolean, source: SessionSource, reason: SignedOutDetail['reason'] = 'signed_out'): void {
  const before = known.get(api);
  known.set(api, signedIn);
  // The first look-up of a page finds what was true all along, not a change; a refused request is news even then,
  // since the element that made it was shown as signed in (say, a host that handed <portico-profile> its user).
  if (before === signedIn || (before === undefined && source === 'check')) return;
  if (source !== 'tab') channel?.postMessage({ api, signedIn });
  if (!signedIn) document.dispatchEvent(new CustomEvent<SignedOutDetail>(eventNames.signedOut, { detail: { api, reason } }));
  for (const listener of listeners) listener(api, signedIn, reason, source);
}

/** The APIs this page knows a session at: checked again when the tab is looked at. */
export function signedInApis(): string[] {
  return [...known].filter(([, signedIn]) => signedIn).map(([api]) => api);
}

channel?.addEventListener('message', ({ data }: MessageEvent<{ api?: unknown; signedIn?: unknown }>) => {
  if (typeof data?.api === 'string' && typeof data.signedIn === 'boolean') sessionIs(data.api, data.signedIn, 'tab');
});
