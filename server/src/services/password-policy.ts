import { checkLocalPasswordRules, type PasswordRuleId, type PasswordRules } from '@portico/contract';
import type { CommonPasswords } from '../ports/common-passwords.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';

/**
 * Shorter stems are left alone: on their own they are not guessable words, and a letter or two followed by a long run
 * of digits is not what guessers' word lists try.
 */
const minStemLength = 3;

/**
 * The word a password is built on when digits or symbols were added around it ("Sommar2020" → "sommar", "Lösenord1!"
 * → "lösenord", "!Hösten2023" → "hösten"): everything but letters is stripped from both ends, so å, ä and ö stay.
 * Null when nothing was added (the password itself is then checked against the list) or the stem is too short.
 */
export function passwordStem(password: string): string | null {
  const stem = password.normalize('NFC').replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return stem.length >= minStemLength && stem.length < password.normalize('NFC').length ? stem : null;
}

/** The policy's rules for a new password, plus the checks only the server can make. */
export class PasswordPolicy {
  constructor(
    readonly rules: PasswordRules,
    private readonly common: CommonPasswords,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * The rules `password` fails, in the contract's order; empty when it may be set. `currentHash` is the user's
   * present password, which the new one must differ from: checked (an argon2 verify, the costly part) only when every
   * other rule holds, so a password that fails anyway costs no hashing and tells nothing about the current one.
   */
  async failedRules(password: string, currentHash?: string | null): Promise<PasswordRuleId[]> {
    const failed: PasswordRuleId[] = checkLocalPasswordRules(password, this.rules)
      .filter((result) => !result.ok)
      .map((result) => result.rule);
    if (this.rules.rejectCommon) {
      // One reason is enough: a listed password is refused as such, whatever word it is built on.
      if (this.common.includes(password)) failed.push('notCommon');
      else {
        // Adding a year, digits or "!" to a common word is the first variation guessers try, so it does not help.
        const stem = passwordStem(password);
        if (stem !== null && this.common.includes(stem)) failed.push('notCommonWord');
      }
    }
    if (failed.length === 0 && currentHash && (await this.hasher.verify(currentHash, password))) failed.push('notCurrent');
    return failed;
  }
}
