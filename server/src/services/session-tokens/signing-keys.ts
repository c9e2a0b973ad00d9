import type { PublicSigningJwk, SigningKeyInfo } from '@portico/contract';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { SigningKeyRecord, Store } from '../../ports/store.ts';
import type { SecretBox } from '../mfa/secret-box.ts';
import { toBase64Url } from '../tokens.ts';

const algorithm = 'ES256';

/**
 * How long a node trusts what it read of the keys. Another node's rotation or a revocation reaches it within this;
 * tokens it signs meanwhile with a just-retired key still verify, as retired keys stay published (see `published`).
 */
const keyCacheMs = 30_000;
/** Slack on top of a token's lifetime before a retired key leaves the JWKS: clocks apart, verifiers' caches. */
const publishMarginMs = 120_000;

/** The key tokens are signed with now. */
export interface ActiveSigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export type SigningKeyState = 'active' | 'retired' | 'expired' | 'revoked';

/** A key as `keys list` shows it. */
export interface SigningKeySummary {
  kid: string;
  algorithm: string;
  state: SigningKeyState;
  createdAt: Date;
  retiredAt: Date | null;
  revokedAt: Date | null;
  /** Whether the JWKS lists it (active, or retired with tokens that may still be live). */
  published: boolean;
}

export interface SigningKeyOptions {
  /** A key older than this is replaced when next needed (PORTICO_KEY_ROTATION_DAYS). */
  rotationDays: number;
  /** The longest a token lives (PORTICO_TOKEN_TTL_SECONDS): a retired key stays published this long. */
  tokenTtlSeconds: number;
}

/**
 * The ES256 keys session tokens are signed with, kept in the database so every node signs with the same key and a
 * restart changes nothing. The private half is sealed with PORTICO_SECRET_KEY. One key is active (the database
 * refuses a second); it is replaced every `rotationDays`, by `keys rotate`, or at once when revoked.
 */
export class SigningKeys {
  private read: { keys: SigningKeyRecord[]; at: number } | null = null;
  private active: { kid: string; key: Promise<CryptoKey> } | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly box: SecretBox,
    private readonly options: SigningKeyOptions,
  ) {}

  /** The active key, made (or replaced, when due for rotation or revoked) on the way if need be. */
  async signingKey(): Promise<ActiveSigningKey> {
    let current = (await this.keys()).find((key) => key.retiredAt === null);
    if (!current || this.dueForRotation(current)) {
      await this.activateNew(current?.kid ?? null);
      current = (await this.keys(true)).find((key) => key.retiredAt === null);
      if (!current) throw new Error('No active signing key after rotation');
    }
    if (this.active?.kid !== current.kid) {
      const record = current;
      this.active = { kid: record.kid, key: this.openPrivateKey(record) };
    }
    return { kid: current.kid, privateKey: await this.active.key };
  }

  /** Replaces the active key now (`keys rotate`); returns the new key's id. */
  async rotate(): Promise<string> {
    const current = (await this.keys(true)).find((key) => key.retiredAt === null);
    const kid = await this.activateNew(current?.kid ?? null);
    if (kid === null) throw new Error('Another node rotated the key at the same moment; list the keys to see which is active');
    return kid;
  }

  /**
   * Declares a key leaked (`keys revoke`): it leaves the JWKS and signs no more, and the instant validation refuses
   * its tokens. Verifiers with a cached JWKS stop accepting it when they next fetch it. False for an unknown kid.
   */
  async revoke(kid: string): Promise<boolean> {
    const revoked = await this.store.revokeSigningKey(kid, this.clock.now());
    this.read = null;
    if (this.active?.kid === kid) this.active = null;
    return revoked;
  }

  /** The public keys verifiers may trust now: the active one, and retired ones whose tokens may still be live. */
  async published(): Promise<PublicSigningJwk[]> {
    const now = this.clock.now().getTime();
    return (await this.keys()).filter((key) => this.isPublished(key, now)).map(toPublicJwk);
  }

  async list(): Promise<SigningKeySummary[]> {
    const now = this.clock.now().getTime();
    return (await this.keys(true)).map((key) => {
      const published = this.isPublished(key, now);
      const state: SigningKeyState = key.revokedAt ? 'revoked' : key.retiredAt === null ? 'active' : published ? 'retired' : 'expired';
      return { kid: key.kid, algorithm: key.algorithm, state, createdAt: key.createdAt, retiredAt: key.retiredAt, revokedAt: key.revokedAt, published };
    });
  }

  private isPublished(key: SigningKeyRecord, now: number): boolean {
    if (key.revokedAt) return false;
    if (key.retiredAt === null) return true;
    return now < key.retiredAt.getTime() + keyCacheMs + this.options.tokenTtlSeconds * 1000 + publishMarginMs;
  }

  private dueForRotation(key: SigningKeyRecord): boolean {
    return this.clock.now().getTime() - key.createdAt.getTime() >= this.options.rotationDays * 86_400_000;
  }

  /**
   * Makes a new key the active one in place of `replacesKid`. Of two nodes doing so at once, one wins and the other's
   * key is thrown away (null): the database never holds two active keys.
   */
  private async activateNew(replacesKid: string | null): Promise<string | null> {
    const { publicKey, privateKey } = await generateKeyPair(algorithm, { extractable: true });
    const kid = toBase64Url(this.random.bytes(12));
    const [publicJwk, privateJwk] = await Promise.all([exportJWK(publicKey), exportJWK(privateKey)]);
    const record: SigningKeyRecord = {
      kid,
      algorithm,
      publicJwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y },
      privateKeySealed: await this.box.seal(JSON.stringify(privateJwk), sealContext(kid)),
      createdAt: this.clock.now(),
      retiredAt: null,
      revokedAt: null,
    };
    const activated = await this.store.activateSigningKey(record, replacesKid);
    this.read = null;
    return activated ? kid : null;
  }

  private async openPrivateKey(record: SigningKeyRecord): Promise<CryptoKey> {
    const jwk = JSON.parse(await this.box.open(record.privateKeySealed, sealContext(record.kid))) as JWK;
    const key = await importJWK(jwk, algorithm);
    if (key instanceof Uint8Array) throw new Error('A signing key must be an EC key');
    return key;
  }

  private async keys(fresh = false): Promise<SigningKeyRecord[]> {
    const now = Date.now();
    if (!fresh && this.read && now - this.read.at < keyCacheMs) return this.read.keys;
    const keys = await this.store.listSigningKeys();
    this.read = { keys, at: now };
    return keys;
  }
}

export function toSigningKeyInfo(key: SigningKeySummary): SigningKeyInfo {
  return {
    ...key,
    createdAt: key.createdAt.toISOString(),
    retiredAt: key.retiredAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** What a sealed private key is bound to: a sealed key copied to another row does not open. */
function sealContext(kid: string): string {
  return `signing-key:${kid}`;
}

function toPublicJwk(key: SigningKeyRecord): PublicSigningJwk {
  const { x, y } = key.publicJwk as { x: string; y: string };
  return { kty: 'EC', crv: 'P-256', x, y, kid: key.kid, alg: 'ES256', use: 'sig' };
}
