import type { Locale } from '@portico/contract';
import { currentLocale, type MessageKey, msg, type ParamArgs, translate } from './msg.ts';

/** Texts, dates and numbers in one language: what every piece of code that produces text for an element is given. */
export interface Localizer {
  /** The language spoken. */
  readonly locale: Locale;
  /** The text for `key` in that language, with `{name}` parameters filled in. */
  msg<Key extends MessageKey>(key: Key, ...args: ParamArgs<Key>): string;
}

/**
 * An element's own language, asked at the moment text is made. Each Portico element owns one (`i18n`), so text made
 * after an await or in an event handler is in the element's language, whatever other elements on the page rendered
 * meanwhile: nothing global is switched around renders. (Shoelace's LocalizeController works the same way; the
 * element itself re-renders when its language changes, see `PorticoElement`.)
 */
export class LocalizeController implements Localizer {
  private readonly host: { readonly locale: Locale };

  constructor(host: { readonly locale: Locale }) {
    this.host = host;
  }

  get locale(): Locale {
    return this.host.locale;
  }

  msg<Key extends MessageKey>(key: Key, ...args: ParamArgs<Key>): string {
    return translate(this.host.locale, key, ...args);
  }
}

/** The language of the global `msg()` (see `setCatalogue`): for public helpers called outside any element. */
export const activeLocalizer: Localizer = {
  get locale() {
    return currentLocale();
  },
  msg,
};
