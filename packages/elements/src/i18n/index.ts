export { catalogues, hasCatalogue, inLocale, loadCatalogue, msg, setCatalogue, type Catalogue, type MessageKey } from './msg.ts';
export { localeOf, matchLocale } from './locale.ts';
export { errorMessage, passwordRuleLabel, type ShownError } from './error-message.ts';
