import { dictionary } from '@zxcvbn-ts/language-common';
import type { CommonPasswords } from '../ports/common-passwords.ts';

/**
 * zxcvbn's list of common passwords (about 49,000, from real leaks), lower-cased. Built on first use: a process
 * that never checks a new password does not pay for it.
 */
let list: Set<string> | undefined;

export const zxcvbnCommonPasswords: CommonPasswords = {
  includes(password) {
    list ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
    return list.has(password.toLowerCase());
  },
};
