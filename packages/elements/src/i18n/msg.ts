import type { Locale } from '@portico/contract';
import { en } from './messages.en.ts';
import { sv } from './messages.sv.ts';

export type MessageKey = keyof typeof en;

/** A complete catalogue: a translation missing any key (or adding an unknown one) does not compile. */
export type Catalogue = Readonly<Record<MessageKey, string>>;

/** The `{name}` parameters of a message text, as a union of names. */
type ParamNames<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** `msg(key)` for messages without parameters, `msg(key, { … })` with exactly the ones the English text names. */
type ParamArgs<Key extends MessageKey> = [ParamNames<(typeof en)[Key]>] extends [never]
  ? []
  : [params: Record<ParamNames<(typeof en)[Key]>, string | number>];

/** Every language the components speak, by its `Locale` code. */
export const catalogues: Readonly<Record<Locale, Catalogue>> = { en, sv };

let active: Catalogue = en;
let activeLocale: Locale = 'en';

/**
 * Switches `msg()` calls made outside any Portico element (each element renders in its own language, see
 * `inLocale`) to another catalogue.
 */
export function setCatalogue(catalogue: Catalogue): void {
  active = catalogue;
}

/**
 * Runs `render` with `locale`'s catalogue active, then restores the one before. Elements render this way, so that
 * two elements on one page can speak two languages; code that produces text later (after an await, in an event
 * handler) goes through its element again (`PorticoElement.localize`).
 */
export function inLocale<T>(locale: Locale, render: () => T): T {
  const previous = active;
  const previousLocale = activeLocale;
  active = catalogues[locale];
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

/** The active catalogue's text for `key`, with `{name}` parameters filled in. */
export function msg<Key extends MessageKey>(key: Key, ...args: ParamArgs<Key>): string {
  const text: string = active[key];
  const params: Readonly<Record<string, string | number>> | undefined = args[0];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}
