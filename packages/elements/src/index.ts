/**
 * @portico/elements — importing this module registers every Portico element (safe to load twice).
 */
export * from './account-elements.ts';
export * from './sign-in-elements.ts';
export * from './sign-in-steps.ts';
/**
 * The whole English catalogue, for a translation to start from. The elements import only the parts they speak (see
 * `i18n/en/`), so `dist/portico.js`, which loads the signed-in pages' texts with their elements, does not export it.
 */
export { en } from './i18n/messages.en.ts';
