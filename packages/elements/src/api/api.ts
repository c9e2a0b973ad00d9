import { createPorticoClient, PorticoApiError, type PorticoClient } from '@portico/client';
import { browserEndpointRoutes, eventNames, type PublicConfig } from '@portico/contract';
import type { ShownError } from '../i18n/error-message.ts';
import { provideDefaultLocaleSource } from '../i18n/locale.ts';
import { onSessionChange, sessionIs, signedInApis } from './session-sync.ts';

const clients = new Map<string, PorticoClient>();
const configs = new Map<string, Promise<PublicConfig>>();

/** One client per API base URL, shared by every element on the page. */
export function clientFor(api: string): PorticoClient {
  let client = clients.get(api);
  if (!client) {
    client = createPorticoClient({
      baseUrl: api,
      fetch: (input, init) => watchSession(api, input instanceof Request ? input.url : input.toString(), init, fetch(input, init)),
    });
    clients.set(api, client);
    keepTokenCookieFresh(api);
  }
  return client;
}

/**
 * What an answer says of the session (see session-sync.ts): a sign-out went through; `GET /api/session` or a token
 * request found one or none (not a server failure, which says nothing); any other request was refused as
 * `unauthenticated`, so the session this page counted on has ended.
 */
async function watchSession(api: string, url: string, init: RequestInit | undefined, answer: Promise<Response>): Promise<Response> {
  const response = await answer;
  const path = new URL(url, location.href).pathname;
  const check = path.endsWith(browserEndpointRoutes.sessionToken.path) || (path.endsWith(browserEndpointRoutes.session.path) && init?.method === undefined);
  if (path.endsWith(browserEndpointRoutes.signOut.path)) {
    if (response.ok) sessionIs(api, false, 'here');
  } else if (check && response.ok) {
    sessionIs(api, true, 'check');
  } else if (response.status === 401) {
    // `session_renewed` (a request sent just before another one renewed the session) is no news of the session.
    response
      .clone()
      .json()
      .then(
        (body: { error?: { code?: unknown } }) => body.error?.code === 'unauthenticated' && sessionIs(api, false, check ? 'check' : 'request', 'session_ended'),
        () => check && sessionIs(api, false, 'check', 'session_ended'),
      );
  }
  return response;
}

// A sign-in in this tab is news for the others (the element that signed in has the API it used).
document.addEventListener(eventNames.signedIn, (event) => sessionIs(apiOf(event.target), true, 'here'));
// Back in a tab that was signed in: is it still? (A 401 then tells the page.)
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible')
    for (const api of signedInApis())
      clientFor(api)
        .getSession()
        .catch(() => undefined);
});

// Another tab says the session changed: what this tab's client cached (a token) was the old session's, so a fresh
// client takes its place at once; and a sign-out is checked, so a tab that lost a race against a sign-in recovers.
onSessionChange((api, signedIn, _reason, source) => {
  if (source !== 'tab') return;
  clients.delete(api);
  if (!signedIn)
    clientFor(api)
      .getSession()
      .catch(() => undefined);
});

function apiOf(target: EventTarget | null): string {
  return target !== null && 'api' in target && typeof target.api === 'string' ? target.api : '';
}

/** APIs whose token cookie is being kept fresh, with how to renew it now and how to stop. */
const keptFresh = new Map<string, { renew(): void; stop(): void }>();

/**
 * Where the server hands session tokens to same-site back ends as a cookie (PORTICO_TOKEN_COOKIE), keeps one valid
 * while signed in: at once (a sign-in), then every 10 s, when the client fetches a new token shortly before the last
 * expires. Stops when signed out (told by this tab or another, or by a token request that found no session), until
 * the next sign-in starts it again.
 */
export function keepTokenCookieFresh(api: string): void {
  const running = keptFresh.get(api);
  if (running) return running.renew();
  let timer: ReturnType<typeof setInterval> | undefined;
  const loop = {
    renew: (): void => undefined,
    stop() {
      clearInterval(timer);
      // A renewal answered after a sign-out and the next sign-in must not stop the loop that sign-in started.
      if (keptFresh.get(api) === loop) keptFresh.delete(api);
    },
  };
  keptFresh.set(api, loop);
  configFor(api).then((config) => {
    // Not where tokens are cookies; or signed out while the configuration was on its way.
    if (!config.tokenCookie || keptFresh.get(api) !== loop) return;
    loop.renew = () =>
      void clientFor(api)
        .getToken()
        .then((token) => token === null && loop.stop(), loop.stop);
    timer = setInterval(loop.renew, 10_000);
    loop.renew();
  }, loop.stop);
}

// A sign-out stops the renewals at once, rather than the next renewal finding no session (up to 10 s later, perhaps
// while the next sign-in is under way).
onSessionChange((api, signedIn) => {
  if (!signedIn) keptFresh.get(api)?.stop();
});

/**
 * `GET /api/config` of `api`, fetched once per page and base URL however many elements ask (a failed fetch is
 * forgotten, so a later call tries again).
 */
export function configFor(api: string): Promise<PublicConfig> {
  // The client first: making it asks for the configuration too (the token cookie's renewals), which must find this
  // request rather than send a second.
  const client = clientFor(api);
  let config = configs.get(api);
  if (!config) {
    config = client.getConfig();
    configs.set(api, config);
    config.catch(() => configs.delete(api));
  }
  return config;
}

// Elements with an `api` speak their server's default language when no `lang` says otherwise.
provideDefaultLocaleSource((api) => configFor(api).then((config) => config.defaultLocale));

/** What a failed call shows: its code and the details the message needs. */
export function toShownError(error: unknown): ShownError {
  if (!(error instanceof PorticoApiError)) return { code: 'internal_error' };
  const shown: ShownError = { code: error.code };
  if (error.retryAfterSeconds !== undefined) shown.retryAfterSeconds = error.retryAfterSeconds;
  if (error.fields !== undefined) shown.fields = error.fields;
  if (error.rules !== undefined) shown.rules = error.rules;
  return shown;
}
