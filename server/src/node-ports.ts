import { createArgon2PasswordHasher } from './adapters/argon2-password-hasher.ts';
import { systemClock } from './adapters/system-clock.ts';
import { webCryptoRandom } from './adapters/web-crypto-random.ts';
import type { Ports } from './ports/index.ts';
import type { Store } from './ports/store.ts';

/** The production ports under Node around a given store. */
export function nodePorts(store: Store): Ports {
  return { store, passwordHasher: createArgon2PasswordHasher(), clock: systemClock, random: webCryptoRandom };
}
