export { themeTokens } from './tokens.ts';
