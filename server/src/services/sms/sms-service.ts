import type { OutgoingSms, SmsSender } from '../../ports/sms-sender.ts';
import { en } from './en.ts';
import { sv } from './sv.ts';
import type { SmsCatalogue, SmsKey, SmsParams } from './sms-catalogue.ts';

/** Languages with a text catalogue, each complete by type. */
const catalogues: Readonly<Record<string, SmsCatalogue>> = { en, sv };

/** The catalogue of a BCP 47 tag's language (`sv-SE` → `sv`), if there is one. */
function catalogueOf(tag: string | null | undefined): SmsCatalogue | undefined {
  const language = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return Object.hasOwn(catalogues, language) ? catalogues[language] : undefined;
}

/** Control characters would let a configured product name break the text; a text is one line. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/**
 * The text of `key` in `locale` (a BCP 47 tag); when there is no catalogue for it, in `fallbackLocale` (the policy's
 * default language); else English.
 */
export function renderSms<K extends SmsKey>(
  key: K,
  locale: string | null | undefined,
  params: SmsParams[K],
  product: string,
  fallbackLocale: string | null = 'en',
): string {
  const catalogue: { [P in SmsKey]: (params: SmsParams[P], product: string) => string } = catalogueOf(locale) ?? catalogueOf(fallbackLocale) ?? en;
  return oneLine(catalogue[key](params, product));
}

/**
 * What flows call to text someone: renders the text in their language and hands it to the SmsSender. Rejects (with
 * SmsDeliveryError from a gateway adapter) when it could not be handed over. Never logs contents: texts carry codes.
 */
export class SmsService {
  constructor(
    private readonly sender: SmsSender,
    /** `defaultLocale`: the language of texts to people whose own is unknown (the policy's); English when not given. */
    private readonly settings: { productName: string; defaultLocale?: string },
  ) {}

  async send<K extends SmsKey>(to: string, key: K, params: SmsParams[K], locale?: string | null): Promise<void> {
    await this.sender.send(this.render(to, key, params, locale));
  }

  /** The text as it will be sent, in the recipient's language. */
  render<K extends SmsKey>(to: string, key: K, params: SmsParams[K], locale?: string | null): OutgoingSms {
    return { to, text: renderSms(key, locale, params, this.settings.productName, this.settings.defaultLocale ?? 'en') };
  }
}
