import type { Random } from '../../ports/random.ts';

/**
 * Recovery codes (two-step verification): ten single-use codes of 16 characters from a 32-letter alphabet, i.e. 80 bits each
 * (the baseline asks for at least 64), printed in four groups of four. The alphabet is Crockford's base32: no I, L,
 * O or U, so nothing is misread from paper.
 */
export const recoveryCodeCount = 10;
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const codeLength = 16;

/** One code, grouped for reading: `7K3M-QX9P-4TNV-H2WD`. */
function generateOne(random: Random): string {
  // 5 bits per character from each byte's low bits: 256 is a multiple of 32, so every letter is equally likely.
  const bytes = random.bytes(codeLength);
  let code = '';
  for (const byte of bytes) code += alphabet[byte & 31];
  return code.match(/.{4}/g)!.join('-');
}

export function generateRecoveryCodes(random: Random): string[] {
  return Array.from({ length: recoveryCodeCount }, () => generateOne(random));
}

/**
 * The form a code is hashed in: separators and case dropped, and the letters people confuse with digits (I, L → 1;
 * O → 0) read as the digits, as Crockford's base32 does. So `7k3m qx9p-4tnv h2wd` matches.
 */
export function normalizeRecoveryCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
}
