import type { Policy } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { Random } from '../ports/random.ts';
import type { VerificationKind, VerificationRecord, VerificationStore } from '../ports/store.ts';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';
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
   * Seed 001. A reset link for a customer-ID login and the ticket of a right customer-ID password are keyed by the
   * customer ID (not an address); the e-mail registration and link-to-existing-login links by the registered address,
   * with the customer ID in the payload.
   */
  | 'customer_id_reset'
  | 'customer_id_sign_in'
  | 'customer_id_registration'
  | 'customer_id_link';

export type IssueResult =
  | { issued: true; secret: string; record: VerificationRecord }
  | { issued: false; retryAfterSeconds: number };

export type UseFailure = 'invalid' | 'expired' | 'too_many_attempts';
export type UseResult = { ok: true; record: VerificationRecord } | { ok: false; reason: UseFailure };

interface IssueOptions {
  userId?: string | null;
  payload?: Record<string, unknown> | null;
  /** The requester's address, for the per-IP send limit; omit for secrets that are not mailed. */
  clientAddress?: string;
  /** Overrides the policy's lifetime (e.g. a ticket handed over right after a code was checked). */
  ttlSeconds?: number;
  /**
   * Skip the resend cooldown when no live code of this purpose waits at the address (the last one was used, burnt
   * or expired): the cooldown keeps a working code from being resent too often, not a person from getting a new one.
   */
  cooldownOnlyWhileLive?: boolean;
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
 * One-time codes and links: minted from the CSPRNG, stored only as hashes, single-use, expiring, with a cap on
 * wrong tries per code, a resend cooldown, and send limits per address and per client IP.
 */
export class VerificationService {
  constructor(
    private readonly store: VerificationStore,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy['verification'],
    /**
     * Mails sent: `perAddress` keyed `address:<email>`, `perIp` keyed `ip:<address>`, and `cooldown` (one per
     * cooldown period) keyed `<purpose>:<email>` (or a finer `cooldownKey`). All counted from requests, not from stored secrets, so an unknown
     * address is limited exactly like a known one.
     */
    private readonly sends: { perAddress: SlidingWindowLimiter; perIp: SlidingWindowLimiter; cooldown: SlidingWindowLimiter | null },
  ) {}

  /**
   * Checks the send limits and cooldown for mailing `purpose` to `email`, and counts the send. Called whether or
   * not a mail really goes out (an unknown address in a reset request), so limits answer the same either way.
   */
  async admitSend(
    purpose: VerificationPurpose,
    email: string,
    clientAddress: string,
    options: {
      enforceCooldown?: boolean;
      /** What the cooldown is per, besides the purpose; the address by default. */
      cooldownKey?: string;
    } = {},
  ): Promise<{ retryAfterSeconds: number } | null> {
    const checks: [SlidingWindowLimiter, string][] = [
      [this.sends.perAddress, `address:${email}`],
      [this.sends.perIp, `ip:${clientAddress}`],
    ];
    const cooldown: [SlidingWindowLimiter, string][] = this.sends.cooldown ? [[this.sends.cooldown, `${purpose}:${options.cooldownKey ?? email}`]] : [];
    const enforced = options.enforceCooldown === false ? checks : [...checks, ...cooldown];
    const results = await Promise.all(enforced.map(([limiter, key]) => limiter.check([key])));
    const waits = results.flatMap((check) => (check.limited ? [check.retryAfterSeconds] : []));
    if (waits.length > 0) return { retryAfterSeconds: Math.max(...waits) };
    // The cooldown starts with every send, enforced or not, so the next resend waits for it.
    await Promise.all([...checks, ...cooldown].map(([limiter, key]) => limiter.record([key])));
    return null;
  }

  /** A new 6-digit code for `email`; earlier unused secrets of the same purpose stop working. */
  issueCode(purpose: VerificationPurpose, email: string, options: IssueOptions = {}): Promise<IssueResult> {
    return this.issue('code', purpose, email, options);
  }

  /** A new link token for `email`; earlier unused secrets of the same purpose stop working. */
  issueLink(purpose: VerificationPurpose, email: string, options: IssueOptions = {}): Promise<IssueResult> {
    return this.issue('link', purpose, email, options);
  }

  /**
   * Uses the newest code of `purpose` sent to `email`. Each wrong code counts against that code's tries. With
   * `userId`, only a code minted for that user counts: one phone number may serve two accounts.
   */
  async useCode(purpose: VerificationPurpose, email: string, code: string, userId?: string): Promise<UseResult> {
    const record = await this.store.findLatestVerification(purpose, email);
    if (!record || record.kind !== 'code') return { ok: false, reason: 'invalid' };
    if (userId !== undefined && record.userId !== userId) return { ok: false, reason: 'invalid' };
    if (record.attempts >= this.policy.maxCodeAttempts) return { ok: false, reason: 'too_many_attempts' };
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    const matches = (await hashToken(`${record.id}:${code}`)) === record.secretHash;
    if (!matches) {
      const attempts = await this.store.addVerificationAttempt(record.id);
      return { ok: false, reason: attempts !== null && attempts >= this.policy.maxCodeAttempts ? 'too_many_attempts' : 'invalid' };
    }
    return (await this.store.consumeVerification(record.id, this.clock.now())) ? { ok: true, record } : { ok: false, reason: 'invalid' };
  }

  /** The live link behind `token` without using it (to show the form it leads to), or why it cannot be used. */
  async inspectLink(purposes: readonly VerificationPurpose[], token: string): Promise<UseResult> {
    const record = await this.store.findVerificationBySecretHash(await hashToken(token));
    if (!record || record.kind !== 'link' || !purposes.includes(record.purpose as VerificationPurpose) || record.consumedAt) {
      return { ok: false, reason: 'invalid' };
    }
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, record };
  }

  /** Uses the link behind `token`: it works once, whoever comes first. */
  async useLink(purposes: readonly VerificationPurpose[], token: string): Promise<UseResult> {
    const inspected = await this.inspectLink(purposes, token);
    if (!inspected.ok) return inspected;
    return (await this.store.consumeVerification(inspected.record.id, this.clock.now()))
      ? inspected
      : { ok: false, reason: 'invalid' };
  }

  private async hasLiveCode(purpose: VerificationPurpose, email: string): Promise<boolean> {
    const record = await this.store.findLatestVerification(purpose, email);
    return record !== null && record.attempts < this.policy.maxCodeAttempts && this.clock.now() < record.expiresAt;
  }

  sweep(): Promise<number> {
    return this.store.deleteVerificationsExpiredBefore(this.clock.now());
  }

  private async issue(kind: VerificationKind, purpose: VerificationPurpose, email: string, options: IssueOptions): Promise<IssueResult> {
    if (options.clientAddress !== undefined) {
      const enforceCooldown = options.cooldownOnlyWhileLive ? await this.hasLiveCode(purpose, email) : true;
      const refused = await this.admitSend(purpose, email, options.clientAddress, { enforceCooldown });
      if (refused) return { issued: false, ...refused };
    }
    const now = this.clock.now();
    await this.store.retireVerifications(purpose, email, now);
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
    await this.store.createVerification(record);
    return { issued: true, secret, record };
  }
}
