/**
 * argon2id with OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1), for both password hashers: the native one
 * under Node and the WebAssembly one in the browser mock, so hashes made by either verify with the other. A module of
 * its own because the native adapter cannot be imported in a browser.
 */
export const owaspArgon2id = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
