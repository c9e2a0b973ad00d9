import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import puppeteer, { type Browser, type BrowserContext, type ElementHandle, type Page } from 'puppeteer-core';
import { chromeArgs, findChrome } from './find-chrome.mjs';

/**
 * What the end-to-end tests do on the demo page, the way a user would: click a button by its text, wait for a
 * heading or a message, sign in, read a mail in the demo's Inbox. Every wait has a timeout, so a flow that stops
 * half-way fails the test instead of hanging it.
 */

/**
 * Headless Chromium for one test file. A browser call that gets no answer fails after 30 s (puppeteer's default is
 * three minutes), so a page that hangs fails its test in good time.
 */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: findChrome(), headless: true, args: chromeArgs, protocolTimeout: 30_000 });
}

/**
 * Watches `page` for what must never happen, into `errors` (a test fails if there is any): an uncaught error in the
 * page (even when the UI looks right), a breach of the page's Content-Security-Policy, or a Portico page served
 * without a strict one. So every page the end-to-end tests open also shows that Portico's pages work under their
 * own policy. Call before the page navigates.
 */
export async function watchPage(page: Page, errors: string[]): Promise<Page> {
  page.on('pageerror', (error: unknown) => errors.push(String(error)));
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document' || response.frame() !== page.mainFrame()) return;
    if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
    const policy = response.headers()['content-security-policy'] ?? '';
    if (
      !/default-src 'self'; script-src 'self'[^;]*;.* object-src 'none'; base-uri 'none';.*frame-ancestors /.test(policy) ||
      /'unsafe-(inline|eval)'/.test(policy)
    ) {
      errors.push(`${response.url()} was served without a strict Content-Security-Policy: "${policy}"`);
    }
  });
  await page.exposeFunction('__porticoPolicyViolation', (report: string) => errors.push(`Content-Security-Policy violation: ${report}`));
  // A string, not a function: the tests' TypeScript transform would add helpers the page does not have.
  await page.evaluateOnNewDocument(`
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__porticoPolicyViolation(event.effectiveDirective + ' blocked ' + event.blockedURI + ' at ' + event.sourceFile + ':' + event.lineNumber);
    }, true);
  `);
  return page;
}

/** A new page (in a browser or one of its contexts) on `url`, watched (`watchPage`), once the network is quiet. */
export async function openPage(owner: Browser | BrowserContext, url: string, errors: string[]): Promise<Page> {
  const page = await watchPage(await owner.newPage(), errors);
  await page.goto(url, { waitUntil: 'networkidle0' });
  return page;
}

/** Clicks the button in the light DOM of the element `within` (`<portico-auth>`) whose text is `text`. */
export async function clickButton(page: Page, text: string, within = 'portico-auth'): Promise<void> {
  const clicked = await page.evaluate(
    (wanted, selector) => {
      const button = [...document.querySelectorAll(`${selector} button`)].find((b) => b.textContent?.trim() === wanted);
      (button as HTMLButtonElement | undefined)?.click();
      return Boolean(button);
    },
    text,
    within,
  );
  assert.ok(clicked, `no button "${text}" in ${within}`);
}

/** Waits for a button whose text is `text` inside `within`, then clicks it. */
export async function waitAndClick(page: Page, text: string, within: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    (wanted, selector) => [...document.querySelectorAll(`${selector} button`)].some((b) => b.textContent?.trim() === wanted),
    { timeout },
    text,
    within,
  );
  await clickButton(page, text, within);
}

/** The texts of the buttons `<portico-auth>` shows now. */
export function buttonTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('portico-auth button')].map((b) => b.textContent?.trim() ?? ''));
}

