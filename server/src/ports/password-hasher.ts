/** Slow, salted password hashing (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed hash; never throws on bad input. */
  verify(hash: string, password: string): Promise<boolean>;
}
