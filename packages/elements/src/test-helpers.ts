/** Test-only helpers shared by the component tests (not exported from the package). */
import { sendKeys } from '@web/test-runner-commands';

/** Types into `input` as a user would: focus, select what is there, then real key presses. */
export async function typeInto(input: HTMLInputElement | null, text: string): Promise<void> {
  if (!input) throw new Error('no such input');
  input.focus();
  input.select();
  await sendKeys({ type: text });
}

/** An address no other test uses: the server's data lives for the whole run. */
export const freshEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.test`;

/** The text of an element's `part="heading"`, and its `part="message"` element, in its shadow tree. */
export const heading = (el: Element) => el.shadowRoot?.querySelector('[part="heading"]')?.textContent?.trim() ?? '';
export const message = (el: Element) => el.shadowRoot?.querySelector<HTMLElement>('[part="message"]') ?? null;

export function findButton(root: ParentNode, text: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text);
}

export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = findButton(root, text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}
