export { en } from './messages.en.ts';
export { msg, setCatalogue, type Catalogue, type MessageKey } from './msg.ts';
export { errorMessage, passwordRuleLabel, type ShownError } from './error-message.ts';
