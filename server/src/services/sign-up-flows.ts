import type { CheckEmailStep, Policy, SetPasswordStep, VerifyEmailStep } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import { EmailTakenError, type Store, type UserRecord } from '../ports/store.ts';
import type { BackgroundMail } from './mail/background-mail.ts';
import type { MailService } from './mail/mail-service.ts';
import { type FlowError, linkFailure, linkUrl } from './password-flows.ts';
import type { PasswordPolicy } from './password-policy.ts';
import type { UseFailure, VerificationPurpose, VerificationService } from './verification-service.ts';

/** How long the proof of a checked code stays usable for choosing the password. */
const ticketTtlSeconds = 15 * 60;

const codeFailure = (reason: UseFailure): FlowError => ({
  error: reason === 'expired' ? 'code_expired' : reason === 'too_many_attempts' ? 'too_many_attempts' : 'invalid_code',
});

/**
 * Getting credentials: self sign-up with a mailed code (seed 004) or link (seed 000), and invitations for accounts
 * the portal creates (seeds 000 and 003). A sign-up request answers alike for new and existing addresses; the owner
 * of an existing one gets a mail saying so instead of a code or link.
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
    private readonly mail: MailService,
    private readonly background: BackgroundMail,
  ) {}

  async start(email: string, clientAddress: string, publicUrl: string): Promise<VerifyEmailStep | CheckEmailStep | FlowError> {
    const { mode, allowedEmailDomains } = this.policy.signUp;
    if (mode === 'none') return { error: 'sign_up_closed' };
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (allowedEmailDomains.length > 0 && !allowedEmailDomains.includes(domain)) return { error: 'email_domain_not_allowed' };
    const refused = await this.verifications.admitSend('sign_up', email, clientAddress);
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };

    const { verification } = this.policy;
    this.background.run(async () => {
      const existing = await this.store.findUserByEmail(email);
      if (existing) {
        await this.mail.send(email, 'signUpExisting', { url: publicUrl }, existing.locale);
      } else if (mode === 'code') {
        const code = await this.verifications.issueCode('sign_up', email);
        if (code.issued) await this.mail.send(email, 'signUpCode', { code: code.secret, minutes: verification.codeTtlSeconds / 60 });
      } else {
        const link = await this.verifications.issueLink('sign_up', email);
        if (link.issued) {
          await this.mail.send(email, 'signUpLink', { url: linkUrl(publicUrl, link.secret), minutes: verification.linkTtlSeconds / 60 });
        }
      }
    });
    return mode === 'code'
      ? { step: 'verify_email', email, codeLength: 6, resendAfterSeconds: verification.resendCooldownSeconds }
      : { step: 'check_email', email };
  }

  /** Seed 004 "Verify Code": a right code is exchanged for a short-lived ticket to choose the password with. */
  async verifyCode(email: string, code: string): Promise<SetPasswordStep | FlowError> {
    const used = await this.verifications.useCode('sign_up', email, code);
    if (!used.ok) return codeFailure(used.reason);
    const ticket = await this.verifications.issueLink('sign_up_ticket', email, { ttlSeconds: ticketTtlSeconds });
    if (!ticket.issued) return { error: 'invalid_code' };
    return { step: 'set_password', purpose: 'sign_up', email, token: ticket.secret };
  }

  /** Creates the account of a proven address (ticket or mailed link); the address counts as verified. */
  async complete(purpose: 'sign_up' | 'sign_up_ticket', token: string, password: string): Promise<{ user: UserRecord } | FlowError> {
    const rules = await this.passwords.failedRules(password);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const used = await this.verifications.useLink([purpose], token);
    if (!used.ok) return linkFailure(used.reason);
    const now = this.clock.now();
    try {
      const user = await this.store.createUser({
        id: this.random.uuid(),
        email: used.record.email,
        passwordHash: await this.hasher.hash(password),
        emailVerifiedAt: now,
        createdAt: now,
      });
      return { user };
    } catch (error) {
      if (error instanceof EmailTakenError) return { error: 'email_taken' };
      throw error;
    }
  }

  /**
   * An account created by the portal (CLI or admin API), without a password: the welcome mail's link starts seed
   * 003's steps. Mailed before answering, so the admin learns of a mail that could not be sent. Throws
   * EmailTakenError when the address has an account.
   */
  async invite(email: string, name: string | undefined, publicUrl: string): Promise<UserRecord> {
    const user = await this.store.createUser({
      id: this.random.uuid(),
      email,
      name: name ?? null,
      passwordHash: null,
      createdAt: this.clock.now(),
    });
    const link = await this.verifications.issueLink('invitation', email, {
      userId: user.id,
      ttlSeconds: this.policy.verification.invitationTtlSeconds,
    });
    if (link.issued) await this.mail.send(email, 'invitation', { url: linkUrl(publicUrl, link.secret) }, user.locale);
    return user;
  }

  /** Seed 003 step 2: the invited person enters their address; the second mail confirms it. */
  async confirmInvitationEmail(token: string, email: string, publicUrl: string): Promise<CheckEmailStep | FlowError> {
    const inspected = await this.verifications.inspectLink(['invitation'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    if (inspected.record.email !== email) return { error: 'email_mismatch' };
    const used = await this.verifications.useLink(['invitation'], token);
    if (!used.ok) return linkFailure(used.reason);
    const link = await this.verifications.issueLink('email_confirmation', email, { userId: used.record.userId });
    if (link.issued) {
      const minutes = this.policy.verification.linkTtlSeconds / 60;
      this.background.send(email, 'emailConfirmation', { url: linkUrl(publicUrl, link.secret), minutes });
    }
    return { step: 'check_email', email };
  }

  /** Seed 003 step 3: the password of an invited account, through the confirmation link. */
  async completeInvitation(token: string, password: string): Promise<{ user: UserRecord } | FlowError> {
    const inspected = await this.verifications.inspectLink(['email_confirmation'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const user = inspected.record.userId ? await this.store.findUserById(inspected.record.userId) : null;
    if (!user) return { error: 'invalid_link' };
    const rules = await this.passwords.failedRules(password, user.passwordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const used = await this.verifications.useLink(['email_confirmation'], token);
    if (!used.ok) return linkFailure(used.reason);
    await this.store.updatePassword(user.id, await this.hasher.hash(password), this.clock.now());
    return { user };
  }
}

/** Every purpose a mailed (or handed-over) link can have. */
export const linkPurposes: VerificationPurpose[] = ['password_reset', 'sign_up', 'sign_up_ticket', 'invitation', 'email_confirmation'];
