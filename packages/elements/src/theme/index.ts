export { type PorticoTheme, themeTokenDefaults, themeTokens } from './tokens.ts';
