import { apiPaths, type OutboxMessage, OutboxResponse, type Policy, type PresetName, presets } from '@portico/contract';
import { createFetchBankIdRpClient } from '@portico/server/adapters/bankid/fetch-bankid-rp-client.ts';
import { localBankIdServer } from '@portico/server/adapters/bankid/local-bankid-server.ts';
import { createHashWasmPasswordHasher } from '@portico/server/adapters/hash-wasm-password-hasher.ts';
import { createDevOutboxMailer } from '@portico/server/adapters/mail/dev-outbox-mailer.ts';
import { createDevOutboxSmsSender } from '@portico/server/adapters/sms/dev-outbox-sms-sender.ts';
import { webCryptoRandom } from '@portico/server/adapters/web-crypto-random.ts';
import { zxcvbnCommonPasswords } from '@portico/server/adapters/zxcvbn-common-passwords.ts';
import { createPortico } from '@portico/server/app';
import type { Ports, Store } from '@portico/server/ports';
import type { AppEnv } from '@portico/server/app';
import { Hono } from 'hono';
import { http, type RequestHandler } from 'msw';
import { CookieJar } from './cookie-jar.ts';
import { createMockClock, type MockClock } from './mock-clock.ts';
import { bankIdTestPath, type Scenarios, seedScenarios } from './scenarios.ts';
import { openMockStore } from './store.ts';

/** A deep partial of the policy: the switches to change from the preset. */
export type PolicyOverrides = {
  [K in keyof Policy]?: Policy[K] extends readonly unknown[] ? Policy[K] : Policy[K] extends object ? Partial<Policy[K]> : Policy[K];
};

export interface MockBackendOptions {
  /** The portal whose rules to follow (default `hosting`), as `PORTICO_PRESET` on the server. */
  preset?: PresetName;
  /** Switches to change from the preset, as the server's `PORTICO_…` variables do. */
  policy?: PolicyOverrides;
  /**
   * The origin the API is mocked at, which is also where mailed links lead. Default: the page's own
   * (`location.origin`); in Node, where there is no page, `http://portico.mock`.
   */
  origin?: string;
  /**
   * The page with `<portico-auth>` that mailed links lead to (`PORTICO_PUBLIC_URL` on the server), e.g.
   * `http://localhost:5173/sign-in.html`; default the origin.
   */
  publicUrl?: string;
  /**
   * Origins besides its own that may call the mock with credentials, as `PORTICO_ALLOWED_ORIGINS` on the server (a
   * page on `https://www.example.com` calling the API mocked at `https://auth.example.com`); others get
   * `403 forbidden_origin` on state changes, as from the server.
   */
  allowedOrigins?: string[];
  /**
   * Keys a host back end's tests present to `POST /api/sessions/validate` (`PORTICO_API_KEYS` on the server); none:
   * the endpoint refuses everyone, as on a server without keys.
   */
  apiKeys?: string[];
  /** The mock's time to start from (it runs on from there); default the machine's. */
  now?: Date;
  /** Create the seeded users (`scenarios`); default true. Without them the backend starts empty. */
  seed?: boolean;
}

export interface MockClockControl {
  now(): Date;
  /** From now on, time runs on from `date`. */
  set(date: Date): void;
  /** Moves time on by this many seconds (negative: back): expires codes, sessions and rate-limit windows. */
  advance(seconds: number): void;
}

/** The Portico API with no server: the real app, in this page (or process), with in-memory storage. */
export interface MockBackend {
  /**
   * Where it answers: `${origin}/api/*`, the token keys at `${origin}/.well-known/jwks.json` (and the OpenID
   * configuration) and, for the BankID test phone, `${origin}/bankid-test/*`.
   */
  readonly origin: string;
  readonly preset: PresetName;
  readonly policy: Policy;
  /** msw handlers for `setupWorker(...handlers)` (browser) or `setupServer(...handlers)` (Node). */
  readonly handlers: RequestHandler[];
  /** Answers one request as the server would, behind this mock browser's cookie jar; usable without msw. */
  fetch(request: Request): Promise<Response>;
  /** Every mail and text "sent", newest first: the shape of `GET /api/dev/outbox` (optionally to one recipient). */
  outbox(to?: string): Promise<OutboxMessage[]>;
  /** The 6-digit code in the newest mail or text to `to` (an e-mail address or an E.164 number) that has one, or null. */
  lastCode(to: string): Promise<string | null>;
  /** The link (`…#portico-link=…`) in the newest mail to `to` that has one, or null. */
  lastLink(to: string): Promise<string | null>;
  readonly clock: MockClockControl;
  /** The seeded users (see the README); empty scenarios when created with `seed: false`. */
  readonly scenarios: Scenarios;
  /** Signs this mock browser out (as the sign-out button would). */
  signOut(): Promise<void>;
  /** Forgets this mock browser's cookies: session, trusted device, BankID order. */
  clearCookies(): void;
  /** Starts over: empty storage, seeded again, no cookies, the clock back at `now`. */
  reset(): Promise<void>;
  /** Frees the storage. */
  close(): Promise<void>;
}

