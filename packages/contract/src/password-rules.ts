// Password rules checked while typing (the UI's live checklist) and on the server alike; free of zod, for browsers.
import type { PasswordRules } from './passwords.ts';

/**
 * Every rule a new password can fail. The first six can be checked while typing (the UI's live checklist);
 * `notCommon`, `notCommonWord` and `notCurrent` only on the server (the lists are large). `notCommonWord` is a common
 * word or password with digits or symbols added at the end ("Sommar2020", "Lösenord1!"): the first thing guessers try.
 */
export const passwordRuleIds = ['minLength', 'maxLength', 'lowercase', 'uppercase', 'digit', 'special', 'notCommon', 'notCommonWord', 'notCurrent'] as const;
export type LocalPasswordRuleId = Exclude<(typeof passwordRuleIds)[number], 'notCommon' | 'notCommonWord' | 'notCurrent'>;

/** Counts code points, not UTF-16 units: an emoji is one character to the person typing it. */
export function passwordLength(password: string): number {
  return [...password].length;
}

const classTests: Record<'lowercase' | 'uppercase' | 'digit' | 'special', RegExp> = {
  lowercase: /\p{Ll}/u,
  uppercase: /\p{Lu}/u,
  digit: /\p{Nd}/u,
  // Anything that is neither a letter nor a digit (punctuation, symbols, spaces) counts as special.
  special: /[^\p{L}\p{Nd}]/u,
};

/**
 * The rules that apply under `rules` and whether `password` meets each, in a fixed order. The same function drives
 * the server's check and the UI's live checklist, so they never disagree.
 */
export function checkLocalPasswordRules(password: string, rules: PasswordRules): { rule: LocalPasswordRuleId; ok: boolean }[] {
  const length = passwordLength(password);
  const results: { rule: LocalPasswordRuleId; ok: boolean }[] = [
    { rule: 'minLength', ok: length >= rules.minLength },
    { rule: 'maxLength', ok: length <= rules.maxLength },
  ];
  if (rules.requireLowercase) results.push({ rule: 'lowercase', ok: classTests.lowercase.test(password) });
  if (rules.requireUppercase) results.push({ rule: 'uppercase', ok: classTests.uppercase.test(password) });
  if (rules.requireDigit) results.push({ rule: 'digit', ok: classTests.digit.test(password) });
  if (rules.requireSpecial) results.push({ rule: 'special', ok: classTests.special.test(password) });
  return results;
}
