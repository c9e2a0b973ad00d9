import type { Policy } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { Random } from '../ports/random.ts';
import type { VerificationKind, VerificationRecord, VerificationStore } from '../ports/store.ts';
import type { AttemptLimiter } from './limits/attempt-limiter.ts';
import type { Budgets, SendRequester } from './limits/budgets.ts';
import { generateToken, hashToken } from './tokens.ts';

/** What a one-time secret proves when it is used. */
export type VerificationPurpose =
  | 'sign_up'
  | 'sign_up_ticket'
  | 'invitation'
  | 'email_confirmation'
  | 'password_reset'
  /** Second-factor codes by SMS or e-mail, keyed by the phone number or address they went to. */
  | 'mfa_sign_in'
  | 'mfa_reauth'
  /** Proving a phone number before it becomes the SMS factor or the recovery phone. */
  | 'sms_setup'
  | 'recovery_phone_setup'
  /**
   * Customer-ID migration. A reset link for a customer-ID login and the ticket of a right customer-ID password are keyed by the
   * customer ID (not an address); the e-mail registration and link-to-existing-login links by the registered address,
   * with the customer ID in the payload.
   */
  | 'customer_id_reset'
  | 'customer_id_sign_in'
  | 'customer_id_registration'
  | 'customer_id_link'
  /** Joining a customer account by a mailed Confirm link, keyed by the address; the account in the payload. */
  | 'account_onboarding'
  | 'account_invitation';

export type IssueResult = { secret: string; record: VerificationRecord };

export type UseFailure = 'invalid' | 'expired' | 'too_many_attempts';
export type UseResult = { ok: true; record: VerificationRecord } | { ok: false; reason: UseFailure };

interface IssueOptions {
  userId?: string | null;
  payload?: Record<string, unknown> | null;
  /** Overrides the policy's lifetime (e.g. a ticket handed over right after a code was checked). */
  ttlSeconds?: number;
  /** Where to write it: the transaction that also queues the message carrying it. */
  store?: VerificationStore;
}

/** Marks a secret nobody was sent (see `decoyCode`); it never opens anything. */
const decoyPayload = { decoy: true } as const;

function isDecoy(record: VerificationRecord): boolean {
  return record.payload?.['decoy'] === true;
}

/** A uniformly random 6-digit code (rejection sampling: no digit is likelier than another). */
function generateCode(random: Random): string {
  const limit = 4_294_000_000; // largest multiple of 1,000,000 below 2^32
  for (;;) {
    const [a = 0, b = 0, c = 0, d = 0] = random.bytes(4);
    const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    if (n < limit) return String(n % 1_000_000).padStart(6, '0');
  }
}

/**
 * One-time codes and links: minted from the CSPRNG, stored only as hashes, single-use, expiring, with a cap on tries
 * per code taken before each code is compared, and sends admitted by their budgets (Budgets.sends and the cooldown).
 */
export class VerificationService {
  constructor(
    private readonly store: VerificationStore,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy['verification'],
    private readonly limiter: AttemptLimiter,
    private readonly budgets: Budgets,
  ) {}

  /**
   * Takes one send of `purpose` to `destination` from its budgets before anything is minted or queued, or says how
   * long to wait. Called whether or not a mail really goes out (an unknown address in a reset request), so limits
   * answer the same either way. The resend cooldown starts with every send; with `enforceCooldown: false` (no code
   * is waiting) it does not hold this one back.
   */
  async admitSend(
    purpose: VerificationPurpose,
    destination: string,
    requester: SendRequester,
    options: {
      enforceCooldown?: boolean;
      /** What the cooldown is per, besides the purpose; the destination by default. */
      cooldownKey?: string;
    } = {},
  ): Promise<{ retryAfterSeconds: number } | null> {
    const budgets = this.budgets.sends(purpose, destination, requester);
    const cooldown = this.budgets.cooldown(purpose, options.cooldownKey ?? destination);
    const enforced = cooldown && options.enforceCooldown !== false ? [...budgets, cooldown] : budgets;
    const granted = await this.limiter.reserve(enforced, cooldown ? [cooldown.key] : []);
    return granted.limited ? { retryAfterSeconds: granted.retryAfterSeconds } : null;
  }

  /** A new 6-digit code for `email`; earlier unused secrets of the same purpose stop working. */
  async issueCode(purpose: VerificationPurpose, email: string, options: IssueOptions = {}): Promise<IssueResult> {
    return this.issue('code', purpose, email, options);
  }

  /** A new link token for `email`; earlier unused secrets of the same purpose stop working. */
  async issueLink(purpose: VerificationPurpose, email: string, options: IssueOptions = {}): Promise<IssueResult> {
    return this.issue('link', purpose, email, options);
  }

