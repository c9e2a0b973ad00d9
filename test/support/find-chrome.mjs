import { existsSync } from 'node:fs';

/** Headless flags that work on a locked-down CI machine with no network beyond the package registries. */
export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The Chromium or Chrome binary the browser tests drive: CHROME_PATH if set, else the first usual install path.
 * @returns {string}
 */
export function findChrome() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error('No Chromium/Chrome found. Install one (Debian/Ubuntu: apt-get update && apt-get install -y chromium) or set CHROME_PATH.');
}
