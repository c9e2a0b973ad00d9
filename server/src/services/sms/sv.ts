import type { SmsCatalogue } from './sms-catalogue.ts';

/** Swedish texts. The code comes first, so it shows in a notification preview and phones offer to fill it in. */
export const sv: SmsCatalogue = {
  code: ({ code }, product) => `${code} är din kod för ${product}.`,
};
