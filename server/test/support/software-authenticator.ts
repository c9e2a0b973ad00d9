import { type CBORType, encodeCBOR } from '@levischuck/tiny-cbor';
import type { PasskeyAssertion, PasskeyAttestation, PasskeyCreationOptions, PasskeyRequestOptions } from '@portico/contract';

/**
 * A passkey authenticator in software, on WebCrypto (ES256, P-256), for the server's tests: it answers WebAuthn
 * options as a browser and its authenticator would, with `none` attestation. Each answer can be bent the way an
 * attacker (or a broken authenticator) would bend it: another origin or RP ID, a challenge of its own, no user
 * verification, a counter that went back.
 */

interface StoredPasskey {
  id: string;
  keys: CryptoKeyPair;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface Bend {
  /** The page's origin the browser puts in the client data. */
  origin?: string;
  /** The relying party ID hashed into the authenticator data. */
  rpId?: string;
  challenge?: string;
  /** The user verified (PIN, biometrics); true unless said. */
  userVerified?: boolean;
  /** The signature counter to report (the stored one + 1 unless said; `keepsCounter: false` reports 0). */
  counter?: number;
  /** Answer with this passkey (its credential id) instead of the one the options allow or the newest; create it again. */
  credentialId?: string;
  /** The user handle to return with a signature, instead of the one the passkey was made for. */
  userHandle?: string;
}

const encoder = new TextEncoder();
const flags = { userPresent: 0x01, userVerified: 0x04, backupEligible: 0x08, backedUp: 0x10, attestedData: 0x40 };

export function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Bytes backed by a plain ArrayBuffer, as WebCrypto takes them. */
type Bytes = Uint8Array<ArrayBuffer>;

const fromBase64Url = (text: string): Bytes => new Uint8Array(Buffer.from(text, 'base64url'));
const sha256 = async (data: Bytes): Promise<Bytes> => new Uint8Array(await crypto.subtle.digest('SHA-256', data));

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function uint32(value: number): Bytes {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** WebCrypto signs ECDSA as r‖s; WebAuthn wants an ASN.1 DER SEQUENCE of two INTEGERs. */
function derSignature(raw: Uint8Array): Bytes {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let trimmed = bytes.slice(start);
    if ((trimmed[0] ?? 0) & 0x80) trimmed = concat(new Uint8Array([0]), trimmed);
    return concat(new Uint8Array([0x02, trimmed.length]), trimmed);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

export class SoftwareAuthenticator {
  private readonly passkeys: StoredPasskey[] = [];

  constructor(
    private readonly origin: string,
    private readonly options: { keepsCounter?: boolean; synced?: boolean } = {},
  ) {}

  /** The passkeys it holds (ids), newest last. */
  get credentialIds(): string[] {
    return this.passkeys.map((passkey) => passkey.id);
  }

  /** `navigator.credentials.create`: a new passkey for the options' RP and user. */
  async create(options: PasskeyCreationOptions, bend: Bend = {}): Promise<PasskeyAttestation> {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    // `credentialId`: an authenticator that ignores `excludeCredentials` and hands an existing passkey again.
    const existing = this.passkeys.find((candidate) => candidate.id === bend.credentialId);
    const keys = existing?.keys ?? (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']));
    const id = existing ? fromBase64Url(existing.id) : crypto.getRandomValues(new Uint8Array(32));
    const passkey: StoredPasskey = existing ?? { id: base64Url(id), keys, rpId, userHandle: options.user.id, counter: 0 };
    if (!existing) this.passkeys.push(passkey);
    const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
    const coseKey = new Uint8Array(
      encodeCBOR(
        new Map<number, number | Uint8Array>([
          [1, 2], // kty: EC2
          [3, -7], // alg: ES256
          [-1, 1], // crv: P-256
          [-2, fromBase64Url(jwk.x ?? '')],
          [-3, fromBase64Url(jwk.y ?? '')],
        ]),
      ),
    );
    const idLength = new Uint8Array([id.length >> 8, id.length & 0xff]);
    const attested = concat(new Uint8Array(16), idLength, id, coseKey);
    const authData = await this.authenticatorData(bend.rpId ?? rpId, bend, 0, flags.attestedData, attested);
    const clientData = this.clientData('webauthn.create', bend.challenge ?? options.challenge, bend);
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CBORType>()],
        ['authData', authData],
      ]),
    );
    return {
      id: passkey.id,
      rawId: passkey.id,
      type: 'public-key',
      response: { clientDataJSON: base64Url(clientData), attestationObject: base64Url(attestationObject), transports: ['internal', 'hybrid'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** `navigator.credentials.get`: a signed answer with one of its passkeys for the options' RP. */
  async get(options: PasskeyRequestOptions, bend: Bend = {}): Promise<PasskeyAssertion> {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const allowed = new Set((options.allowCredentials ?? []).map((credential) => credential.id));
    const passkey =
      this.passkeys.find((candidate) => candidate.id === bend.credentialId) ??
      [...this.passkeys].reverse().find((candidate) => candidate.rpId === rpId && (allowed.size === 0 || allowed.has(candidate.id)));
    if (!passkey) throw new Error('the authenticator has no passkey for these options');
    const counter = bend.counter ?? (this.options.keepsCounter ? passkey.counter + 1 : 0);
    passkey.counter = Math.max(passkey.counter, counter);
    const authData = await this.authenticatorData(bend.rpId ?? rpId, bend, counter, 0);
    const clientData = this.clientData('webauthn.get', bend.challenge ?? options.challenge, bend);
    const signed = concat(authData, await sha256(clientData));
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, passkey.keys.privateKey, signed));
    return {
      id: passkey.id,
      rawId: passkey.id,
      type: 'public-key',
      response: {
        clientDataJSON: base64Url(clientData),
        authenticatorData: base64Url(authData),
        signature: base64Url(derSignature(raw)),
        userHandle: bend.userHandle ?? passkey.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private clientData(type: string, challenge: string, bend: Bend): Bytes {
    return encoder.encode(JSON.stringify({ type, challenge, origin: bend.origin ?? this.origin, crossOrigin: false }));
  }

  private async authenticatorData(rpId: string, bend: Bend, counter: number, extraFlags: number, attested?: Uint8Array): Promise<Bytes> {
    let flagByte = flags.userPresent | extraFlags;
    if (bend.userVerified !== false) flagByte |= flags.userVerified;
    if (this.options.synced) flagByte |= flags.backupEligible | flags.backedUp;
    return concat(await sha256(encoder.encode(rpId)), new Uint8Array([flagByte]), uint32(counter), attested ?? new Uint8Array());
  }
}
