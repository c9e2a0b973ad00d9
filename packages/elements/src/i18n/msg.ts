import type { Locale } from '@portico/contract';
import { commonEn } from './en/common.ts';
import type { en } from './messages.en.ts';

export type MessageKey = keyof typeof en;

/** A complete catalogue: a translation missing any key (or adding an unknown one) does not compile. */
export type Catalogue = Readonly<Record<MessageKey, string>>;

/** The `{name}` parameters of a message text, as a union of names. */
type ParamNames<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** `msg(key)` for messages without parameters, `msg(key, { … })` with exactly the ones the English text names. */
export type ParamArgs<Key extends MessageKey> = [ParamNames<(typeof en)[Key]>] extends [never]
  ? []
  : [params: Record<ParamNames<(typeof en)[Key]>, string | number>];

/**
 * English as far as the elements on this page need it. It starts with the texts every element shares (`en/common.ts`);
 * each other part (`en/*.ts`) adds its texts when an element that speaks them is imported (`addEnglish`), so a
 * sign-in page never downloads the texts of "My details".
 */
const english: Partial<Record<MessageKey, string>> = { ...commonEn };

/**
 * Adds a part of the English catalogue (an `en/*.ts` module calls it when it is imported) and returns it, with its
 * literal texts as its type, for the `en` object that puts the parts together.
 */
export function addEnglish<const Part extends Readonly<Record<string, string>>>(part: Part): Part {
  Object.assign(english, part);
  return part;
}

/**
 * The languages loaded so far, by `Locale` code: English (the parts loaded so far) is built in; the others are loaded
 * whole on first use (`loadCatalogue`), so a page that shows Portico in English never downloads them.
 */
export const catalogues: Partial<Record<Locale, Partial<Catalogue>>> = { en: english };

/** Where the other languages come from: each its own chunk. */
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Catalogue>> = {
  sv: () => import('./messages.sv.ts').then((module) => module.sv),
};
const loading = new Map<Locale, Promise<Partial<Catalogue>>>();

/** Whether `locale`'s catalogue is loaded (English always is). */
export function hasCatalogue(locale: Locale): boolean {
  return catalogues[locale] !== undefined;
}

/**
 * Loads `locale`'s catalogue once per page. Portico elements call it before rendering in a language; until it is
 * there, text falls back to English. A failed load (offline) is forgotten, so a later render tries again.
 */
export function loadCatalogue(locale: Locale): Promise<Partial<Catalogue>> {
  const loaded = catalogues[locale];
  if (loaded) return Promise.resolve(loaded);
  let pending = loading.get(locale);
  if (!pending) {
    pending = loaders[locale as Exclude<Locale, 'en'>]().then(
      (catalogue) => {
        catalogues[locale] = catalogue;
        return catalogue;
      },
      (error: unknown) => {
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

let active: Partial<Catalogue> = english;
let activeLocale: Locale = 'en';

/**
 * Switches `msg()` calls made outside any Portico element (each element renders in its own language, see
 * `inLocale`) to another catalogue: a complete one, or some texts only, the others staying English.
 */
export function setCatalogue(catalogue: Partial<Catalogue>): void {
  active = catalogue;
}

/**
 * Runs `render` with `locale`'s catalogue active for the global `msg()`, then restores the one before: for code
 * outside Portico's elements that uses `msg()` (`PorticoElement.localize` does this for a host's own subclass).
 * Portico's elements do not need it: each speaks its own language through its localizer (`this.msg`).
 */
export function inLocale<T>(locale: Locale, render: () => T): T {
  const previous = active;
  const previousLocale = activeLocale;
  active = catalogues[locale] ?? english;
  activeLocale = locale;
  try {
    return render();
  } finally {
    active = previous;
    activeLocale = previousLocale;
  }
}

/** The language `msg()` speaks right now: for dates and numbers formatted alongside its texts. */
export function currentLocale(): Locale {
  return activeLocale;
}

/**
 * The active catalogue's text for `key`, with `{name}` parameters filled in: for code outside Portico elements (see
 * `setCatalogue`, `inLocale`). Portico elements never use it: each speaks its own language through its
 * `LocalizeController`, whatever is active here.
 */
export function msg<Key extends MessageKey>(key: Key, ...args: ParamArgs<Key>): string {
  return fill(active[key] ?? english[key] ?? key, args[0]);
}

/** `locale`'s text for `key` (English where the language is not loaded or lacks it), with its parameters filled in. */
export function translate<Key extends MessageKey>(locale: Locale, key: Key, ...args: ParamArgs<Key>): string {
  // A key no loaded part has is a missing `en/*.ts` import (the catalogue-parts test finds those): the key, rather
  // than "undefined", tells what is missing.
  return fill(catalogues[locale]?.[key] ?? english[key] ?? key, args[0]);
}

function fill(text: string, params: Readonly<Record<string, string | number>> | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}
