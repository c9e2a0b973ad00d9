import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers for SMS: parsed with libphonenumber's full metadata, kept only if valid and able to receive texts
 * (mobile, or a number the plan cannot tell from one), and stored in E.164 (`+46701234567`).
 */
export function parseSmsNumber(input: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(input, defaultCountry ? { defaultCountry } : undefined);
  if (!parsed?.isValid()) return null;
  const type = parsed.getType();
  if (type !== undefined && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE' && type !== 'PERSONAL_NUMBER') return null;
  return parsed.number;
}

/**
 * A stored number as people read and write it (`+46 70 123 45 67`), for the signed-in user's own settings. Formatted
 * here rather than in the browser, where libphonenumber's metadata would weigh on every page that shows the number.
 */
export function formatPhoneNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * A number as the sign-in screen may show it to whoever knows the password: the country code and the last two
 * digits (`+46 •••• ••• 67`), enough to recognise one's own phone, not to learn someone's number.
 */
export function maskPhoneNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return '••••';
  const national = String(parsed.nationalNumber);
  const hidden = national.slice(0, -2).replace(/\d/g, '•');
  return `+${parsed.countryCallingCode} ${hidden}${national.slice(-2)}`;
}

/** The address the code goes to, masked alike: `k•••@example.se`. */
export function maskEmailAddress(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