/** Waits until `text` shows anywhere in the element `within` (`<portico-auth>`): its light DOM or any shadow root inside it. */
export async function waitForText(page: Page, text: string, timeout = 10_000, within = 'portico-auth'): Promise<void> {
  await page.waitForFunction(
    (wanted, selector) => {
      const host = document.querySelector(selector);
      if (!host) return false;
      const roots = [host, ...host.querySelectorAll('*')].flatMap((el) => [el, ...(el.shadowRoot ? [el.shadowRoot] : [])]);
      return roots.some((root) => root.textContent?.includes(wanted));
    },
    { timeout },
    text,
    within,
  );
}

/** Waits until `<portico-auth>`'s heading reads `text`. */
export async function waitForHeading(page: Page, text: string, timeout = 10_000): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) => document.querySelector('portico-auth')?.shadowRoot?.querySelector('[part="heading"]')?.textContent?.trim() === wanted,
      { timeout },
      text,
    );
  } catch (error) {
    throw new Error(`the heading did not become "${text}"; it reads "${await heading(page)}"`, { cause: error });
  }
}

/** `<portico-auth>`'s heading as it reads now. */
export function heading(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('portico-auth')?.shadowRoot?.querySelector('[part="heading"]')?.textContent?.trim() ?? '');
}

/** Waits for a non-empty `role="alert"` in `<portico-auth>` (light DOM or shadow roots) and returns its text. */
export async function waitForAlert(page: Page, timeout = 10_000): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const auth = document.querySelector('portico-auth');
      if (!auth) return false;
      const roots: ParentNode[] = [auth];
      for (const el of auth.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
      for (const root of roots) {
        for (const alert of root.querySelectorAll('[role="alert"]')) {
          const text = alert.textContent?.trim();
          if (text) return text;
        }
      }
      return false;
    },
    { timeout },
  );
  return String(await handle.jsonValue());
}

/** The focused element's `autocomplete` attribute (or its id, prefixed `#`, if it has none), or null. */
export function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return null;
    return active.getAttribute('autocomplete') ?? (active.id ? `#${active.id}` : active.tagName.toLowerCase());
  });
}

/** The value of the input `selector` finds. */
export function inputValue(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as HTMLInputElement).value);
}

/** Types into the first visible input `selector` finds, after selecting what was there (as a triple click does). */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  const input = await page.waitForSelector(selector, { visible: true });
  assert.ok(input, `no ${selector}`);
  await input.click({ count: 3 });
  await input.type(text);
}

/** Fills the two new-password fields (password and confirmation) inside `scope` and presses Enter. */
export async function chooseNewPassword(page: Page, scope: string, password: string): Promise<void> {
  await page.waitForSelector(`${scope} input[autocomplete="new-password"]`, { visible: true });
  const fields = await page.$$(`${scope} input[autocomplete="new-password"]`);
  assert.equal(fields.length, 2, 'password and confirmation');
  await fields[0]!.type(password);
  await fields[1]!.type(password);
  await page.keyboard.press('Enter');
}

/** Waits for the demo's dashboard and returns the e-mail it says the user is signed in as. */
export async function dashboardEmail(page: Page): Promise<string> {
  await page.waitForSelector('#dashboard:not([hidden])', { visible: true, timeout: 10_000 });
  return page.$eval('#dashboard-email', (el) => el.textContent ?? '');
}

/** The demo's sign-in form's username field. */
export const usernameField = 'portico-login-form input[autocomplete~="username"]';

