import { normalizeEmail } from '@portico/contract';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import type { Store, UserRecord } from '../ports/store.ts';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';
import { toBase64Url } from './tokens.ts';

export type SignInResult =
  | {
      outcome: 'signed_in';
      user: UserRecord;
      /** Failed attempts are on record for the account: forgive them once the sign-in completes (forgiveFailures). */
      failuresOnRecord: boolean;
    }
  | { outcome: 'invalid_credentials' }
  | { outcome: 'rate_limited'; retryAfterSeconds: number };

/**
 * Password sign-in. An unknown identifier costs the same as a wrong password (a dummy hash is verified) and gets the
 * same answer, so neither the response nor its timing tells whether an account exists.
 */
export class SignInService {
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    /** Failed sign-ins, keyed per account and per client address. */
    private readonly failures: SlidingWindowLimiter,
    random: Random,
  ) {
    // Hashed once, up front, with the same parameters as real hashes so verifying it takes as long.
    this.dummyHash = hasher.hash(toBase64Url(random.bytes(16)));
    this.dummyHash.catch(() => undefined);
  }

  async signIn(identifier: string, password: string, clientAddress: string): Promise<SignInResult> {
    const accountKey = `account:${normalizeEmail(identifier)}`;
    const keys = [accountKey, `ip:${clientAddress}`];
    const limit = await this.failures.check(keys);
    if (limit.limited) return { outcome: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };

    const user = await this.store.findUserByEmail(normalizeEmail(identifier));
    const passwordHash = user?.passwordHash ?? (await this.dummyHash);
    const passwordMatches = await this.hasher.verify(passwordHash, password);

    if (!user || !user.passwordHash || !passwordMatches) {
      await this.failures.record(keys);
      return { outcome: 'invalid_credentials' };
    }
    // Not forgiven yet: with a second factor due, wrong codes count against the same budget, and a right password
    // must not reset it, or someone who knows the password could guess codes without end.
    return { outcome: 'signed_in', user, failuresOnRecord: limit.keysWithEvents.has(accountKey) };
  }

  /** The sign-in is complete (password, and the second factor when due): the account's failed attempts are forgiven. */
  forgiveFailures(user: UserRecord): Promise<void> {
    return this.failures.clear(`account:${user.email}`);
  }
}