  /**
   * Stores a code as `issueCode` does for an address whose code nobody receives (a sign-up for an address that has an
   * account): guesses at it take tries and burn it exactly like guesses at a real one, so wrong codes answer alike
   * for existing and new addresses, and the work done is the same.
   */
  async decoyCode(purpose: VerificationPurpose, email: string, options: Pick<IssueOptions, 'store'> = {}): Promise<void> {
    await this.issue('code', purpose, email, { ...options, payload: decoyPayload });
  }

  /** As `decoyCode`, for a link nobody receives (a reset for an unknown address). */
  async decoyLink(purpose: VerificationPurpose, email: string, options: Pick<IssueOptions, 'store'> = {}): Promise<void> {
    await this.issue('link', purpose, email, { ...options, payload: decoyPayload });
  }

  /**
   * Uses the newest code of `purpose` sent to `email`. A try is taken from the code before it is compared (at most
   * `maxCodeAttempts`, however many guesses arrive at once). With `userId`, only a code minted for that user counts:
   * one phone number may serve two accounts. An expired code is refused before it is compared, so it takes no try.
   */
  async useCode(purpose: VerificationPurpose, email: string, code: string, userId?: string): Promise<UseResult> {
    const record = await this.store.findLatestVerification(purpose, email);
    if (!record || record.kind !== 'code') return { ok: false, reason: 'invalid' };
    if (userId !== undefined && record.userId !== userId) return { ok: false, reason: 'invalid' };
    if (record.attempts >= this.policy.maxCodeAttempts) return { ok: false, reason: 'too_many_attempts' };
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    const tries = await this.store.reserveVerificationAttempt(record.id, this.policy.maxCodeAttempts);
    if (tries === null) return { ok: false, reason: 'too_many_attempts' };
    const matches = !isDecoy(record) && (await hashToken(`${record.id}:${code}`)) === record.secretHash;
    if (!matches) return { ok: false, reason: tries >= this.policy.maxCodeAttempts ? 'too_many_attempts' : 'invalid' };
    return (await this.store.consumeVerification(record.id, this.clock.now())) ? { ok: true, record } : { ok: false, reason: 'invalid' };
  }

  /** The live link behind `token` without using it (to show the form it leads to), or why it cannot be used. */
  async inspectLink(purposes: readonly VerificationPurpose[], token: string, store: VerificationStore = this.store): Promise<UseResult> {
    const record = await store.findVerificationBySecretHash(await hashToken(token));
    if (!record || record.kind !== 'link' || !purposes.includes(record.purpose as VerificationPurpose) || record.consumedAt || isDecoy(record)) {
      return { ok: false, reason: 'invalid' };
    }
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  /**
   * Uses the link behind `token`: it works once, whoever comes first. `store`: the transaction that acts on it (every
   * read inside a transaction must go through it: embedded PGlite serves one transaction at a time).
   */
  async useLink(purposes: readonly VerificationPurpose[], token: string, store: VerificationStore = this.store): Promise<UseResult> {
    const inspected = await this.inspectLink(purposes, token, store);
    if (!inspected.ok) return inspected;
    return (await store.consumeVerification(inspected.record.id, this.clock.now())) ? inspected : { ok: false, reason: 'invalid' };
  }

  /**
   * Takes one try of a link before the password typed with it is checked against the current one (an argon2 verify):
   * a link is tried a few times at most (a weak password, a typo), never without end. False when its tries are spent.
   */
  async takeLinkTry(record: VerificationRecord): Promise<boolean> {
    return (await this.store.reserveVerificationAttempt(record.id, this.policy.maxCodeAttempts * 2)) !== null;
  }

  /** Whether a code of `purpose` sent to `destination` can still be entered (not used, burnt or expired). */
  async hasLiveCode(purpose: VerificationPurpose, destination: string): Promise<boolean> {
    const record = await this.store.findLatestVerification(purpose, destination);
    return record !== null && !isDecoy(record) && record.attempts < this.policy.maxCodeAttempts && this.clock.now() < record.expiresAt;
  }

  sweep(): Promise<number> {
    return this.store.deleteVerificationsExpiredBefore(this.clock.now());
  }

  private async issue(kind: VerificationKind, purpose: VerificationPurpose, email: string, options: IssueOptions): Promise<IssueResult> {
    const store = options.store ?? this.store;
    const now = this.clock.now();
    await store.retireVerifications(purpose, email, now);
    const id = this.random.uuid();
    const secret = kind === 'code' ? generateCode(this.random) : generateToken(this.random);
    const ttl = options.ttlSeconds ?? (kind === 'code' ? this.policy.codeTtlSeconds : this.policy.linkTtlSeconds);
    const record: VerificationRecord = {
      id,
      purpose,
      kind,
      email,
      userId: options.userId ?? null,
      secretHash: await hashToken(kind === 'code' ? `${id}:${secret}` : secret),
      payload: options.payload ?? null,
      attempts: 0,
      expiresAt: new Date(now.getTime() + ttl * 1000),
      consumedAt: null,
      createdAt: now,
    };
    await store.createVerification(record);
    return { secret, record };
  }
}
