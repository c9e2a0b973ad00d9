/**
 * Defines a group of elements the first time one of their tags appears in the document, by loading their code then.
 *
 * The script-tag bundle uses it for the elements of a signed-in page (`<portico-profile>` and its sections, the
 * 2-step setup, BankID): a sign-in page never downloads them, and a page that shows them gets them at once. Tags
 * rendered inside another component's shadow root are not seen by the document's observer; a host that does that
 * calls the returned `load()` itself (or imports the per-component entry points).
 */
export function autoload(tags: readonly string[], loadCode: () => Promise<unknown>): { load(): Promise<void> } {
  // Undefined ones only: a tag that something else defined first (`<portico-auth>` loads its BankID and 2-step setup
  // steps itself before it renders them) needs nothing from here.
  const selector = tags.map((tag) => `${tag}:not(:defined)`).join(',');
  let loaded: Promise<void> | null = null;
  let observer: MutationObserver | null = null;

  const load = (): Promise<void> => {
    observer?.disconnect();
    observer = null;
    loaded ??= loadCode().then(
      () => undefined,
      (error: unknown) => {
        // A failed download (offline): the next tag that appears tries again. The ones already on the page do not,
        // or a page that stays offline would retry without end.
        loaded = null;
        watchForNewTags();
        throw error;
      },
    );
    return loaded;
  };

  const appears = (node: Node): boolean => node instanceof Element && (node.matches(selector) || node.querySelector(selector) !== null);

  const loadReportingFailure = (): void => {
    load().catch((error: unknown) => console.error('Portico could not load the code of', selector, error));
  };

  function watchForNewTags(): void {
    if (typeof document === 'undefined' || observer) return;
    observer = new MutationObserver((records) => {
      if (records.some((record) => [...record.addedNodes].some(appears))) loadReportingFailure();
    });
    observer.observe(document, { childList: true, subtree: true });
  }

  function watch(): void {
    if (typeof document !== 'undefined' && document.querySelector(selector)) loadReportingFailure();
    else watchForNewTags();
  }

  // Once nobody would define these tags otherwise: a page (or another micro-frontend) that registered them has them.
  if (tags.some((tag) => customElements.get(tag) === undefined)) watch();
  return { load };
}
