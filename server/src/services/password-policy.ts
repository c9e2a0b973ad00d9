import { checkLocalPasswordRules, type PasswordRuleId, type PasswordRules } from '@portico/contract';
import type { CommonPasswords } from '../ports/common-passwords.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';

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
    if (this.rules.rejectCommon && this.common.includes(password)) failed.push('notCommon');
    if (failed.length === 0 && currentHash && (await this.hasher.verify(currentHash, password))) failed.push('notCurrent');
    return failed;
  }
}
