import type { Random } from '../../ports/random.ts';
import { secretKeyBytes } from '../../ports/secret-key.ts';
import { fromBase64Url, toBase64Url } from '../tokens.ts';

const sealedPrefix = 'aes256gcm.';
const plainPrefix = 'plain.';

/**
 * Keeps the secrets the server must read back (the authenticator app's shared secret) so that a copy of the
 * database alone does not yield them: AES-256-GCM under a key that lives in the environment, never in the database,
 * with the owner bound in as associated data so a sealed value copied to another user's row does not open.
 *
 * Without a key, values are stored marked as plain (development, or an operator who has not set one); they open with
 * or without a key, so setting a key later needs no migration: each secret is sealed when next written.
 */
export class SecretBox {
  private readonly key: Promise<CryptoKey> | null;

  constructor(
    key: Uint8Array | null,
    private readonly random: Random,
  ) {
    if (key && key.length !== secretKeyBytes) throw new Error(`The secret key must be ${secretKeyBytes} bytes`);
    this.key = key ? crypto.subtle.importKey('raw', key.slice().buffer, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']) : null;
  }

  /** `context` names what the secret belongs to (e.g. the user), and must be the same to open it. */
  async seal(plain: string, context: string): Promise<string> {
    if (!this.key) return plainPrefix + plain;
    const iv = this.random.bytes(12);
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: iv.slice().buffer, additionalData: new TextEncoder().encode(context) },
      await this.key,
      new TextEncoder().encode(plain),
    );
    return `${sealedPrefix}${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
  }

  /** Throws when the value was sealed under another key or for another context, or no key is configured. */
  async open(stored: string, context: string): Promise<string> {
    if (stored.startsWith(plainPrefix)) return stored.slice(plainPrefix.length);
    if (!stored.startsWith(sealedPrefix)) throw new Error('Unknown secret format');
    if (!this.key) throw new Error('A sealed secret needs the secret key (PORTICO_SECRET_KEY) to open');
    const [iv = '', data = ''] = stored.slice(sealedPrefix.length).split('.');
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv).slice().buffer, additionalData: new TextEncoder().encode(context) },
      await this.key,
      fromBase64Url(data).slice().buffer,
    );
    return new TextDecoder().decode(plain);
  }
}
