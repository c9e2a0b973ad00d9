import { dictionary } from '@zxcvbn-ts/language-common';
import type { CommonPasswords } from '../ports/common-passwords.ts';
import { swedishCommonWords } from './swedish-common-words.ts';

/**
 * zxcvbn's list of common passwords (about 49,000, from real leaks) and our Swedish words, lower-cased. The Swedish
 * words are also listed with å, ä and ö written a, a and o, as people often type them ("losenord"). Built on first
 * use: a process that never checks a new password does not pay for it.
 */
let list: Set<string> | undefined;

const withoutSwedishLetters = (word: string) => word.replace(/[åä]/g, 'a').replace(/ö/g, 'o');

export const zxcvbnCommonPasswords: CommonPasswords = {
  includes(password) {
    list ??= new Set([
      ...dictionary['passwords-common'].map((entry) => entry.toLowerCase()),
      ...swedishCommonWords,
      ...swedishCommonWords.map(withoutSwedishLetters),
    ]);
    // NFC: an "ö" typed as "o" plus a combining diaeresis is the same word.
    return list.has(password.normalize('NFC').toLowerCase());
  },
};
