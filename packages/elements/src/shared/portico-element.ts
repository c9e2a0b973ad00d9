import type { Locale } from '@portico/contract';
import { LitElement, render, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { fetchDefaultLocale, localeOf, noteDefaultLocale } from '../i18n/locale.ts';
import { LocalizeController, type Localizer } from '../i18n/localize-controller.ts';
import { hasCatalogue, inLocale, loadCatalogue, type MessageKey, type ParamArgs } from '../i18n/msg.ts';
import { guardLightDom } from '../theme/guard.ts';
import type { PorticoTheme } from '../theme/tokens.ts';

/** Connected Portico elements, to re-render when a `lang` they depend on changes. */
const connected = new Set<PorticoElement>();

function relocalizeAll(): void {
  for (const element of connected) element.relocalize();
}

/** Watches `lang` attributes: the whole document, and each element's own and its shadow root's. */
let observer: MutationObserver | null = null;
function watch(element: PorticoElement): void {
  if (!observer) {
    observer = new MutationObserver(relocalizeAll);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  observer.observe(element, { attributes: true, attributeFilter: ['lang'] });
  if (element.renderRoot instanceof ShadowRoot) {
    observer.observe(element.renderRoot, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

/** Gives the elements from `node` up to `end` (not included) the `lang` of `locale`. */
function markLanguage(node: Node | null, end: Node | null, locale: string): void {
  for (; node && node !== end; node = node.nextSibling) {
    // Only when it differs: every change of a `lang` has each Portico element check its language again.
    if (node instanceof HTMLElement && node.lang !== locale) node.lang = locale;
  }
}

/**
 * Base of every Portico element: it speaks the language of its `lang` attribute, else of its nearest ancestor's
 * (across shadow roots, up to `<html lang>`), else its server's default (`defaultLocale` of `GET /api/config`), else
 * English; see `localeOf`. Its texts come from its own localizer (`this.msg`, `this.i18n`), which reads that
 * language when a text is made (in a render, after an await, in an event handler alike), and the element re-renders
 * when the language changes. What it renders carries that language as its `lang`.
 */
export abstract class PorticoElement extends LitElement {
  /**
   * Colour scheme (attribute `theme`): `light`, `dark`, or `auto` (follows `prefers-color-scheme`). Unset, the
   * element takes the scheme of the Portico element it sits in, else light. A host's own `--portico-*` values win
   * over the scheme's defaults in every scheme (the styles are in `themeTokens`).
   */
  @property({ reflect: true }) accessor theme: PorticoTheme | undefined = undefined;

  /**
   * This element's texts, in its language at the moment they are made (`this.msg(key)`): in a render, after an
   * await, in an event handler alike.
   */
  readonly i18n: Localizer = new LocalizeController(this);

  /** This element's text for `key`, with its parameters: `this.i18n.msg`, for short. */
  msg<Key extends MessageKey>(key: Key, ...args: ParamArgs<Key>): string {
    return this.i18n.msg(key, ...args);
  }

  /** The language of the last update. */
  private renderedLocale: Locale | null = null;
  /** The API whose default language was asked for. */
  private localeApi: string | null = null;

  /** The language this element speaks now. */
  get locale(): Locale {
    return localeOf(this);
  }

  /**
   * Runs `produce` with this element's language active for the global `msg()` (see `inLocale`): for a subclass made
   * outside Portico that uses `msg()`. Portico's own elements use `i18n`, which needs no such care.
   */
  localize<T>(produce: () => T): T {
    return inLocale(this.locale, produce);
  }

  /** Re-renders if the language changed since the last update. */
  relocalize(): void {
    if (this.renderedLocale !== null && this.renderedLocale !== this.locale) this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Page rules for bare `p`, `li`, … must not restyle the text this element renders into its light DOM.
    guardLightDom(this);
    connected.add(this);
    watch(this);
    this.askDefaultLocale();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
  }

  /** Waits for the language's catalogue before an update in a language not loaded yet (the first Swedish one). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const locale = this.locale;
    if (hasCatalogue(locale)) return super.scheduleUpdate();
    return loadCatalogue(locale).then(
      () => super.scheduleUpdate(),
      () => super.scheduleUpdate(), // Offline: English rather than nothing; the next update tries again.
    );
  }

  protected override performUpdate(): void {
    this.askDefaultLocale(); // The `api` may have changed.
    const locale = this.locale;
    this.renderedLocale = locale;
    super.performUpdate();
  }

  /**
   * Renders, then gives the shadow tree's top elements the element's language. Screen readers pronounce text by the
   * `lang` nearest to it, which is the page's: a page in another language than the element's, one Portico does not
   * speak or none at all, would have the element's Swedish read out by English rules.
   */
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    markLanguage(this.renderRoot.firstChild, null, this.locale);
  }

  /**
   * Renders `content` into this element's light DOM (where a form must be for password managers to see it), marked
   * with the element's language as its shadow tree is. Content a host put in the element is left as it is.
   */
  protected renderLight(content: unknown): void {
    const part = render(content, this, { host: this });
    markLanguage(part.startNode, part.endNode, this.locale);
  }

  /** Elements with an `api` learn its server's default language (fetched once per page and API). */
  private askDefaultLocale(): void {
    const api: unknown = (this as { api?: unknown }).api;
    if (typeof api !== 'string' || api === this.localeApi) return;
    const fetching = fetchDefaultLocale(api);
    if (!fetching) return;
    this.localeApi = api;
    fetching.then(
      (defaultLocale) => {
        noteDefaultLocale(api, defaultLocale);
        relocalizeAll();
      },
      () => undefined, // Without the server's default, the page's or English.
    );
  }
}
