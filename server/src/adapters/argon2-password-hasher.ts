import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../ports/password-hasher.ts';

/**
 * argon2id with OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1). Hashing runs on libuv's thread pool, so
 * concurrent sign-ins use both cores without blocking the event loop.
 */
export const owaspArgon2idParameters = {
  // The library's Algorithm is an ambient const enum, which isolated modules cannot read; 2 is its Argon2id.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export function createArgon2PasswordHasher(parameters = owaspArgon2idParameters): PasswordHasher {
  return {
    hash: (password) => hash(password, parameters),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
  };
}
