import { errorMessage as errorMessageIn, passwordRuleLabel as passwordRuleLabelIn, type ShownError } from './error-message.ts';
import { activeLocalizer as active } from './localize-controller.ts';

export { catalogues, hasCatalogue, inLocale, loadCatalogue, msg, setCatalogue, type Catalogue, type MessageKey } from './msg.ts';
export { localeOf, matchLocale } from './locale.ts';
export { type ShownError } from './error-message.ts';
export { type Localizer } from './localize-controller.ts';

/** The sentence a user reads for an error, chosen by its stable code, in `msg()`'s language. */
export function errorMessage(error: ShownError, bounds?: Parameters<typeof errorMessageIn>[2]): string {
  return errorMessageIn(active, error, bounds);
}

/** How a password rule reads ("At least 8 characters"), in `msg()`'s language. */
export function passwordRuleLabel(rule: Parameters<typeof passwordRuleLabelIn>[1], bounds?: Parameters<typeof passwordRuleLabelIn>[2]): string {
  return passwordRuleLabelIn(active, rule, bounds);
}
