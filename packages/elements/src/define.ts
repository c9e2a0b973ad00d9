/**
 * Registers a custom element unless the tag is taken already, so loading the bundle twice (two scripts, a
 * micro-frontend, hot reload) does not throw.
 */
export function defineElement(tag: string, elementClass: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, elementClass);
}

let lastId = 0;

/** An id unique in the document, for light-DOM `id`/`for` pairs (two forms on one page must not collide). */
export function uniqueId(prefix: string): string {
  lastId += 1;
  return `${prefix}-${lastId}`;
}
