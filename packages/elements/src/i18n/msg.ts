import { en } from './messages.en.ts';

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

let active: Catalogue = en;

/** Switches every later `msg()` call to another catalogue (components re-render on their next update). */
export function setCatalogue(catalogue: Catalogue): void {
  active = catalogue;
}

/** The active catalogue's text for `key`, with `{name}` parameters filled in. */
export function msg<Key extends MessageKey>(key: Key, ...args: ParamArgs<Key>): string {
  const text: string = active[key];
  const params: Readonly<Record<string, string | number>> | undefined = args[0];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}
