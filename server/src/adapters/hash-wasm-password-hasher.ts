import { argon2id, argon2Verify } from 'hash-wasm';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import { owaspArgon2id } from './argon2-parameters.ts';

/**
 * argon2id in WebAssembly, for runtimes without native add-ons (the browser mock). It writes and reads the same PHC
 * strings (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) as the native adapter, with the same OWASP parameters, so
 * hashes made by either verify with the other.
 */
export function createHashWasmPasswordHasher(parameters = owaspArgon2id): PasswordHasher {
  return {
    hash: (password) =>
      argon2id({
        password,
        // 16 bytes, as the native adapter's default salt.
        salt: crypto.getRandomValues(new Uint8Array(16)),
        parallelism: parameters.parallelism,
        iterations: parameters.timeCost,
        memorySize: parameters.memoryCost,
        hashLength: 32,
        outputType: 'encoded',
      }),
    async verify(passwordHash, password) {
      try {
        return await argon2Verify({ password, hash: passwordHash });
      } catch {
        // A malformed hash is a failed verification, as the port requires.
        return false;
      }
    },
  };
}
