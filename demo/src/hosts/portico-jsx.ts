/**
 * Portico's elements in React 19's JSX, typed from the elements' own declarations: every tag of
 * `HTMLElementTagNameMap` that starts with `portico-` takes its element's public properties (React 19 sets them as
 * properties, so objects and arrays pass as they are) and an `on<event-name>` listener for every Portico event of
 * `HTMLElementEventMap`, whose `detail` is typed (React 19 adds such listeners with `addEventListener`).
 *
 * A host using React imports this module once (type-only: `import type {} from './portico-jsx.ts'`).
 */
import type { DOMAttributes, HTMLAttributes, RefAttributes } from 'react';
import type { LitElement } from 'lit';

type PorticoTag = Extract<keyof HTMLElementTagNameMap, `portico-${string}`>;
type PorticoEventName = Extract<keyof HTMLElementEventMap, `portico-${string}`>;

/** `onportico-signed-in={(event) => event.detail.user}` and so on. */
type PorticoEventProps = { [Name in PorticoEventName as `on${Name}`]?: (event: HTMLElementEventMap[Name]) => void };

/** `Key` when `Type[Key]` can be assigned (not a getter without a setter, not `readonly`), else never. */
type Writable<Type, Key extends keyof Type> =
  (<T>() => T extends { [K in Key]: Type[Key] } ? 1 : 2) extends <T>() => T extends { -readonly [K in Key]: Type[Key] } ? 1 : 2 ? Key : never;

/** The element's own settable data properties (not Lit's lifecycle members, not methods, not read-only ones). */
type ElementProperties<Element> = {
  [
    Key in keyof Element as Key extends keyof LitElement ? never : Element[Key] extends (...args: never[]) => unknown ? never : Writable<Element, Key>
  ]?: Element[Key];
};

/** What one Portico tag takes in JSX. The element's properties win over the HTML attributes of the same name. */
export type PorticoElementProps<Element extends HTMLElement> = ElementProperties<Element> &
  Omit<HTMLAttributes<Element>, keyof ElementProperties<Element> | keyof DOMAttributes<Element>> &
  Pick<DOMAttributes<Element>, 'children'> &
  PorticoEventProps &
  RefAttributes<Element>;

type PorticoIntrinsicElements = { [Tag in PorticoTag]: PorticoElementProps<HTMLElementTagNameMap[Tag]> };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React declares JSX as a namespace.
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging is how JSX learns the tags.
    interface IntrinsicElements extends PorticoIntrinsicElements {}
  }
}
