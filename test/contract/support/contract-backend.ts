import { apiPaths, OutboxResponse, type OutboxMessage, type PresetName } from '@portico/contract';
import { createPorticoClient, type PorticoClient } from '@portico/client';
import type { Scenarios } from '@portico/mock';

/**
 * What a contract flow needs of a backend, the real server or the mock alike: a browser to drive the API with, the
 * dev outbox, the seeded scenarios. Nothing here may depend on which one it is.
 */
export interface ContractBackend {
  kind: 'server' | 'mock';
  preset: PresetName;
  /** Where the API answers. */
  origin: string;
  scenarios: Scenarios;
  /** A browser with no cookies, whose every answer is recorded (see `Exchange`). */
  browser(): ContractBrowser;
  stop(): Promise<void>;
}

/** One request and its answer, reduced to what must be equal on both backends (see `shape`). */
export interface Exchange {
  request: string;
  status: number;
  body: unknown;
}

export interface ContractBrowser {
  client: PorticoClient;
  /** Every exchange with the API so far, consecutive repeats (polling) folded into one. */
  transcript: Exchange[];
  /** The newest outbox message to `to` after `afterId` (waiting for background mail), or a failed test. */
  nextMessage(to: string, afterId: number): Promise<OutboxMessage>;
  /** The id of the newest outbox message to `to` (0 if none): mark it before a step that sends one. */
  outboxMark(to: string): Promise<number>;
}

/** A fetch that talks to one backend like one browser (cookies and all). */
export type BrowserFetch = (request: Request) => Promise<Response>;

/** Builds the recording browser over a backend's fetch. */
export function contractBrowser(origin: string, browserFetch: BrowserFetch): ContractBrowser {
  const transcript: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await browserFetch(request);
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text, which must then be equal too.
    }
    const exchange: Exchange = { request: `${request.method} ${new URL(request.url).pathname}`, status: response.status, body: shape(body) };
    const previous = transcript.at(-1);
    if (!previous || JSON.stringify(previous) !== JSON.stringify(exchange)) transcript.push(exchange);
    return response;
  };

  async function outbox(to: string): Promise<OutboxMessage[]> {
    // Not recorded: the outbox is the test's view, not the flow's.
    const response = await browserFetch(new Request(`${origin}${apiPaths.devOutbox}?to=${encodeURIComponent(to)}&limit=5`));
    if (response.status !== 200) throw new Error(`GET ${apiPaths.devOutbox} answered ${response.status}`);
    return OutboxResponse.parse(await response.json()).messages;
  }

  return {
    client: createPorticoClient({ baseUrl: origin, fetch: recording }),
    transcript,
    async outboxMark(to) {
      return (await outbox(to))[0]?.id ?? 0;
    },
    async nextMessage(to, afterId) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [newest] = await outbox(to);
        if (newest && newest.id > afterId) return newest;
        if (Date.now() > deadline) throw new Error(`no new message to ${to} in the outbox`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** Strings under these keys are the same on both backends (the seeded data, step names, codes); others are not (ids, tokens, times). */
const keptStrings = new Set([
  'step',
  'code',
  'message',
  'purpose',
  'notice',
  'channel',
  'method',
  'email',
  'customerId',
  'name',
  'identifier',
  'preset',
  'mode',
  'defaultLocale',
  'phone',
  'hintCode',
  'status',
]);
/** Numbers that depend on when the request came (seconds left), not on what it was. */
const timedNumbers = new Set(['resendAfterSeconds', 'retryAfterSeconds', 'pollAfterMs']);

/** A JSON answer reduced to its shape plus the values that must be equal on both backends. */
export function shape(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => shape(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, item]) => [name, shape(item, name)]),
    );
  }
  if (typeof value === 'string') return key !== undefined && keptStrings.has(key) ? value : `<string>`;
  if (typeof value === 'number') return key !== undefined && timedNumbers.has(key) ? '<number>' : value;
  return value;
}
