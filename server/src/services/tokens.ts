import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Random } from '../ports/random.ts';

/** Bytes of entropy in every token the server mints (256 bits; the baseline asks for at least 128). */
export const tokenBytes = 32;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Lower-case hex of raw bytes (digests, MACs). */
export function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fresh opaque token for the client; only `hashToken(token)` is ever stored. */
export function generateToken(random: Random): string {
  return toBase64Url(random.bytes(tokenBytes));
}

const encoder = new TextEncoder();

/**
 * SHA-256, hex. Tokens carry 256 bits of entropy, so a fast unsalted hash is enough: the point is that a leaked
 * database holds nothing that works as a cookie. Hashed in JavaScript (@noble/hashes, as in the browser where the mock
 * runs) rather than by WebCrypto's `digest`, whose round trip through Node's thread pool took about 25 µs of CPU for
 * a token: the largest part of a session check without the cache.
 */
export async function hashToken(token: string): Promise<string> {
  return bytesToHex(sha256(encoder.encode(token)));
}

/** Compares two strings in time independent of where they differ (by comparing their SHA-256 digests). */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const x = sha256(encoder.encode(a));
  const y = sha256(encoder.encode(b));
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}

/** A random public identifier (128 bits): for what may be shown to others, e.g. a session's `sid`. */
export function generatePublicId(random: Random): string {
  return toBase64Url(random.bytes(16));
}
