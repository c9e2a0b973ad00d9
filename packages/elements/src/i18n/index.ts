export { en } from './messages.en.ts';
export { sv } from './messages.sv.ts';
export { catalogues, inLocale, msg, setCatalogue, type Catalogue, type MessageKey } from './msg.ts';
export { localeOf, matchLocale } from './locale.ts';
export { errorMessage, passwordRuleLabel, type ShownError } from './error-message.ts';
