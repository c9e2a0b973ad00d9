import type { PasswordRuleId, SignInStep } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Store, UserRecord } from '../ports/store.ts';
import type { BackgroundMail } from './mail/background-mail.ts';
import type { MailService } from './mail/mail-service.ts';
import type { PasswordPolicy } from './password-policy.ts';
import type { SessionService } from './session-service.ts';
import type { SlidingWindowLimiter } from './sliding-window-limiter.ts';
import type { UseFailure, VerificationService } from './verification-service.ts';

export type FlowError =
  | { error: 'rate_limited'; retryAfterSeconds: number }
  | { error: 'weak_password'; rules: PasswordRuleId[] }
  | {
      error:
        | 'invalid_link'
        | 'link_expired'
        | 'invalid_credentials'
        | 'sign_up_closed'
        | 'email_domain_not_allowed'
        | 'invalid_code'
        | 'code_expired'
        | 'too_many_attempts'
        | 'email_mismatch'
        | 'email_taken'
        | 'mfa_expired'
        | 'reauth_required'
        | 'invalid_phone'
        | 'method_not_allowed'
        | 'factor_required'
        | 'customer_id_migrated'
        | 'invalid_personal_number'
        | 'personal_number_taken'
        | 'bankid_unavailable'
        | 'bankid_unknown_user'
        | 'not_found';
    };

/** Where a mailed link leads: the host page with `<portico-auth>`, the token in the fragment (never sent to servers). */
export function linkUrl(publicUrl: string, token: string): string {
  const url = new URL(publicUrl);
  url.hash = `portico-link=${token}`;
  return url.toString();
}

export const linkFailure = (reason: UseFailure): FlowError => ({ error: reason === 'expired' ? 'link_expired' : 'invalid_link' });

/**
 * Forgotten and changed passwords (seed 003). A reset request answers the same for every address and mails only
 * existing users, in the background, so neither the answer nor its timing tells whether an account exists.
 */
export class PasswordFlows {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly passwords: PasswordPolicy,
    private readonly verifications: VerificationService,
    private readonly sessions: SessionService,
    private readonly mail: MailService,
    private readonly background: BackgroundMail,
    /** Wrong current passwords count as failed sign-ins: change-password must not be a way round that limit. */
    private readonly signInFailures: SlidingWindowLimiter,
    private readonly linkTtlMinutes: number,
  ) {}

  async requestReset(email: string, clientAddress: string, publicUrl: string): Promise<FlowError | null> {
    const refused = await this.verifications.admitSend('password_reset', email, clientAddress);
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    this.background.run(async () => {
      const user = await this.store.findUserByEmail(email);
      if (!user) return;
      const link = await this.verifications.issueLink('password_reset', user.email, { userId: user.id });
      if (!link.issued) return;
      await this.mail.send(user.email, 'passwordReset', { url: linkUrl(publicUrl, link.secret), minutes: this.linkTtlMinutes }, user.locale);
    });
    return null;
  }

  /** Sets the password through a reset link: the link works once, and every session of the user ends. */
  async setPasswordWithLink(token: string, password: string): Promise<SignInStep | FlowError> {
    const inspected = await this.verifications.inspectLink(['password_reset'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const user = inspected.record.userId ? await this.store.findUserById(inspected.record.userId) : null;
    if (!user) return { error: 'invalid_link' };
    const rules = await this.passwords.failedRules(password, user.passwordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    // Checked first and used only now, so a weak password does not burn the link.
    const used = await this.verifications.useLink(['password_reset'], token);
    if (!used.ok) return linkFailure(used.reason);
    // Following the mailed link proved the address.
    await this.store.updatePassword(user.id, await this.hasher.hash(password), user.emailVerifiedAt ?? this.clock.now());
    await this.sessions.endAllForUser(user.id);
    this.notifyChanged(user);
    return { step: 'sign_in', notice: 'password_set', identifier: user.email };
  }

  /** Seed 003 "Mina uppgifter": current and new password; every other session of the user ends. */
  async changePassword(
    user: UserRecord,
    currentPassword: string,
    newPassword: string,
    sessionToken: string,
  ): Promise<{ otherSessionsEnded: number } | FlowError> {
    const accountKey = `account:${user.email}`;
    const limit = await this.signInFailures.check([accountKey]);
    if (limit.limited) return { error: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
    if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.signInFailures.record([accountKey]);
      return { error: 'invalid_credentials' };
    }
    const rules = await this.passwords.failedRules(newPassword, user.passwordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    await this.store.updatePassword(user.id, await this.hasher.hash(newPassword));
    const otherSessionsEnded = await this.sessions.endAllForUser(user.id, sessionToken);
    this.notifyChanged(user);
    return { otherSessionsEnded };
  }

  private notifyChanged(user: UserRecord): void {
    this.background.send(user.email, 'passwordChanged', {}, user.locale);
  }
}