/** The account the demo's dashboard says the session works in ("name · customer ID"), spaces collapsed. */
export function dashboardAccount(page: Page): Promise<string> {
  return page.$eval('#dashboard-account', (el) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

/** Fills the sign-in form (replacing whatever the e-mail field held) and submits it. */
export async function submitPassword(page: Page, email: string, password: string): Promise<void> {
  await typeInto(page, 'portico-login-form input[autocomplete~="username"]', email);
  await page.type('portico-login-form input[autocomplete="current-password"]', password);
  await page.keyboard.press('Enter');
}

/** Signs in with the sign-in form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await submitPassword(page, email, password);
  await page.waitForSelector('#dashboard:not([hidden])', { visible: true });
}

/** One mail as the demo's Inbox shows it. */
export interface InboxMail {
  subject: string;
  /** "To …" and the time, as the Inbox prints them. */
  meta: string;
  text: string;
  /** The addresses of the links in the mail, in order. */
  links: string[];
}

/**
 * Waits for the newest mail to `to` whose subject is `subject` in the demo's Inbox (an SMS shows as "(SMS)"),
 * pressing its Refresh button as a user would (the Inbox also polls by itself, but every few seconds only). With
 * `newerThan`, a message whose text is that one's does not count: the user waits for the next code.
 */
export async function waitForMail(
  page: Page,
  to: string,
  subject: string,
  { timeoutMs = 15_000, newerThan }: { timeoutMs?: number; newerThan?: InboxMail } = {},
): Promise<InboxMail> {
  // Back to the tab with the Inbox, as the user would; a background tab renders no frames, so clicks in it wait forever.
  await page.bringToFront();
  await page.waitForSelector('#inbox:not([hidden])', { visible: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = await page.evaluate(
      (recipient, wanted) => {
        for (const item of document.querySelectorAll('#inbox-list li.mail')) {
          const subjectText = item.querySelector('h3')?.textContent ?? '';
          const meta = item.querySelector('.mail-meta')?.textContent ?? '';
          if (subjectText !== wanted || !meta.startsWith(`To ${recipient} `)) continue;
          const body = item.querySelector('pre');
          return {
            subject: subjectText,
            meta,
            text: body?.textContent ?? '',
            links: [...(body?.querySelectorAll('a') ?? [])].map((a) => a.href),
          };
        }
        return null;
      },
      to,
      subject,
    );
    if (mail && mail.text !== newerThan?.text) return mail;
    if (Date.now() > deadline) {
      const shown = await page.$eval('#inbox-list', (el) => el.textContent ?? '');
      throw new Error(`no mail "${subject}" to ${to} in the Inbox within ${timeoutMs} ms; it shows:\n${shown}`);
    }
    // A click by script: the panel may be scrolled out of view or under the layout (a real user scrolls first).
    await page.$eval('#inbox-refresh', (button) => (button as HTMLButtonElement).click());
    await sleep(250);
  }
}

/** The one mailed link in `mail` (a `#portico-link=` address on the demo's own origin). */
export function mailedLink(mail: InboxMail | { text: string }, origin: string): string {
  const links = 'links' in mail ? mail.links : [...mail.text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]);
  const found = [...new Set(links.filter((link) => link.includes('#portico-link=')))];
  assert.equal(found.length, 1, `one mailed link expected in:\n${mail.text}`);
  assert.ok(found[0]!.startsWith(`${origin}/`), `the link leads to the portal (${origin}): ${found[0]}`);
  return found[0]!;
}

/** A fresh address per call, so tests sharing one server never meet each other's mails or limits. */
export function freshEmail(name: string, domain = 'example.test'): string {
  return `${name}-${crypto.randomUUID().slice(0, 8)}@${domain}`;
}

/** Clicks the account whose button text includes `name` in the (shadow-DOM) picker under `scope`. */
export async function chooseAccount(page: Page, scope: string, name: string): Promise<void> {
  await page.waitForFunction(
    (selector, wanted) =>
      [...(document.querySelector(`${selector} portico-account-picker`)?.shadowRoot?.querySelectorAll('button') ?? [])].some((b) =>
        b.textContent?.includes(wanted),
      ),
    {},
    scope,
    name,
  );
  const button = await page.evaluateHandle(
    (selector, wanted) =>
      [...(document.querySelector(`${selector} portico-account-picker`)?.shadowRoot?.querySelectorAll('button') ?? [])].find((b) =>
        b.textContent?.includes(wanted),
      ) ?? null,
    scope,
    name,
  );
  const element = button.asElement() as ElementHandle<HTMLButtonElement> | null;
  assert.ok(element, `no account "${name}"`);
  await element.click();
}
