import { type CheckEmailStep, Locale, type Policy, type SetPasswordStep, type VerifyEmailStep } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import { EmailTakenError, type Store, type UserRecord } from '../ports/store.ts';
import type { AttemptLimiter } from './limits/attempt-limiter.ts';
import type { Budgets, Requester } from './limits/budgets.ts';
import type { Outbox } from './messages/outbox.ts';
import { type FlowError, linkFailure, linkUrl } from './password-flows.ts';
import type { PasswordPolicy } from './password-policy.ts';
import { codeFailure } from './mfa/mfa-sign-in.ts';
import { rememberLocale } from './user-service.ts';
import type { VerificationPurpose, VerificationService } from './verification-service.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** How long the proof of a checked code stays usable for choosing the password. */
const ticketTtlSeconds = 15 * 60;

/**
 * Getting credentials: self sign-up with a mailed code (licensing portal) or link (order onboarding), and invitations for accounts
 * the portal creates (order onboarding, welcome-mail invitation). A sign-up request answers alike for new and existing addresses and does the
 * same work for both: an existing address gets a code or link nobody receives (wrong codes typed at it take tries and
 * burn it exactly as at a real one) and, at most once a day, a mail telling its owner where to sign in instead.
 */
export class SignUpFlows {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy,
    private readonly passwords: PasswordPolicy,
    private readonly verifications: VerificationService,
    private readonly outbox: Outbox,
    private readonly limiter: AttemptLimiter,
    private readonly budgets: Budgets,
    private readonly webhooks: WebhookEvents,
  ) {}

  /**
   * `name`, where the policy asks for one, and `locale`, the language of the page, travel with the code or link (and
   * then the ticket) until the account is created: nothing about the person is stored before their address is
   * proven. The code or link is mailed in `locale`; the owner of an existing address hears in their own language.
   */
  async start(
    email: string,
    requester: Requester,
    publicUrl: string,
    { name, locale }: { name?: string | undefined; locale?: Locale | undefined } = {},
  ): Promise<VerifyEmailStep | CheckEmailStep | FlowError> {
    const { mode, allowedEmailDomains, askName } = this.policy.signUp;
    const kept = { ...(askName && name ? { name } : {}), ...(locale ? { locale } : {}) };
    const payload = Object.keys(kept).length > 0 ? kept : null;
    if (mode === 'none') return { error: 'sign_up_closed' };
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (allowedEmailDomains.length > 0 && !allowedEmailDomains.includes(domain)) return { error: 'email_domain_not_allowed' };
    const refused = await this.verifications.admitSend('sign_up', email, { address: requester.address });
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    // The owner of an existing address hears of sign-ups at most once a day (a stranger's must not flood them).
    // Taken for every address, so that an existing one costs no extra work.
    const firstToday = !(await this.limiter.reserve([this.budgets.notice('signUpExisting', email)])).limited;

    const { verification } = this.policy;
    await this.outbox.commit(async (store) => {
      const existing = await store.findUserByEmail(email);
      if (existing) {
        if (mode === 'code') await this.verifications.decoyCode('sign_up', email, { store });
        else await this.verifications.decoyLink('sign_up', email, { store });
        if (firstToday) await this.outbox.mail(store, email, 'signUpExisting', { url: publicUrl }, existing.locale ?? locale);
        else await this.outbox.decoy(store, 'email', email, 'signUpExisting');
      } else if (mode === 'code') {
        const code = await this.verifications.issueCode('sign_up', email, { store, payload });
        await this.outbox.mail(store, email, 'signUpCode', { code: code.secret, minutes: verification.codeTtlSeconds / 60 }, locale);
      } else {
        const link = await this.verifications.issueLink('sign_up', email, { store, payload });
        await this.outbox.mail(store, email, 'signUpLink', { url: linkUrl(publicUrl, link.secret), minutes: verification.linkTtlSeconds / 60 }, locale);
      }
    });
    return mode === 'code'
      ? { step: 'verify_email', email, codeLength: 6, resendAfterSeconds: verification.resendCooldownSeconds }
      : { step: 'check_email', email };
  }

  /**
   * Self sign-up's "Verify Code": a right code is exchanged for a short-lived ticket to choose the password with. Beyond the
   * code's own tries, wrong codes spend budgets per address and per client network, taken before the code is compared.
   */
  async verifyCode(email: string, code: string, requester: Requester): Promise<SetPasswordStep | FlowError> {
    const granted = await this.limiter.reserve(this.budgets.codeChecks(email, requester.address));
    if (granted.limited) return { error: 'rate_limited', retryAfterSeconds: granted.retryAfterSeconds };
    const used = await this.verifications.useCode('sign_up', email, code);
    if (!used.ok) {
      if (used.reason === 'expired') await granted.reservation.release();
      return codeFailure(used.reason);
    }
    await granted.reservation.release();
    const ticket = await this.verifications.issueLink('sign_up_ticket', email, { ttlSeconds: ticketTtlSeconds, payload: used.record.payload });
    return { step: 'set_password', purpose: 'sign_up', email, token: ticket.secret };
  }

  /**
   * Creates the account of a proven address (ticket or mailed link); the address counts as verified. Its language is
   * the one the password was chosen in, else the one the sign-up was started in.
   */
  async complete(purpose: 'sign_up' | 'sign_up_ticket', token: string, password: string, locale?: Locale): Promise<{ user: UserRecord } | FlowError> {
    const rules = await this.passwords.failedRules(password);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const used = await this.verifications.useLink([purpose], token);
    if (!used.ok) return linkFailure(used.reason);
    const now = this.clock.now();
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.webhooks.commit(async (store) => {
        const created = await store.createUser({
          id: this.random.uuid(),
          email: used.record.email,
          name: nameOf(used.record.payload),
          locale: locale ?? localeOf(used.record.payload),
          passwordHash,
          emailVerifiedAt: now,
          createdAt: now,
        });
        await this.webhooks.userCreated(store, created, 'sign_up');
        return created;
      });
      return { user };
    } catch (error) {
      if (error instanceof EmailTakenError) return { error: 'email_taken' };
      throw error;
    }
  }

  /**
   * An account created by the portal (CLI or admin API), without a password: the welcome mail's link starts the
   * invitation's steps (a password, then sign in). The user, the link and the mail commit together. Throws
   * EmailTakenError when the address has an account.
   */
  async invite(email: string, name: string | undefined, publicUrl: string): Promise<{ user: UserRecord; resent: boolean }> {
    return this.outbox.commit(async (store) => {
      // Support resends a welcome that was lost: an invited person who has not chosen a password yet gets a new link.
      const invited = await store.findUserByEmail(email);
      const resend = invited !== null && invited.passwordHash === null && invited.disabledAt === null;
      const user = resend
        ? invited
        : await store.createUser({ id: this.random.uuid(), email, name: name ?? null, passwordHash: null, createdAt: this.clock.now() });
      if (!resend) await this.webhooks.userCreated(store, user, 'invitation');
      const link = await this.verifications.issueLink('invitation', email, {
        userId: user.id,
        ttlSeconds: this.policy.verification.invitationTtlSeconds,
        store,
      });
      await this.outbox.mail(store, email, 'invitation', { url: linkUrl(publicUrl, link.secret) }, user.locale);
      return { user, resent: resend };
    });
  }

  /**
   * Whether an invitation's links still lead anywhere: only while its person has no password. Once they have one, by
   * whatever path (a reset, an administrator), the invitation is over, and its links must not set another.
   */
  async invitationOpen(userId: string | null): Promise<boolean> {
    const user = userId ? await this.store.findUserById(userId) : null;
    return user !== null && user.passwordHash === null && user.disabledAt === null;
  }

  /**
   * Welcome-mail invitation: the invited person enters their address; the second mail confirms it, in the invited user's
   * language if they have one, else in `locale`, the page's.
   */
  async confirmInvitationEmail(token: string, email: string, publicUrl: string, locale?: Locale): Promise<CheckEmailStep | FlowError> {
    const inspected = await this.verifications.inspectLink(['invitation'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    if (!(await this.invitationOpen(inspected.record.userId))) return { error: 'invalid_link' };
    if (inspected.record.email !== email) return { error: 'email_mismatch' };
    const minutes = this.policy.verification.linkTtlSeconds / 60;
    const used = await this.outbox.commit(async (store) => {
      const link = await this.verifications.useLink(['invitation'], token, store);
      if (!link.ok) return link;
      const confirmation = await this.verifications.issueLink('email_confirmation', email, { userId: link.record.userId, store });
      const invited = link.record.userId ? await store.findUserById(link.record.userId) : null;
      await this.outbox.mail(store, email, 'emailConfirmation', { url: linkUrl(publicUrl, confirmation.secret), minutes }, invited?.locale ?? locale);
      return link;
    });
    if (!used.ok) return linkFailure(used.reason);
    return { step: 'check_email', email };
  }

  /** Welcome-mail invitation: the password of an invited account, through the confirmation link; `locale` becomes theirs. */
  async completeInvitation(token: string, password: string, locale?: Locale): Promise<{ user: UserRecord } | FlowError> {
    const inspected = await this.verifications.inspectLink(['email_confirmation'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const user = inspected.record.userId ? await this.store.findUserById(inspected.record.userId) : null;
    if (!user || user.passwordHash !== null || user.disabledAt) return { error: 'invalid_link' };
    const rules = await this.passwords.failedRules(password, user.passwordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const used = await this.verifications.useLink(['email_confirmation'], token);
    if (!used.ok) return linkFailure(used.reason);
    const hash = await this.hasher.hash(password);
    await this.webhooks.commit(async (store) => {
      await store.updatePassword(user.id, hash, this.clock.now());
      await rememberLocale(store, this.webhooks, user, locale);
      await this.webhooks.emit(store, 'password.changed', { userId: user.id, email: user.email, reason: 'first_set' });
      // The confirmation link proved the address.
      if (!user.emailVerifiedAt) await this.webhooks.emit(store, 'user.email_verified', { userId: user.id, email: user.email });
    });
    return { user };
  }
}

/** The name given at sign-up, kept in the code's or link's payload. */
function nameOf(payload: Record<string, unknown> | null): string | null {
  const name = payload?.['name'];
  return typeof name === 'string' ? name : null;
}

/** The language the sign-up was started in, kept in the code's or link's payload. */
function localeOf(payload: Record<string, unknown> | null): Locale | null {
  return Locale.safeParse(payload?.['locale']).data ?? null;
}

/** Every purpose a mailed (or handed-over) link can have. */
export const linkPurposes: VerificationPurpose[] = ['password_reset', 'sign_up', 'sign_up_ticket', 'invitation', 'email_confirmation'];
