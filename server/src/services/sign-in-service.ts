import { CustomerId, isCustomerId, normalizeEmail } from '@portico/contract';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import type { CustomerAccountRecord, Store, UserRecord } from '../ports/store.ts';
import type { AttemptLimiter, Reservation } from './limits/attempt-limiter.ts';
import type { Budgets, Requester } from './limits/budgets.ts';
import { toBase64Url } from './tokens.ts';
import type { ActivityLog } from './activity-log.ts';

export type SignInResult =
  | {
      outcome: 'signed_in';
      user: UserRecord;
      /** Failed attempts are on record for the account: forgive them once the sign-in completes (forgiveFailures). */
      failuresOnRecord: boolean;
    }
  /** Customer-ID migration: the customer ID's own password was right; an e-mail login is to be registered for it. */
  | { outcome: 'customer_id'; account: CustomerAccountRecord }
  /** The password was right, but the customer ID has an e-mail login now and no longer signs in by itself. */
  | { outcome: 'customer_id_migrated' }
  | { outcome: 'invalid_credentials' }
  | { outcome: 'rate_limited'; retryAfterSeconds: number }
  /** The account's cap of consecutive failures is reached: a password reset (or a browser it knows) lifts it. */
  | { outcome: 'locked'; retryAfterSeconds: number };

/** What a budget check refused, as the answer says it. */
export type LimitOutcome = Extract<SignInResult, { outcome: 'rate_limited' | 'locked' }>;

type Attempt = { passed: true; failuresOnRecord: boolean } | { passed: false; result: SignInResult };

/**
 * Password sign-in. An unknown identifier costs the same as a wrong password (a dummy hash is verified) and gets the
 * same answer, so neither the response nor its timing tells whether an account exists. Every check first takes a
 * try from the failure budgets (Budgets.failures), so a burst of guesses at once is checked no further than they allow.
 */
