import { parsePersonalNumber } from '@portico/contract';
import type { Clock } from '../../ports/clock.ts';
import { PersonalNumberTakenError, type Store, type UserRecord } from '../../ports/store.ts';
import type { FlowError } from '../password-flows.ts';
import type { SecretBox } from '../mfa/secret-box.ts';
import { toHex } from '../tokens.ts';

/** `19811218-****`: the owner recognises it; a glance over their shoulder does not get it. */
export function maskPersonalNumber(twelveDigits: string): string {
  return `${twelveDigits.slice(0, 8)}-****`;
}

/**
 * The personnummer a user adds under "My details" for BankID (leasing portal): checked and normalised to 12 digits, stored
 * sealed (AES-256-GCM, SecretBox, bound to the user) beside a keyed hash (HMAC-SHA256 under a key derived from the
 * same environment secret with HKDF) that finds the user when BankID names the number. Without the secret key
 * nothing is stored: a plain personnummer in the database is exactly what the baseline forbids.
 */
export class PersonalNumbers {
  private readonly lookupKey: Promise<CryptoKey> | null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    secretKey: Uint8Array | null,
  ) {
    this.lookupKey = secretKey
      ? crypto.subtle
          .importKey('raw', secretKey.slice().buffer, 'HKDF', false, ['deriveKey'])
          .then((master) =>
            crypto.subtle.deriveKey(
              { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('portico personal-number lookup') },
              master,
              { name: 'HMAC', hash: 'SHA-256', length: 256 },
              false,
              ['sign'],
            ),
          )
      : null;
  }

  /** Whether numbers can be stored at all (the environment has a secret key). */
  get available(): boolean {
    return this.lookupKey !== null;
  }

  /** What the owner sees: the masked number, or null. */
  async shown(user: UserRecord): Promise<{ masked: string } | null> {
    if (!user.personalNumberSealed) return null;
    return { masked: maskPersonalNumber(await this.box.open(user.personalNumberSealed, this.context(user.id))) };
  }

  async set(user: UserRecord, input: string): Promise<{ user: UserRecord } | FlowError> {
    const number = parsePersonalNumber(input, this.clock.now());
    if (!number) return { error: 'invalid_personal_number' };
    if (!this.lookupKey) return { error: 'bankid_unavailable' };
    try {
      const updated = await this.store.setPersonalNumber(user.id, await this.box.seal(number, this.context(user.id)), await this.hash(number));
      return updated ? { user: updated } : { error: 'not_found' };
    } catch (error) {
      if (error instanceof PersonalNumberTakenError) return { error: 'personal_number_taken' };
      throw error;
    }
  }

  async remove(user: UserRecord): Promise<{ user: UserRecord } | FlowError> {
    const updated = await this.store.setPersonalNumber(user.id, null, null);
    return updated ? { user: updated } : { error: 'not_found' };
  }

  /** The user who added this 12-digit number, if any. */
  async findUser(twelveDigits: string): Promise<UserRecord | null> {
    if (!this.lookupKey) return null;
    return this.store.findUserByPersonalNumberHash(await this.hash(twelveDigits));
  }

  private async hash(twelveDigits: string): Promise<string> {
    if (!this.lookupKey) throw new Error('No secret key for personal numbers');
    const mac = await crypto.subtle.sign('HMAC', await this.lookupKey, new TextEncoder().encode(twelveDigits));
    return toHex(mac);
  }

  private context(userId: string): string {
    return `personal-number:${userId}`;
  }
}
