/** The Chromium or Chrome binary to drive: CHROME_PATH, else the first usual install path; throws if none. */
export function findChrome(): string;
/** Headless flags for CI machines without network access. */
export const chromeArgs: string[];
