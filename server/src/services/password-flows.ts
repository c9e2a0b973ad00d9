import type { Locale, PasswordRuleId, SignInStep } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { SessionRecord, Store } from '../ports/store.ts';
import type { Requester } from './limits/budgets.ts';
import type { Outbox } from './messages/outbox.ts';
import { limitFailure } from './mfa/mfa-sign-in.ts';
import type { PasswordPolicy } from './password-policy.ts';
import type { SessionService, SignedInSession } from './session-service.ts';
import type { SignInService } from './sign-in-service.ts';
import { rememberLocale } from './user-service.ts';
import type { UseFailure, VerificationService } from './verification-service.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

export type FlowError =
  | { error: 'rate_limited'; retryAfterSeconds: number }
  | { error: 'weak_password'; rules: PasswordRuleId[] }
  | {
      error:
        | 'invalid_link'
        | 'link_expired'
        | 'invalid_credentials'
        | 'account_locked'
        | 'sign_up_closed'
        | 'email_domain_not_allowed'
        | 'invalid_code'
        | 'code_expired'
        | 'too_many_attempts'
        | 'email_mismatch'
        | 'email_taken'
        | 'already_member'
        | 'name_required'
        | 'mfa_expired'
        | 'reauth_required'
        | 'invalid_phone'
        | 'method_not_allowed'
        | 'factor_required'
        | 'passkey_unknown'
        | 'passkey_invalid'
        | 'passkey_expired'
        | 'passkey_taken'
        | 'customer_id_migrated'
        | 'role_forbidden'
        | 'last_owner'
        | 'no_active_account'
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
 * Forgotten and changed passwords (leasing portal). A reset request answers the same for every address, and does the same
 * work for every address: for one without an account it stores a secret nobody receives and queues a message that
 * never goes out, so neither the answer nor its timing (nor the work left for later) tells whether an account exists.
 */
export class PasswordFlows {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly passwords: PasswordPolicy,
    private readonly verifications: VerificationService,
    private readonly sessions: SessionService,
    private readonly outbox: Outbox,
    /** Wrong current passwords count as failed sign-ins: change-password must not be a way round those budgets. */
    private readonly signIn: SignInService,
    private readonly linkTtlMinutes: number,
    private readonly webhooks: WebhookEvents,
  ) {}

  /**
   * `locale`, the language of the page the reset was asked on, is the mail's only for a user without a language of
   * their own: anyone can ask for anyone's reset, and the mail is for the owner of the account, in the language they
   * last used, not in the one of whoever asked (the link's page then speaks the page's language anyway).
   */
  async requestReset(email: string, requester: Requester, publicUrl: string, locale?: Locale): Promise<FlowError | null> {
    const refused = await this.verifications.admitSend('password_reset', email, { address: requester.address });
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    await this.outbox.commit(async (store) => {
      const user = await store.findUserByEmail(email);
      // A disabled login gets no reset (it could not sign in with it), and the asker sees no difference.
      if (!user || user.disabledAt) {
        await this.verifications.decoyLink('password_reset', email, { store });
        await this.outbox.decoy(store, 'email', email, 'passwordReset');
        return;
      }
      const link = await this.verifications.issueLink('password_reset', user.email, { userId: user.id, store });
      await this.outbox.mail(store, user.email, 'passwordReset', { url: linkUrl(publicUrl, link.secret), minutes: this.linkTtlMinutes }, user.locale ?? locale);
    });
    return null;
  }

  /**
   * Sets the password through a reset link. In one transaction: the link is used (once, whoever comes first), every
   * session of the user ends, and, since someone else may have had the old password, so does every trust given with
   * it: trusted devices skip the second step no more, and browsers that signed in lose their own failure budget.
   * The account's failed sign-ins are forgiven (the reset proved the mailbox). The owner is told, in `locale`, the
   * language they chose the password in, which is remembered as theirs.
   */
  async setPasswordWithLink(token: string, password: string, locale?: Locale): Promise<SignInStep | FlowError> {
    const inspected = await this.verifications.inspectLink(['password_reset'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const user = inspected.record.userId ? await this.store.findUserById(inspected.record.userId) : null;
    // A link mailed before the login was disabled sets nothing.
    if (!user || user.disabledAt) return { error: 'invalid_link' };
    if (!(await this.verifications.takeLinkTry(inspected.record))) return { error: 'invalid_link' };
    const rules = await this.passwords.failedRules(password, user.passwordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const hash = await this.hasher.hash(password);
    // Checked first and used only now, so a weak password does not burn the link.
    const used = await this.outbox.commit(async (store) => {
      const link = await this.verifications.useLink(['password_reset'], token, store);
      if (!link.ok) return link;
      // Following the mailed link proved the address.
      await store.updatePassword(user.id, hash, user.emailVerifiedAt ?? this.clock.now());
      // An invited user who never chose a password may choose one here too.
      await this.webhooks.emit(store, 'password.changed', { userId: user.id, email: user.email, reason: user.passwordHash === null ? 'first_set' : 'reset' });
      if (!user.emailVerifiedAt) await this.webhooks.emit(store, 'user.email_verified', { userId: user.id, email: user.email });
      await this.sessions.endUserSessions(store, user.id, undefined, 'password_reset');
      const trustedDevicesForgotten = await store.deleteUserTrustedDevices(user.id);
      await store.deleteUserKnownBrowsers(user.id);
      // Half-finished sign-ins with the old password, and factor setups they opened, go too.
      await store.deleteUserMfaChallenges(user.id);
      const owner = await rememberLocale(store, this.webhooks, user, locale);
      await this.outbox.mail(store, user.email, 'passwordChanged', { reset: true, trustedDevicesForgotten }, owner.locale);
      return link;
    });
    if (!used.ok) return linkFailure(used.reason);
    await this.signIn.resetFailures(user.email);
    return { step: 'sign_in', notice: 'password_set', identifier: user.email };
  }

  /**
   * The leasing portal's "Mina uppgifter": current and new password, in the session `signedIn`. Every other session of
   * the user ends, and so does every browser's standing as a known browser (a browser that signed in with the old
   * password keeps no budget of its own). This session goes on under a new token and the new credentials (its
   * lifetime, active account and re-authentication stay), renewed in the same transaction as the password changes: a
   * request of this browser sees either the old password and token or the new ones, never a changed password with
   * the old token still standing or already refused. `locale`, the page's language, becomes the user's, the notice of
   * the change included. Throws SessionRenewedError when another request renewed the session meanwhile (two changes
   * at once); the transaction then rolls back, password included, in the SQL stores (the mock's memory store has no
   * rollback: there the password is changed all the same).
   */
  async changePassword(
    signedIn: SignedInSession,
    currentPassword: string,
    newPassword: string,
    requester: Requester,
    locale?: Locale,
  ): Promise<{ otherSessionsEnded: number; session: { token: string; record: SessionRecord } } | FlowError> {
    // Acting under "My details" in a language makes it theirs, whatever comes of the change.
    const speaksAlready = locale === undefined || locale === signedIn.user.locale;
    const user = speaksAlready ? signedIn.user : await this.webhooks.commit((store) => rememberLocale(store, this.webhooks, signedIn.user, locale));
    const reserved = await this.signIn.reserveTry(user.email, requester, user.id);
    if (!('reservation' in reserved)) return limitFailure(reserved);
    if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, currentPassword))) return { error: 'invalid_credentials' };
    await reserved.reservation.release();
    const rules = await this.passwords.failedRules(newPassword, user.passwordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const hash = await this.hasher.hash(newPassword);
    return this.outbox.commit(async (store) => {
      const credentialVersion = (await store.updatePassword(user.id, hash)) ?? user.credentialVersion + 1;
      // Renewed in the same transaction: of two changes at once, the one that fails to renew rolls its password back.
      const session = await this.sessions.renew(signedIn.token, signedIn.record, { credentialVersion, store });
      const otherSessionsEnded = await this.sessions.endAllForUser(user.id, session.token, store, 'password_changed');
      await this.webhooks.emit(store, 'password.changed', { userId: user.id, email: user.email, reason: 'changed' });
      await store.deleteUserKnownBrowsers(user.id);
      await this.outbox.mail(store, user.email, 'passwordChanged', { reset: false, trustedDevicesForgotten: 0 }, user.locale);
      return { otherSessionsEnded, session };
    });
  }
}
