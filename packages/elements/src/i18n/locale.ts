import { type Locale, locales } from '@portico/contract';

/** The language a `lang` value names, if Portico speaks it (`sv-SE` → `sv`); null for `de`, `''` or none. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  const language = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (locales as readonly string[]).includes(language) ? (language as Locale) : null;
}

/** The next node up: the parent, or the host of a shadow root (so a `lang` outside a component still applies). */
function up(node: Node): Node | null {
  const parent = node.parentNode;
  return parent instanceof ShadowRoot ? parent.host : parent;
}

/** The servers' default languages (`GET /api/config`), by API base URL, as they arrive. */
const configDefaults = new Map<string, Locale>();
/** The first default that arrived: for elements that have no API of their own nor an owner with one. */
let pageDefault: Locale | null = null;

/**
 * Fetches the default language of the server at an API base URL. `api/api.ts` provides it when it loads (every
 * element with an `api` imports it), so that the base of every element carries no API client: the sign-in form
 * alone, which has no `api`, stays small.
 */
let defaultLocaleSource: ((api: string) => Promise<Locale>) | null = null;

/** Called once by `api/api.ts`: how to fetch a server's default language. */
export function provideDefaultLocaleSource(source: (api: string) => Promise<Locale>): void {
  defaultLocaleSource = source;
}

/** The default language of the server at `api`, fetched through the source `api/api.ts` provides (none: null). */
export function fetchDefaultLocale(api: string): Promise<Locale> | null {
  return defaultLocaleSource ? defaultLocaleSource(api) : null;
}

/** Records the default language of the server at `api`. */
export function noteDefaultLocale(api: string, locale: Locale): void {
  configDefaults.set(api, locale);
  pageDefault ??= locale;
}

/**
 * The language `element` speaks: the `lang` of the element itself, else of its nearest ancestor that has one (across
 * shadow roots, up to the document's `<html lang>`); a language Portico does not speak counts as none. Else the
 * default of the server (`defaultLocale` of `GET /api/config`) of the element or its nearest owner with an `api`;
 * else English.
 */
export function localeOf(element: Element): Locale {
  let serverDefault: Locale | null = null;
  for (let node: Node | null = element; node; node = up(node)) {
    if (!(node instanceof Element)) continue;
    const locale = matchLocale(node.getAttribute('lang'));
    if (locale) return locale;
    if (serverDefault === null && 'api' in node && typeof node.api === 'string') {
      serverDefault = configDefaults.get(node.api) ?? null;
    }
  }
  return serverDefault ?? pageDefault ?? 'en';
}
