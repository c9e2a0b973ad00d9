import type { MfaChannel, MfaOption, PhoneCodeSent, Policy, TotpSetup } from '@portico/contract';
import type { CountryCode } from 'libphonenumber-js';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { MfaFactorRecord, Store, UserRecord } from '../../ports/store.ts';
import type { SecurityChange } from '../mail/mail-catalogue.ts';
import type { Outbox } from '../messages/outbox.ts';
import type { FlowError } from '../password-flows.ts';
import { hashToken } from '../tokens.ts';
import type { UseFailure, VerificationService } from '../verification-service.ts';
import { maskEmailAddress, maskPhoneNumber, parseSmsNumber } from './phone-numbers.ts';
import { generateRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.ts';
import type { SecretBox } from './secret-box.ts';
import { generateTotpSecret, matchTotp, totpUri } from './totp.ts';
import type { WebhookEvents } from '../webhooks/webhook-events.ts';
import type { ActivityLog } from '../activity-log.ts';

/** The factors a user holds that the policy lets count, and whether the policy's e-mail code applies to everyone. */
export interface HeldFactors {
  totp: MfaFactorRecord | null;
  sms: MfaFactorRecord | null;
  recoveryPhone: MfaFactorRecord | null;
  /** Licensing: the account's address gets a code at every sign-in; nothing to set up. */
  email: boolean;
  /** The user has a passkey or security key and the policy lets them answer the second step (`webauthn`). */
  webauthn: boolean;
}

export type CheckResult = { ok: true } | { ok: false; reason: UseFailure };
/**
 * What became of a code asked for: `sent` (queued for delivery), `sent_earlier` (refused within the cooldown or a
 * limit, but the code sent a moment ago still works), or `limited` (none sent, none waiting). `retryAfterSeconds`: when
 * another may be asked for.
 */
export type CodeStatus = 'sent' | 'sent_earlier' | 'limited';
export type SendResult = { status: CodeStatus; retryAfterSeconds: number };
export type PhoneKind = 'sms' | 'recovery_phone';
export type CodePurpose = 'mfa_sign_in' | 'mfa_reauth';

/** How long a started app setup waits for the first code from the app (scanning takes a minute, not an hour). */
const totpSetupTtlSeconds = 15 * 60;

const setupPurpose = { sms: 'sms_setup', recovery_phone: 'recovery_phone_setup' } as const;
const enabledChange = { sms: 'sms_enabled', recovery_phone: 'recovery_phone_added' } as const satisfies Record<PhoneKind, SecurityChange>;

/** What the sealed app secret is bound to: its owner, so a value copied into another user's row does not open. */
const totpContext = (userId: string) => `totp:${userId}`;

/** Recovery codes are hashed with their owner: the same code of two users (never minted, but) would not collide. */
export function recoveryCodeHash(userId: string, typed: string): Promise<string> {
  return hashToken(`${userId}:${normalizeRecoveryCode(typed)}`);
}

/**
 * A user's second factors (app and SMS; the licensing portal's e-mail code), their recovery phone and codes: what
 * they hold, sending and checking codes, and setting factors up. Shared by signing in, re-authenticating and the
 * profile, so a code is checked the same way wherever it is entered.
 */
export class SecondFactors {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy,
    private readonly verifications: VerificationService,
    private readonly outbox: Outbox,
    private readonly box: SecretBox,
    private readonly settings: { productName: string; phoneCountry: CountryCode | null },
    private readonly webhooks: WebhookEvents,
    private readonly activity: ActivityLog | null = null,
  ) {}

  /** Methods users may set up here (`email` needs no setup). */
  get setupMethods(): ('totp' | 'sms')[] {
    return this.policy.mfa.methods.filter((method): method is 'totp' | 'sms' => method === 'totp' || method === 'sms');
  }

  /**
   * Recovery phone and codes back up a factor one sets up (an app, a phone, a passkey); where there is none (e-mail
   * only, licensing portal), neither.
   */
  get recoveryAllowed(): boolean {
    return this.policy.mfa.methods.some((method) => method !== 'email');
  }

  allows(method: 'totp' | 'sms'): boolean {
    return this.policy.mfa.methods.includes(method);
  }

  /** A factor the policy no longer offers does not count (and is not offered at sign-in). */
  async held(userId: string): Promise<HeldFactors> {
    const factors = await this.store.listFactors(userId);
    const find = (kind: MfaFactorRecord['kind']) => factors.find((factor) => factor.kind === kind) ?? null;
    return {
      totp: this.allows('totp') ? find('totp') : null,
      sms: this.allows('sms') ? find('sms') : null,
      recoveryPhone: this.recoveryAllowed ? find('recovery_phone') : null,
      email: this.policy.mfa.methods.includes('email'),
      webauthn: this.policy.mfa.methods.includes('webauthn') && (await this.store.listPasskeys(userId)).length > 0,
    };
  }

  /** Every channel a code may come from at sign-in, the strongest first (the app is advised). */
  channels(held: HeldFactors): MfaChannel[] {
    const channels: MfaChannel[] = [];
    // A passkey cannot be phished onto another site, so it comes first.
    if (held.webauthn) channels.push('webauthn');
    if (held.totp) channels.push('totp');
    if (held.sms) channels.push('sms');
    if (held.email) channels.push('email');
    // The fallback number backs up a factor; with none set up there is nothing to fall back from.
    if (held.recoveryPhone && (held.totp || held.sms || held.webauthn)) channels.push('recovery_phone');
    return channels;
  }

  options(user: UserRecord, held: HeldFactors): MfaOption[] {
    return this.channels(held).map((channel) => {
      const to = this.destination(user, held, channel);
      return { channel, destination: to === null ? null : channel === 'email' ? maskEmailAddress(to) : maskPhoneNumber(to) };
    });
  }

  /** Where a code of `channel` goes: a phone number (E.164) or the account's address; null for the app or none held. */
  destination(user: UserRecord, held: HeldFactors, channel: MfaChannel): string | null {
    switch (channel) {
      case 'totp':
      case 'webauthn':
        return null;
      case 'sms':
        return held.sms?.phone ?? null;
      case 'recovery_phone':
        return held.recoveryPhone?.phone ?? null;
      case 'email':
        return held.email ? user.email : null;
    }
  }

  /**
   * Mints a code and queues it by text or mail, within the send limits of a user who proved their password (per
   * destination and purpose, per user, the resend cooldown while a code is live; never per client address, which a
   * stranger or a whole office shares). Null when the user has no such channel.
   */
  async sendCode(purpose: CodePurpose, user: UserRecord, held: HeldFactors, channel: 'sms' | 'email' | 'recovery_phone'): Promise<SendResult | null> {
    const to = this.destination(user, held, channel);
    if (to === null) return null;
    const live = await this.verifications.hasLiveCode(purpose, to);
    const refused = await this.verifications.admitSend(purpose, to, { userId: user.id }, { enforceCooldown: live });
    if (refused) return { status: live ? 'sent_earlier' : 'limited', retryAfterSeconds: refused.retryAfterSeconds };
    await this.outbox.commit(async (store) => {
      const issued = await this.verifications.issueCode(purpose, to, { userId: user.id, store });
      if (channel === 'email') await this.outbox.mail(store, to, 'mfaCode', { code: issued.secret, minutes: this.codeMinutes }, user.locale);
      else await this.outbox.text(store, to, 'code', { code: issued.secret }, user.locale);
    });
    return { status: 'sent', retryAfterSeconds: this.policy.verification.resendCooldownSeconds };
  }

  /** Checks a code from `channel`: the app's (once per time step), or the newest one sent there for `purpose`. */
  async checkCode(purpose: CodePurpose, user: UserRecord, held: HeldFactors, channel: MfaChannel, code: string): Promise<CheckResult> {
    if (channel === 'totp') {
      return held.totp && (await this.checkTotp(user.id, held.totp.secret, code)) ? { ok: true } : { ok: false, reason: 'invalid' };
    }
    const to = this.destination(user, held, channel);
    if (to === null) return { ok: false, reason: 'invalid' };
    const used = await this.verifications.useCode(purpose, to, code, user.id);
    return used.ok ? { ok: true } : { ok: false, reason: used.reason };
  }

  /**
   * A recovery code, once: the store marks it used in one conditional UPDATE, so two requests with the same code
   * cannot both pass. The owner is told by mail, with how many are left.
   */
  async useRecoveryCode(user: UserRecord, typed: string): Promise<boolean> {
    const hash = await recoveryCodeHash(user.id, typed);
    return this.outbox.commit(async (store) => {
      const used = await store.useRecoveryCode(user.id, hash, this.clock.now());
      if (used) {
        const left = (await store.countUnusedRecoveryCodes(user.id)) ?? 0;
        await this.outbox.mail(store, user.email, 'recoveryCodeUsed', { left }, user.locale);
        await this.activity?.record(store, 'recovery_code.used', { subjectUserId: user.id, actorUserId: user.id, detail: { left } });
      }
      return used;
    });
  }

  recoveryCodesLeft(userId: string): Promise<number | null> {
    return this.store.countUnusedRecoveryCodes(userId);
  }

  /** Ten new codes, returned once; only their hashes are kept, and every earlier code stops working. */
  async generateRecoveryCodes(user: UserRecord): Promise<string[]> {
    const codes = generateRecoveryCodes(this.random);
    const hashed = await Promise.all(codes.map(async (code) => ({ id: this.random.uuid(), codeHash: await recoveryCodeHash(user.id, code) })));
    await this.outbox.commit(async (store) => {
      await store.replaceRecoveryCodes(user.id, hashed, this.clock.now());
      await this.notify(store, user, 'recovery_codes_generated');
    });
    return codes;
  }

  /** Starts the app method: a new secret, kept server-side (sealed) until a code from the app proves the scan. */
  async startTotp(user: UserRecord): Promise<TotpSetup> {
    const secret = generateTotpSecret(this.random);
    const now = this.clock.now();
    await this.store.savePendingSetup({
      userId: user.id,
      kind: 'totp',
      secret: await this.box.seal(secret, totpContext(user.id)),
      phone: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + totpSetupTtlSeconds * 1000),
    });
    return { secret, uri: totpUri(secret, this.settings.productName, user.email) };
  }

  /**
   * Enables the app method with a code from it. The code's time step is recorded as used, so the very code that
   * enabled the app cannot also sign in (replay).
   */
  async confirmTotp(user: UserRecord, code: string): Promise<CheckResult> {
    const pending = await this.store.findPendingSetup(user.id, 'totp');
    if (!pending?.secret) return { ok: false, reason: 'invalid' };
    if (this.clock.now() >= pending.expiresAt) return { ok: false, reason: 'expired' };
    const step = matchTotp(await this.box.open(pending.secret, totpContext(user.id)), code, this.clock.now());
    if (step === null) return { ok: false, reason: 'invalid' };
    // Taken, not just read: of two confirmations at once, one enables.
    return this.outbox.commit(async (store) => {
      const taken = await store.takePendingSetup(user.id, 'totp');
      if (!taken?.secret) return { ok: false, reason: 'invalid' } as const;
      await store.saveFactor({ userId: user.id, kind: 'totp', secret: taken.secret, phone: null, lastTotpStep: step, enabledAt: this.clock.now() });
      await this.notify(store, user, 'totp_enabled');
      await this.webhooks.emit(store, 'mfa.enabled', { userId: user.id, email: user.email, method: 'totp', phone: null });
      return { ok: true } as const;
    });
  }

  /**
   * Starts SMS or the recovery phone: the number is parsed to E.164, and a texted code must come back. Sends to a
   * number nobody has proven count per user and per client network (`clientAddress`).
   */
  async startPhone(user: UserRecord, kind: PhoneKind, typed: string, clientAddress: string): Promise<PhoneCodeSent | FlowError> {
    const phone = parseSmsNumber(typed, this.settings.phoneCountry ?? undefined);
    if (!phone) return { error: 'invalid_phone' };
    const purpose = setupPurpose[kind];
    const live = await this.verifications.hasLiveCode(purpose, phone);
    const refused = await this.verifications.admitSend(purpose, phone, { userId: user.id, address: clientAddress }, { enforceCooldown: live });
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    await this.outbox.commit(async (store) => {
      const issued = await this.verifications.issueCode(purpose, phone, { userId: user.id, store });
      const now = this.clock.now();
      await store.savePendingSetup({ userId: user.id, kind, secret: null, phone, createdAt: now, expiresAt: issued.record.expiresAt });
      await this.outbox.text(store, phone, 'code', { code: issued.secret }, user.locale);
    });
    return { phone, resendAfterSeconds: this.policy.verification.resendCooldownSeconds };
  }

  /** The texted code proves the number: it becomes the SMS factor (a new number replaces the old) or recovery phone. */
  async confirmPhone(user: UserRecord, kind: PhoneKind, code: string): Promise<CheckResult> {
    const pending = await this.store.findPendingSetup(user.id, kind);
    if (!pending?.phone) return { ok: false, reason: 'invalid' };
    const used = await this.verifications.useCode(setupPurpose[kind], pending.phone, code, user.id);
    if (!used.ok) return used;
    return this.outbox.commit(async (store) => {
      const taken = await store.takePendingSetup(user.id, kind);
      if (!taken?.phone) return { ok: false, reason: 'invalid' } as const;
      await store.saveFactor({ userId: user.id, kind, secret: null, phone: taken.phone, lastTotpStep: null, enabledAt: this.clock.now() });
      await this.notify(store, user, enabledChange[kind]);
      // Masked, as the profile shows it: a host learns which phone, not the number.
      await this.webhooks.emit(store, 'mfa.enabled', { userId: user.id, email: user.email, method: kind, phone: maskPhoneNumber(taken.phone) });
      return { ok: true } as const;
    });
  }

  /** False if the user had none of that kind. */
  async remove(user: UserRecord, kind: MfaFactorRecord['kind']): Promise<boolean> {
    return this.outbox.commit(async (store) => {
      const removed = await store.deleteFactor(user.id, kind);
      if (removed) {
        await this.notify(store, user, kind === 'totp' ? 'totp_disabled' : kind === 'sms' ? 'sms_disabled' : 'recovery_phone_removed');
        await this.webhooks.emit(store, 'mfa.disabled', { userId: user.id, email: user.email, method: kind });
      }
      return removed;
    });
  }

  private get codeMinutes(): number {
    return Math.round(this.policy.verification.codeTtlSeconds / 60);
  }

  /**
   * Matches an app code within one step of drift and claims its time step in one conditional UPDATE: a step not after
   * the last one used is refused, so a code works once even when sent twice at the same moment.
   */
  private async checkTotp(userId: string, sealed: string | null, code: string): Promise<boolean> {
    if (!sealed) return false;
    const step = matchTotp(await this.box.open(sealed, totpContext(userId)), code, this.clock.now());
    return step !== null && (await this.store.advanceTotpStep(userId, step));
  }

  /** Tells the owner of a change to their factors, in the transaction that makes it. */
  private notify(store: Store, user: UserRecord, change: SecurityChange): Promise<void> {
    return this.outbox.mail(store, user.email, 'securityChanged', { change }, user.locale);
  }
}
