import type { SmsCatalogue } from './sms-catalogue.ts';

/** English texts. The code comes first, so it shows in a notification preview and phones offer to fill it in. */
export const en: SmsCatalogue = {
  code: ({ code }, product) => `${code} is your ${product} code.`,
};
