/** Test-only helpers shared by the component tests (not exported from the package). */
import type { PorticoErrorDetail } from '@portico/contract';
import { expect, waitUntil as pollUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

// Every test starts as on a page just opened: `<portico-auth>` shows the step its history entry holds (as after a
// reload), and the tests of a file share one page, so one test's last step must not become the next one's first.
beforeEach(() => history.replaceState(null, ''));

/** Types into `input` as a user would: focus, select what is there, then real key presses. */
export async function typeInto(input: HTMLInputElement | null, text: string): Promise<void> {
  if (!input) throw new Error('no such input');
  input.focus();
  input.select();
  await sendKeys({ type: text });
}

/**
 * `waitUntil` of @open-wc/testing, waiting up to 5 s unless told otherwise (its own default is 1 s). Most waits here
 * are for a server's answer and, the first time a step shows, for its element's chunk through the test server; with
 * three files at once on a busy two-core machine, 1 s was sometimes too short for a step that did come. A wait for
 * what never comes still fails, within the test's 10 s.
 */
export function waitUntil(predicate: () => unknown, message?: string, options: { interval?: number; timeout?: number } = {}): Promise<void> {
  return pollUntil(predicate, message, { timeout: 5000, ...options });
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

/**
 * Base URL of the run's second test server, preset `licensing`: sign-up by a mailed 6-digit code, only for
 * addresses at `example.test` (as `freshEmail` makes), with a resend cooldown of a few seconds. Its session cookie
 * is kept apart from the default server's.
 */
export const licensingApi = '/licensing';

/**
 * Resolves once the licensing server is up: it starts in the background while the first test files run. Call it in
 * a `before` hook (with a timeout of a minute) of every file that uses `licensingApi`.
 */
export async function licensingServerReady(): Promise<void> {
  const response = await fetch(`${licensingApi}/api/health`);
  if (!response.ok) throw new Error(`The licensing test server answered ${response.status}: ${await response.text()}`);
}

/** A user with a password on the licensing server (its test-only endpoint), who gets a mailed code at every sign-in. */
export async function seedLicensingUser(name: string): Promise<{ email: string; password: string }> {
  const email = freshEmail(name);
  const password = `Licensing-${crypto.randomUUID().slice(0, 8)}-7!`;
  const seeded = await fetch(`${licensingApi}/__test__/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (seeded.status !== 201) throw new Error(`Seeding ${email} failed: ${seeded.status} ${await seeded.text()}`);
  return { email, password };
}

/**
 * Asserts that `expected` has the focus. On failure it names both elements: `expect(document.activeElement)
 * .to.equal(element)` would hand the elements themselves to the reporter, which can hang serializing them.
 */
export function expectFocused(expected: Element | null): void {
  const actual = document.activeElement;
  if (actual === expected) return;
  const describe = (element: Element | null) => (element ? element.outerHTML.slice(0, 160) : 'nothing');
  throw new Error(`Expected the focus on ${describe(expected)}, but it is on ${describe(actual)}.`);
}

/** A Swedish mobile number no other test uses (the dev outbox is shared by the whole run), in E.164. */
export const freshPhone = () => `+4670${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

/** The visible text of an element, whitespace collapsed. */
export const textOf = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Every element under `root`: its descendants and, through each shadow root on the way (its own too), theirs. */
function everyElement(root: Document | Element | ShadowRoot): Element[] {
  const own = root instanceof Element && root.shadowRoot ? everyElement(root.shadowRoot) : [];
  return [...own, ...[...root.querySelectorAll('*')].flatMap((element) => [element, ...(element.shadowRoot ? everyElement(element.shadowRoot) : [])])];
}

/** The elements among `elements` whose box ends right of `edge` (half a pixel spared for subpixel layout). */
function pastEdge(elements: Element[], edge: number): string[] {
  return elements.flatMap((element) => {
    const box = element.getBoundingClientRect();
    // An element with no box (display: none) is at 0.
    if (box.width === 0 || box.right <= edge + 0.5) return [];
    const id = element.id ? `#${element.id}` : '';
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return [`${element.tagName.toLowerCase()}${id} "${text}" right=${Math.round(box.right)}`];
  });
}

/**
 * Fails, naming what sticks out, unless the page reflows at its viewport width (WCAG 1.4.10): the page does not
 * scroll sideways, no element of the document (or of a shadow root in it) reaches past the viewport's right edge,
 * and nothing of `element` (light DOM and shadow roots) reaches into the padding of `frame`, the card it is shown
 * in (`<portico-auth>`'s own card, or a host's).
 */
export function expectReflow(what: string, element: Element, frame: Element): void {
  const viewportWidth = document.documentElement.clientWidth;
  expect(pastEdge(everyElement(document), viewportWidth), `${what}: past the right edge of the viewport (${viewportWidth} px)`).to.deep.equal([]);
  const style = getComputedStyle(frame);
  const contentEdge = frame.getBoundingClientRect().right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
  const inside = everyElement(element).filter((candidate) => candidate !== frame && !candidate.contains(frame));
  expect(pastEdge(inside, contentEdge), `${what}: past the content of its card`).to.deep.equal([]);
  expect(document.documentElement.scrollWidth, `${what}: the page scrolls sideways`).to.be.at.most(viewportWidth);
}

/** A `portico-error` announced, with the text its element's alert showed at that moment (what was on screen). */
export interface Announcement {
  readonly detail: PorticoErrorDetail;
  readonly alert: string;
}

/**
 * Runs `test` with the page offline: its fetch fails as a lost connection does, until `test` calls `online()`. Every
 * `portico-error` meanwhile is recorded in `announced`. The real fetch comes back, and the listener goes, however the
 * test ends.
 */
export async function whileOffline(test: (page: { announced: Announcement[]; online(): void }) => Promise<void>): Promise<void> {
  const realFetch = window.fetch;
  let offline = true;
  window.fetch = (...args: Parameters<typeof fetch>) => (offline ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(...args));
  const announced: Announcement[] = [];
  const listen = (event: Event) =>
    announced.push({
      detail: (event as CustomEvent<PorticoErrorDetail>).detail,
      alert: textOf((event.target as Element).querySelector('[role="alert"]')),
    });
  document.addEventListener('portico-error', listen);
  try {
    await test({ announced, online: () => (offline = false) });
  } finally {
    document.removeEventListener('portico-error', listen);
    window.fetch = realFetch;
  }
}

/**
 * `el`'s failed read was announced once, as an unreachable server, with the text its alert showed then. Waits a
 * moment past the first announcement, so that a second one of the same failure would be caught.
 */
export async function expectAnnouncedOnce(el: { readonly updateComplete: Promise<unknown> }, announced: readonly Announcement[]): Promise<void> {
  await waitUntil(() => announced.length > 0, 'no portico-error');
  await el.updateComplete;
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(announced.map(({ detail }) => detail.code)).to.deep.equal(['network_error'], 'announced once');
  expect(announced[0]?.alert).to.match(/could not be reached/);
  expect(announced[0]?.alert).to.equal(announced[0]?.detail.message, 'announced as shown');
}
