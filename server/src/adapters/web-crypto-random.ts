import type { Random } from '../ports/random.ts';

/** WebCrypto's CSPRNG: the same code runs under Node and in a browser. */
export const webCryptoRandom: Random = {
  bytes(length) {
    return crypto.getRandomValues(new Uint8Array(length));
  },
  uuid() {
    return crypto.randomUUID();
  },
};
