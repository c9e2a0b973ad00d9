import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import { owaspArgon2id } from './argon2-parameters.ts';

/**
 * argon2id with OWASP's recommended minimum (`owaspArgon2id`). Hashing runs on libuv's thread pool, so concurrent
 * sign-ins use both cores without blocking the event loop.
 */
export const owaspArgon2idParameters = {
  // The library's Algorithm is an ambient const enum, which isolated modules cannot read; 2 is its Argon2id.
  algorithm: 2 as Algorithm.Argon2id,
  ...owaspArgon2id,
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