/** A mailed link, as the mails write it. */
const linkPattern = /https?:\/\/[^\s"<>]*#portico-link=[A-Za-z0-9_-]+/g;

/** The client address the app sees: one mock browser on this machine. */
const clientAddress = '127.0.0.1';

/** Merges the overrides into the preset's policy, one level deep (each policy section is replaced switch by switch). */
export function mockPolicy(preset: PresetName, overrides: PolicyOverrides = {}): Policy {
  const base = presets[preset];
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = (base as Record<string, unknown>)[key];
    merged[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && current !== null && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return merged as Policy;
}

function defaultOrigin(): string {
  const location = (globalThis as { location?: { origin?: string } }).location;
  return location?.origin && location.origin !== 'null' ? location.origin : 'http://portico.mock';
}

interface Instance {
  store: Store;
  /** Answers one request; the cookies the app set come apart from the answer (see `cookieCapturingApp`). */
  dispatch(request: Request): Promise<{ response: Response; setCookies: string[] }>;
  settled(): Promise<void>;
  scenarios: Scenarios;
}

/**
 * The app behind a first middleware that takes the cookies it sets (`Set-Cookie`) aside instead of into the answer.
 * A browser drops `Set-Cookie` from any Response built in a page or service worker (a forbidden response header), so
 * the app's own answers would arrive without them there; taken aside, they reach the mock's jar in every runtime.
 */
function cookieCapturingApp(app: Hono<AppEnv>, extra: { path: string; app: Hono } | null) {
  const captured = new WeakMap<Request, string[]>();
  const outer = new Hono<AppEnv>();
  outer.use('*', async (c, next) => {
    const setCookies: string[] = [];
    captured.set(c.req.raw, setCookies);
    // The request's headers hold Cookie and Origin only as the object `browserOver` gave it (see there). A middleware
    // that replaces the request (hono's body limit re-wraps it around the read body) would lose them: the new one gets
    // the same headers object.
    const headers = c.req.raw.headers;
    let raw = c.req.raw;
    Object.defineProperty(c.req, 'raw', {
      configurable: true,
      enumerable: true,
      get: () => raw,
      set(next: Request) {
        if (next.headers !== headers) Object.defineProperty(next, 'headers', { value: headers });
        raw = next;
      },
    });
    const header = c.header;
    // hono/cookie's setCookie and deleteCookie write through `c.header('Set-Cookie', …, { append: true })`.
    c.header = (name: string, value?: string, options?: { append?: boolean }) => {
      if (name.toLowerCase() === 'set-cookie' && value !== undefined) setCookies.push(value);
      else header(name, value, options);
    };
    await next();
  });
  if (extra) outer.route(extra.path, extra.app);
  outer.route('/', app);
  // Paths the app does not know get its own 404 answer (JSON for the API).
  outer.notFound((c) => app.fetch(c.req.raw, c.env));
  return async (request: Request) => {
    const response = await outer.fetch(request, { remoteAddress: clientAddress });
    return { response, setCookies: captured.get(request) ?? [] };
  };
}

const emptyScenarios = (): Scenarios => ({
  plain: { email: '', password: '' },
  totp: null,
  sms: null,
  accounts: { email: '', password: '', accounts: [] },
  team: { account: { customerId: '', name: '' }, owner: { email: '', password: '' }, admin: { email: '', password: '' }, member: { email: '', password: '' } },
  customerId: null,
  bankid: null,
});

/** One browser's requests to the app: its cookie jar, and the Origin a browser would send. */
function browserOver(instance: Instance, jar: CookieJar, origin: string) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    // The jar is this browser's only cookie store for the API (its cookies are HttpOnly: the page never has them).
    headers.delete('cookie');
    const cookie = jar.header(url.pathname);
    if (cookie) headers.set('cookie', cookie);
    // A browser sends Origin with state-changing requests; a same-origin one through a service worker, or Node's
    // fetch, may come without: the mock supplies the page's, which the app's CSRF check expects.
    if (!headers.has('origin') && request.method !== 'GET' && request.method !== 'HEAD') headers.set('origin', origin);
    // Mail goes out in the background on the server too; the outbox is read once it has.
    if (url.pathname === apiPaths.devOutbox) await instance.settled();
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const forwarded = new Request(url, { method: request.method, headers, body });
    // A browser's Request drops `Cookie` and `Origin` (forbidden request headers) from the headers it is given; a
    // stand-alone Headers object keeps them. The app reads the request's headers, so it is handed that one.
    Object.defineProperty(forwarded, 'headers', { value: headers });
    const { response, setCookies } = await instance.dispatch(forwarded);
    jar.store([...setCookies, ...response.headers.getSetCookie()]);
    const answerHeaders = new Headers(response.headers);
    answerHeaders.delete('set-cookie');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: answerHeaders });
  };
}