export class SignInService {
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
    private readonly budgets: Budgets,
    random: Random,
    /** Whether a customer ID signs in by itself (policy.customerIdLogin, customer-ID migration); otherwise it is just unknown. */
    private readonly customerIdLogin: boolean,
    private readonly activity: ActivityLog | null = null,
  ) {
    // Hashed once, up front, with the same parameters as real hashes so verifying it takes as long.
    this.dummyHash = hasher.hash(toBase64Url(random.bytes(16)));
    this.dummyHash.catch(() => undefined);
  }

  async signIn(identifier: string, password: string, requester: Requester): Promise<SignInResult> {
    if (this.customerIdLogin && isCustomerId(identifier)) return this.signInWithCustomerId(CustomerId.parse(identifier), password, requester);
    const email = normalizeEmail(identifier);
    const user = await this.store.findUserByEmail(email);
    // A disabled login is checked against the dummy hash, as one without a password: the same cost, the same answer.
    const passwordHash = user && !user.disabledAt ? user.passwordHash : null;
    const attempt = await this.attempt(email, user?.id ?? null, passwordHash, password, requester);
    if (!attempt.passed) {
      if (user) this.noteFailure(user, 'sign_in.failed', { reason: user.disabledAt ? 'login_disabled' : attempt.result.outcome });
      return attempt.result;
    }
    // A user found with a hash that matched: `user` cannot be null here.
    if (!user) return { outcome: 'invalid_credentials' };
    // Not forgiven yet: with a second factor due, wrong codes count against the same budget, and a right password
    // must not reset it, or someone who knows the password could guess codes without end.
    return { outcome: 'signed_in', user, failuresOnRecord: attempt.failuresOnRecord };
  }

  /**
   * Checks a customer ID's own password (customer-ID migration), in the same failure budgets as e-mail logins, keyed by the
   * ID. Also serves linking an account from the profile by its customer-ID login.
   */
  async signInWithCustomerId(customerId: string, password: string, requester: Requester): Promise<SignInResult> {
    const account = await this.store.findCustomerAccount(customerId);
    const attempt = await this.attempt(customerId, null, account?.legacyPasswordHash ?? null, password, requester);
    if (!attempt.passed) return attempt.result;
    if (!account) return { outcome: 'invalid_credentials' };
    // Told only to someone who knows the password: the e-mail login is theirs (or a colleague's) to use.
    if (account.migratedAt) return { outcome: 'customer_id_migrated' };
    await this.forgive(customerId, requester, null);
    return { outcome: 'customer_id', account };
  }

  /**
   * Takes a try from the failure budgets of `login` (whose user is `userId`, if any) before a password or code is
   * checked, or says why not. Keep the reservation for a wrong answer (it is the failure on record); release it for a
   * right one.
   */
  async reserveTry(login: string, requester: Requester, userId: string | null): Promise<{ reservation: Reservation } | LimitOutcome> {
    const granted = await this.limiter.reserve(this.budgets.failures(login, requester, userId));
    if (granted.limited) {
      const outcome = granted.budget && this.budgets.isConsecutiveCap(granted.budget) ? 'locked' : 'rate_limited';
      return { outcome, retryAfterSeconds: granted.retryAfterSeconds };
    }
    return { reservation: granted.reservation };
  }

  /**
   * A failed try at signing in as `user` (a password, a second-step code) goes into their activity log, by an actor
   * nobody knows, written apart from the answer so that it takes as long as for an address without a login.
   */
  noteFailure(user: Pick<UserRecord, 'id'>, type: 'sign_in.failed' | 'mfa.failed', detail: Record<string, unknown>): void {
    this.activity?.recordLater(type, { subjectUserId: user.id, actorUserId: null, detail });
  }

  /** The sign-in is complete (password, and the second factor when due): the account's failed attempts are forgiven. */
  forgiveFailures(user: UserRecord, requester: Requester): Promise<void> {
    return this.forgive(user.email, requester, user.id);
  }

  /**
   * Support lifts sign-in locks: a login's failures from everywhere (the cap of failures in a row too), as after a
   * password reset; or a client network's failures across logins.
   */
  async liftLocks(target: { login?: string | undefined; clientAddress?: string | undefined }): Promise<void> {
    if (target.login !== undefined) {
      const login = isCustomerId(target.login) ? CustomerId.parse(target.login) : normalizeEmail(target.login);
      await this.resetFailures(login);
    }
    if (target.clientAddress !== undefined) await this.limiter.clear(this.budgets.networkFailureKey(target.clientAddress));
  }

  /** A completed password reset proves the mailbox: the account's failures from everywhere are forgiven, the cap too. */
  async resetFailures(login: string): Promise<void> {
    const { keys, prefixes } = this.budgets.resetForgives(login);
    await Promise.all([...keys.map((key) => this.limiter.clear(key)), ...prefixes.map((prefix) => this.limiter.clearAllStartingWith(prefix))]);
  }

  /**
   * One password check against the failure budgets. An unknown login or one without a password verifies a dummy hash
   * instead, so it costs the same and answers the same as a wrong password.
   */
  private async attempt(login: string, userId: string | null, passwordHash: string | null, password: string, requester: Requester): Promise<Attempt> {
    const reserved = await this.reserveTry(login, requester, userId);
    if (!('reservation' in reserved)) return { passed: false, result: reserved };
    const matches = await this.hasher.verify(passwordHash ?? (await this.dummyHash), password);
    if (!passwordHash || !matches) return { passed: false, result: { outcome: 'invalid_credentials' } };
    await reserved.reservation.release();
    // From a known browser only its own budget was counted: the account's may hold failures from elsewhere, which
    // this sign-in (proof that the owner is back) forgives.
    const knownBrowser = requester.knownBrowser !== null && requester.knownBrowser.userId === userId;
    const onRecord = knownBrowser || this.budgets.forgiven(login, requester, userId).some((key) => reserved.reservation.hadEarlier(key));
    return { passed: true, failuresOnRecord: onRecord };
  }

  private async forgive(login: string, requester: Requester, userId: string | null): Promise<void> {
    await Promise.all(this.budgets.forgiven(login, requester, userId).map((key) => this.limiter.clear(key)));
  }
}
