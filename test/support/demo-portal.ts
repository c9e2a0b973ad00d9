import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { Browser, BrowserContext } from 'puppeteer-core';
import { launchBrowser } from './demo-page.ts';
import { type Env, repoRoot, type RunningServer, startServer, migratedFolder, temporaryFolder } from './server-process.mjs';

/** The demo portal of one test file: its own server (on a fresh data folder) and its own browser. */
export interface DemoPortal {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The server's data folder, for the CLI. */
  readonly dataDir: string;
  /** Uncaught errors of the pages opened with it; a test fails if there are any. */
  readonly pageErrors: string[];
  /** A browser profile of its own (no cookies shared with other tests), closed after the test. */
  newContext(): Promise<BrowserContext>;
}

/**
 * Registers the file's hooks: starts the server with `env` (e.g. a preset) and Chromium side by side before the
 * tests, closes each test's browser profiles after it and fails the test on page errors, and stops everything at
 * the end. The returned handle is usable inside tests.
 */
export function useDemoPortal(env: Env): DemoPortal {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let folder: Awaited<ReturnType<typeof temporaryFolder>> | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    assert.ok(value, `the ${what} has not started`);
    return value;
  };

  before(async () => {
    assert.ok(existsSync(join(repoRoot, 'demo/dist/index.html')), 'build the demo first: npm run build:demo');
    folder = await migratedFolder();
    // The passkey offered after a password sign-in would stand between every test's sign-in and its dashboard: only
    // the tests of that offer (setting PORTICO_PASSKEY_PROMPT) meet it.
    const defaults = { PORTICO_PASSKEY_PROMPT: 'never' };
    [server, browser] = await Promise.all([startServer({ ...defaults, PORTICO_DATA_DIR: folder.path, ...env }), launchBrowser()]);
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    assert.deepEqual(pageErrors.splice(0), [], 'errors in the page');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await folder?.remove();
  });

  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get dataDir() {
      return started(folder, 'data folder').path;
    },
    pageErrors,
    async newContext() {
      const context = await started(browser, 'browser').createBrowserContext();
      contexts.push(context);
      return context;
    },
  };
}
