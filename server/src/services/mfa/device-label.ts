/**
 * A short, human name for a browser from its User-Agent ("Chrome on Linux", "Safari on iPhone"; in Swedish "Chrome
 * på Linux"), so a user can tell their trusted devices apart. Only a label: nothing is decided by it, and an unusual
 * agent just reads "Browser" ("Webbläsare").
 */
/** How much of a User-Agent is stored (a session's, an activity entry's): enough for a label, never a whole header. */
export const storedUserAgentLength = 300;

const browsers: [RegExp, string][] = [
  [/\bEdgA?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\bCriOS\//, 'Chrome'],
  [/\bChromium\//, 'Chromium'],
  [/\bChrome\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const systems: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** The words around the names, by language; other languages read English. */
const words: Record<string, { browser: string; on: (browser: string, system: string) => string }> = {
  en: { browser: 'Browser', on: (browser, system) => `${browser} on ${system}` },
  sv: { browser: 'Webbläsare', on: (browser, system) => `${browser} på ${system}` },
};

/** The label in `locale` (the user's language, else the policy's default; a BCP 47 tag, English if unknown). */
export function deviceLabel(userAgent: string | undefined, locale?: string | null): string {
  const language = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const said = (Object.hasOwn(words, language) ? words[language] : undefined) ?? words.en!;
  const agent = (userAgent ?? '').slice(0, 512);
  const browser = browsers.find(([pattern]) => pattern.test(agent))?.[1] ?? said.browser;
  const system = systems.find(([pattern]) => pattern.test(agent))?.[1];
  return system ? said.on(browser, system) : browser;
}
