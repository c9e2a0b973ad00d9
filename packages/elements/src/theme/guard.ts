import { css } from 'lit';

/**
 * Declarations that keep page rules off a light-DOM control a Portico wrapper styles through `::slotted()`.
 *
 * Why `!important`: the control is in the document (password managers need it there), so a page rule such as
 * `button, input { font: 30px serif; border: 5px dotted red }` would beat a normal `::slotted()` rule (the outer
 * tree wins between normal declarations). Between important declarations the shadow tree wins, so these hold
 * against any page rule; hosts restyle the controls through the `--portico-*` tokens instead.
 */
export const controlReset = css`
  box-sizing: border-box !important;
  margin: 0 !important;
  font-family: inherit !important;
  font-size: inherit !important;
  font-style: normal !important;
  line-height: inherit !important;
  letter-spacing: normal !important;
  word-spacing: normal !important;
  text-transform: none !important;
  text-indent: 0 !important;
  text-shadow: none !important;
  block-size: auto !important;
  max-inline-size: none !important;
  float: none !important;
`;

/**
 * The Portico tags seen so far on this page: the light-DOM content under them is what the guard below protects. Each
 * element adds its own tag when it connects, so the guard covers every element, also ones defined later (a lazily
 * loaded chunk, a host's subclass), with no list to keep in step with the elements.
 */
const guardedTags = new Set<string>();

/** Text properties a page commonly sets on bare `p`, `li`, `label`, … selectors. */
const guardedProperties = [
  'margin',
  'padding',
  'border',
  'background',
  'float',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'color',
  'letter-spacing',
  'text-transform',
  'text-decoration',
  'text-align',
];

/**
 * Keeps page rules off the text the elements render into their light DOM deeper than a shadow tree's `::slotted()`
 * reaches (a paragraph or list inside a `<form>`): for those elements, the properties above fall back to the
 * browser's defaults (`revert`), which inherit Portico's typography. Important, in a cascade layer: it beats every
 * unlayered page rule, important or not. It matches only inside Portico elements and never what a host slots in
 * (`[slot]`), so nothing outside changes. The shadow trees' own important `::slotted()` rules still win over it.
 */
function guardText(): string {
  const declarations = guardedProperties.map((property) => `${property}: revert !important;`).join(' ');
  return `@layer portico-guard {
  :where(${[...guardedTags].map((tag) => CSS.escape(tag)).join(', ')}) :where(p, ul, ol, li, dl, dt, dd, label, span, strong, em, small, code):not([slot], [slot] *) {
    ${declarations}
  }
}`;
}

let guardSheet: CSSStyleSheet | null = null;

/**
 * Adds the light-DOM guard to the tree `element` is in (the document, or the shadow root of a host app's
 * component), once per tree, and `element`'s tag to the ones it covers (one sheet, shared by every tree, so a tag
 * added later applies in all of them).
 */
export function guardLightDom(element: Element): void {
  const root = element.getRootNode();
  if (!(root instanceof Document || root instanceof ShadowRoot)) return;
  // Browsers without constructable stylesheets (before Safari 16.4) go without the guard; the controls keep theirs.
  if (!('adoptedStyleSheets' in root) || !('replaceSync' in CSSStyleSheet.prototype)) return;
  guardSheet ??= new CSSStyleSheet();
  if (!guardedTags.has(element.localName)) {
    guardedTags.add(element.localName);
    guardSheet.replaceSync(guardText());
  }
  if (!root.adoptedStyleSheets.includes(guardSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, guardSheet];
}
