import { CustomerId, isCustomerId, normalizeEmail } from '@portico/contract';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import type { CustomerAccountRecord, Store, UserRecord } from '../ports/store.ts';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';
import { toBase64Url } from './tokens.ts';

export type SignInResult =
  | {
      outcome: 'signed_in';
      user: UserRecord;
      /** Failed attempts are on record for the account: forgive them once the sign-in completes (forgiveFailures). */
      failuresOnRecord: boolean;
    }
  /** Seed 001: the customer ID's own password was right; an e-mail login is to be registered for it. */
  | { outcome: 'customer_id'; account: CustomerAccountRecord }
  /** The password was right, but the customer ID has an e-mail login now and no longer signs in by itself. */
  | { outcome: 'customer_id_migrated' }
  | { outcome: 'invalid_credentials' }
  | { outcome: 'rate_limited'; retryAfterSeconds: number };

type Attempt = { passed: true; failuresOnRecord: boolean } | { passed: false; result: SignInResult };

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
    /** Whether a customer ID signs in by itself (policy.customerIdLogin, seed 001); otherwise it is just unknown. */
    private readonly customerIdLogin: boolean,
  ) {
    // Hashed once, up front, with the same parameters as real hashes so verifying it takes as long.
    this.dummyHash = hasher.hash(toBase64Url(random.bytes(16)));
    this.dummyHash.catch(() => undefined);
  }

  async signIn(identifier: string, password: string, clientAddress: string): Promise<SignInResult> {
    if (this.customerIdLogin && isCustomerId(identifier)) return this.signInWithCustomerId(CustomerId.parse(identifier), password, clientAddress);
    const email = normalizeEmail(identifier);
    const user = await this.store.findUserByEmail(email);
    const attempt = await this.attempt(email, user?.passwordHash ?? null, password, clientAddress);
    if (!attempt.passed) return attempt.result;
    // A user found with a hash that matched: `user` cannot be null here.
    if (!user) return { outcome: 'invalid_credentials' };
    // Not forgiven yet: with a second factor due, wrong codes count against the same budget, and a right password
    // must not reset it, or someone who knows the password could guess codes without end.
    return { outcome: 'signed_in', user, failuresOnRecord: attempt.failuresOnRecord };
  }

  /**
   * Checks a customer ID's own password (seed 001 step 4), in the same failure budget as e-mail logins, keyed by the
   * ID. Also serves linking an account from the profile by its customer-ID login.
   */
  async signInWithCustomerId(customerId: string, password: string, clientAddress: string): Promise<SignInResult> {
    const account = await this.store.findCustomerAccount(customerId);
    const attempt = await this.attempt(customerId, account?.legacyPasswordHash ?? null, password, clientAddress);
    if (!attempt.passed) return attempt.result;
    if (!account) return { outcome: 'invalid_credentials' };
    // Told only to someone who knows the password: the e-mail login is theirs (or a colleague's) to use.
    if (account.migratedAt) return { outcome: 'customer_id_migrated' };
    await this.failures.clear(`account:${customerId}`);
    return { outcome: 'customer_id', account };
  }

  /**
   * One password check against the failure limits. An unknown login or one without a password verifies a dummy hash
   * instead, so it costs the same and answers the same as a wrong password.
   */
  private async attempt(login: string, passwordHash: string | null, password: string, clientAddress: string): Promise<Attempt> {
    const accountKey = `account:${login}`;
    const keys = [accountKey, `ip:${clientAddress}`];
    const limit = await this.failures.check(keys);
    if (limit.limited) return { passed: false, result: { outcome: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds } };
    const matches = await this.hasher.verify(passwordHash ?? (await this.dummyHash), password);
    if (!passwordHash || !matches) {
      await this.failures.record(keys);
      return { passed: false, result: { outcome: 'invalid_credentials' } };
    }
    return { passed: true, failuresOnRecord: limit.keysWithEvents.has(accountKey) };
  }

  /** The sign-in is complete (password, and the second factor when due): the account's failed attempts are forgiven. */
  forgiveFailures(user: UserRecord): Promise<void> {
    return this.failures.clear(`account:${user.email}`);
  }
}
