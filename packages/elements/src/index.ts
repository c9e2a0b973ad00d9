/**
 * @portico/elements — importing this module registers every Portico element (safe to load twice).
 */
export * from './account-elements.ts';
export * from './sign-in-elements.ts';
