/**
 * `<portico-auth>`'s steps in the browser's history: each step a person moves on to gets an entry (`pushState`), so
 * Back and Forward move between steps instead of leaving the page, and the entry's state holds the step, so a reload
 * shows it again (`history.state` outlives a reload; it is gone with the tab).
 *
 * An entry holds only what the server sent to show the step (a sign-in's 2-step handle, a mailed link's token, the
 * address a code went to), never a password or a code typed. A step whose server-side state was used up (its flow
 * ended: signed in, password set) is not shown again from an older entry: each entry carries the number of the flow
 * it belongs to, and the tab's count of ended flows (sessionStorage) tells an old entry from a live one.
 */

/** The key of our part of `history.state`; the rest of it (a host router's state) is kept as it is. */
const stateKey = 'portico';
/** sessionStorage: how many flows have ended in this tab. */
const flowKey = 'portico-flow';

interface Entry<T> {
  shown: T;
  flow: number;
}

function endedFlows(): number {
  try {
    return Number(sessionStorage.getItem(flowKey)) || 0;
  } catch {
    return 0; // Storage refused (a sandboxed frame): every entry counts as live; the server still refuses spent ones.
  }
}

/** A flow ended (signed in, password set, started over): the entries it left behind show the sign-in form instead. */
export function endFlow(): void {
  try {
    sessionStorage.setItem(flowKey, String(endedFlows() + 1));
  } catch {
    // See endedFlows.
  }
}

/** Records `shown` as the current entry (`replace`) or as a new one after it (`push`). */
export function recordStep<T>(shown: T, how: 'push' | 'replace'): void {
  const state: unknown = history.state;
  const entry: Entry<T> = { shown, flow: endedFlows() };
  const next = { ...(state !== null && typeof state === 'object' ? state : {}), [stateKey]: entry };
  try {
    if (how === 'push') history.pushState(next, '');
    else history.replaceState(next, '');
  } catch {
    // A step the browser cannot store (it refuses over-large state): the page simply keeps no entry for it.
  }
}

/**
 * The step an entry's state holds: `live` when its flow is still under way, `spent` when that flow ended since;
 * null when the entry is not one of ours (the page as first opened, or a host's own entry).
 */
export function stepOf<T extends { step: string }>(state: unknown): { shown: T; live: boolean } | null {
  const entry: unknown = state !== null && typeof state === 'object' ? (state as Record<string, unknown>)[stateKey] : null;
  if (entry === null || typeof entry !== 'object') return null;
  const { shown, flow } = entry as Partial<Entry<T>>;
  if (shown === null || typeof shown !== 'object' || typeof shown.step !== 'string' || typeof flow !== 'number') return null;
  return { shown, live: flow >= endedFlows() };
}