export async function createMockBackend(options: MockBackendOptions = {}): Promise<MockBackend> {
  const preset = options.preset ?? 'hosting';
  const policy = mockPolicy(preset, options.policy);
  const origin = (options.origin ?? defaultOrigin()).replace(/\/+$/, '');
  const clock: MockClock = createMockClock(options.now);
  const jar = new CookieJar(() => clock.now());
  // Lets seeding use the admin API; random, so nothing else on the page can.
  const adminToken = Array.from(webCryptoRandom.bytes(32), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const passwordHasher = createHashWasmPasswordHasher();

  async function start(): Promise<Instance> {
    const store = await openMockStore();
    const bankIdServer = policy.bankid ? localBankIdServer({ clock }) : null;
    const ports: Ports = {
      store,
      passwordHasher,
      clock,
      random: webCryptoRandom,
      mailer: createDevOutboxMailer(store, clock),
      sms: createDevOutboxSmsSender(store, clock),
      commonPasswords: zxcvbnCommonPasswords,
      ...(bankIdServer
        ? // Straight to the test server's own app (whose routes start at `/rp/`), as if over the network to BankID.
          { bankid: createFetchBankIdRpClient({ fetch: (request) => bankIdServer.fetch(request), baseUrl: `${origin}/rp/v6.0/` }) }
        : {}),
    };
    const { app, services } = createPortico(ports, policy, {
      adminTokens: [adminToken],
      // The demo's Inbox reads the outbox over the API, as from a development server.
      devOutbox: true,
      preset,
      publicUrl: options.publicUrl ?? null,
      allowedOrigins: options.allowedOrigins ?? [],
      apiKeys: options.apiKeys ?? [],
      // A personnummer is only ever stored sealed, and BankID finds people by its keyed hash: a key per mock.
      secretKey: webCryptoRandom.bytes(32),
    });
    const dispatch = cookieCapturingApp(app, bankIdServer ? { path: bankIdTestPath, app: bankIdServer } : null);
    const instance: Instance = { store, dispatch, settled: () => services.delivery.settled(), scenarios: emptyScenarios() };
    if (options.seed ?? true) {
      instance.scenarios = await seedScenarios({
        origin,
        adminToken,
        policy,
        clock,
        newBrowser: () => browserOver(instance, new CookieJar(() => clock.now()), origin),
      });
    }
    return instance;
  }

  let current = await start();

  const handle = (request: Request) => browserOver(current, jar, origin)(request);

  async function outbox(to?: string): Promise<OutboxMessage[]> {
    const query = new URLSearchParams({ limit: '200', ...(to ? { to } : {}) });
    const response = await handle(new Request(`${origin}${apiPaths.devOutbox}?${query}`));
    return OutboxResponse.parse(await response.json()).messages;
  }

  const handlers: RequestHandler[] = [
    http.all(`${origin}/api/*`, ({ request }) => handle(request)),
    // The keys session tokens are signed with, for a host back end verifying them against the mock.
    http.get(`${origin}/.well-known/*`, ({ request }) => handle(request)),
    http.all(`${origin}${bankIdTestPath}/*`, ({ request }) => handle(request)),
  ];

  return {
    origin,
    preset,
    policy,
    handlers,
    fetch: handle,
    outbox,
    async lastCode(to) {
      for (const message of await outbox(to)) {
        // Links are taken out first: a token may hold six digits in a row.
        const code = message.text.replace(linkPattern, '').match(/\b(\d{6})\b/)?.[1];
        if (code) return code;
      }
      return null;
    },
    async lastLink(to) {
      for (const message of await outbox(to)) {
        const link = message.text.match(linkPattern)?.[0];
        if (link) return link;
      }
      return null;
    },
    clock: { now: () => clock.now(), set: (date) => clock.set(date), advance: (seconds) => clock.advance(seconds) },
    get scenarios() {
      return current.scenarios;
    },
    async signOut() {
      const response = await handle(
        new Request(`${origin}${apiPaths.signOut}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      );
      await response.body?.cancel();
    },
    clearCookies: () => jar.clear(),
    async reset() {
      const previous = current;
      jar.clear();
      if (options.now) clock.set(options.now);
      current = await start();
      await previous.store.close();
    },
    async close() {
      await current.store.close();
    },
  };
}
