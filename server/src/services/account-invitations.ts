import type { AccountRole, Locale, Policy, SetCredentialsStep, SignInStep } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import {
  EmailTakenError,
  type CustomerAccountRecord,
  type MemberAccount,
  type SessionRecord,
  type Store,
  type UserRecord,
  type VerificationRecord,
} from '../ports/store.ts';
import { type CustomerAccounts, mayManage, seesMembers } from './customer-accounts.ts';
import type { Requester } from './limits/budgets.ts';
import type { Outbox } from './messages/outbox.ts';
import { type FlowError, linkFailure, linkUrl } from './password-flows.ts';
import type { PasswordPolicy } from './password-policy.ts';
import type { SignInService } from './sign-in-service.ts';
import type { VerificationPurpose, VerificationService } from './verification-service.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** The links this service mails; MailedLinks hands their tokens here. */
export const accountLinkPurposes: readonly VerificationPurpose[] = ['account_onboarding', 'account_invitation'];

/** What the link's payload says: the account, and (for an invitation) the role it offers and who offered it. */
interface LinkPayload {
  customerId: string;
  role: AccountRole | null;
}

function payloadOf(record: VerificationRecord): LinkPayload | null {
  const customerId = record.payload?.['customerId'];
  const role = record.payload?.['role'];
  if (typeof customerId !== 'string') return null;
  return { customerId, role: role === 'owner' || role === 'admin' || role === 'member' ? role : null };
}

export type OnboardOutcome = { user: UserRecord; linked: MemberAccount; created: boolean } | { error: 'not_found' } | FlowError;

/**
 * People joining a customer account by a mailed "Confirm" link: order onboarding ("First time logging in":
 * the portal's back end names the address given at the order; the login is created or found and linked at once) and
 * a colleague's invitation (an owner or admin names the address; the link links them when it is followed). Either
 * link leads to "Set credentials" (a password, and the name if the login has none), or, for a login that has a
 * password, that password to confirm; then a confirmation and the sign-in form.
 */
export class AccountInvitations {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy,
    private readonly passwords: PasswordPolicy,
    private readonly verifications: VerificationService,
    private readonly outbox: Outbox,
    private readonly signIn: SignInService,
    private readonly accounts: CustomerAccounts,
    private readonly webhooks: WebhookEvents,
  ) {}

  /** How long a Confirm link of either kind works: as an invitation (days), since an order's mail may wait a while. */
  private get ttlSeconds(): number {
    return this.policy.verification.invitationTtlSeconds;
  }

  private get ttlDays(): number {
    return Math.max(1, Math.round(this.ttlSeconds / 86_400));
  }

  /**
   * Onboards an order's address: finds or creates the login, links it to the account (`role`, or owner when the
   * account has none), and mails the Confirm link, all in one transaction. The customer ID then no longer signs in by
   * itself, and the account's main contact is told of the new login. Limited per address only: the admin API is the
   * portal's back end, not one client address.
   */
  async onboard(
    customerId: string,
    input: { email: string; name?: string | undefined; role?: AccountRole | undefined; locale?: Locale | undefined },
    publicUrl: string,
  ): Promise<OnboardOutcome> {
    const account = await this.store.findCustomerAccount(customerId);
    if (!account) return { error: 'not_found' };
    const refused = await this.verifications.admitSend('account_onboarding', input.email, { byAdmin: true });
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    try {
      return await this.outbox.commit(async (store) => {
        const now = this.clock.now();
        let user = await store.findUserByEmail(input.email);
        const created = user === null;
        if (!user) {
          user = await store.createUser({
            id: this.random.uuid(),
            email: input.email,
            name: input.name ?? null,
            locale: input.locale ?? null,
            passwordHash: null,
            createdAt: now,
          });
          await this.webhooks.userCreated(store, user, 'onboarding');
        }
        const role = await this.accounts.linkIn(store, account, user, input.role ?? null, 'onboarding');
        const link = await this.verifications.issueLink('account_onboarding', user.email, {
          userId: user.id,
          payload: { customerId: account.customerId },
          ttlSeconds: this.ttlSeconds,
          store,
        });
        const params = {
          url: linkUrl(publicUrl, link.secret),
          days: this.ttlDays,
          customerId: account.customerId,
          accountName: account.name,
          existingLogin: user.passwordHash !== null,
        };
        await this.outbox.mail(store, user.email, 'accountOnboarding', params, user.locale ?? input.locale);
        return { user, linked: { account, role }, created };
      });
    } catch (error) {
      // Created by someone else between the look-up and the insert: the next try finds them.
      if (error instanceof EmailTakenError) return { error: 'email_taken' };
      throw error;
    }
  }

  /**
   * An owner or admin of the session's active account invites `email` with `role` (an admin never as owner). The
   * answer is the same whether or not the address has a login; someone who already works in the account is told so.
   */
  async invite(
    record: SessionRecord,
    inviter: UserRecord,
    email: string,
    role: AccountRole,
    requester: Requester,
    publicUrl: string,
    locale?: Locale,
  ): Promise<FlowError | null> {
    const actor = record.activeAccount ? await this.store.findUserAccount(record.userId, record.activeAccount) : null;
    if (!actor) return { error: 'no_active_account' };
    if (!seesMembers(actor.role) || !mayManage(actor.role, 'member', role)) return { error: 'role_forbidden' };
    const existing = await this.store.findUserByEmail(email);
    if (existing && (await this.store.findUserAccount(existing.id, actor.account.customerId))) return { error: 'already_member' };
    const refused = await this.verifications.admitSend(
      'account_invitation',
      email,
      { userId: inviter.id, address: requester.address },
      { cooldownKey: `${actor.account.customerId}:${email}` },
    );
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    const { account } = actor;
    await this.outbox.commit(async (store) => {
      const link = await this.verifications.issueLink('account_invitation', email, {
        userId: existing?.id ?? null,
        payload: { customerId: account.customerId, role, invitedBy: inviter.id },
        ttlSeconds: this.ttlSeconds,
        store,
      });
      const params = {
        url: linkUrl(publicUrl, link.secret),
        days: this.ttlDays,
        customerId: account.customerId,
        accountName: account.name,
        inviter: inviter.name ?? inviter.email,
      };
      await this.outbox.mail(store, email, 'accountInvitation', params, existing?.locale ?? locale);
    });
    return null;
  }

  /** What one of these links leads to (without using it): Set credentials, or the login's password to confirm. */
  async inspect(record: VerificationRecord, token: string): Promise<SetCredentialsStep | FlowError> {
    const opened = await this.opened(record);
    if ('error' in opened) return opened;
    const { account, user } = opened;
    const existingLogin = user?.passwordHash != null;
    return {
      step: 'set_credentials',
      purpose: record.purpose === 'account_onboarding' ? 'onboarding' : 'account_invitation',
      email: record.email,
      customerId: account.customerId,
      accountName: account.name,
      existingLogin,
      askName: !existingLogin && !user?.name,
      token,
    };
  }

  /**
   * Sets the credentials the link is for: a login with a password confirms with it (a wrong one counts as a failed
   * sign-in); otherwise the password (under the policy) and, where the login has none, the name. An invitation links
   * the person now. Ends on the sign-in form with a confirmation.
   */
  async setCredentials(token: string, password: string, name: string | undefined, requester: Requester, locale?: Locale): Promise<SignInStep | FlowError> {
    const inspected = await this.verifications.inspectLink(accountLinkPurposes, token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const { record } = inspected;
    const opened = await this.opened(record);
    if ('error' in opened) return opened;
    const { account, user, payload } = opened;

    if (user?.passwordHash) {
      const checked = await this.signIn.signIn(user.email, password, requester);
      if (checked.outcome === 'rate_limited') return { error: 'rate_limited', retryAfterSeconds: checked.retryAfterSeconds };
      if (checked.outcome === 'locked') return { error: 'account_locked' };
      if (checked.outcome !== 'signed_in') return { error: 'invalid_credentials' };
      const used = await this.verifications.useLink(accountLinkPurposes, token);
      if (!used.ok) return linkFailure(used.reason);
      await this.outbox.commit((store) => this.joinOnAcceptance(store, record, account, user, payload));
      return { step: 'sign_in', notice: 'account_linked', identifier: user.email };
    }

    if (!(await this.verifications.takeLinkTry(record))) return { error: 'invalid_link' };
    if (!user?.name && !name) return { error: 'name_required' };
    const rules = await this.passwords.failedRules(password);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const used = await this.verifications.useLink(accountLinkPurposes, token);
    if (!used.ok) return linkFailure(used.reason);
    const hash = await this.hasher.hash(password);
    try {
      await this.outbox.commit(async (store) => {
        const now = this.clock.now();
        let person: UserRecord;
        if (user) {
          await store.updatePassword(user.id, hash, now);
          person = (name && !user.name ? await store.updateName(user.id, name) : null) ?? user;
          await this.webhooks.emit(store, 'password.changed', { userId: user.id, email: user.email, reason: 'first_set' });
          if (!user.emailVerifiedAt) await this.webhooks.emit(store, 'user.email_verified', { userId: user.id, email: user.email });
        } else {
          person = await store.createUser({
            id: this.random.uuid(),
            email: record.email,
            name: name ?? null,
            locale: locale ?? null,
            passwordHash: hash,
            emailVerifiedAt: now,
            createdAt: now,
          });
          await this.webhooks.userCreated(store, person, 'account_invitation');
        }
        await this.joinOnAcceptance(store, record, account, person, payload);
      });
    } catch (error) {
      if (error instanceof EmailTakenError) return { error: 'email_taken' };
      throw error;
    }
    return { step: 'sign_in', notice: 'registered', identifier: record.email };
  }

  /** The account and login behind a link, while the link still leads somewhere. */
  private async opened(record: VerificationRecord): Promise<{ account: CustomerAccountRecord; user: UserRecord | null; payload: LinkPayload } | FlowError> {
    const payload = payloadOf(record);
    const account = payload ? await this.store.findCustomerAccount(payload.customerId) : null;
    if (!payload || !account) return { error: 'invalid_link' };
    const user = record.userId ? await this.store.findUserById(record.userId) : await this.store.findUserByEmail(record.email);
    // A disabled login is kept out of every way in, accounts' links included.
    if (user?.disabledAt) return { error: 'invalid_link' };
    if (record.purpose === 'account_onboarding') {
      // Onboarding linked the login already; removed since, the link no longer leads into the account.
      if (!user || !(await this.store.findUserAccount(user.id, account.customerId))) return { error: 'invalid_link' };
    }
    return { account, user, payload };
  }

  /** An invitation links its person, in `store`, when it is accepted (onboarding linked them when it was sent). */
  private async joinOnAcceptance(
    store: Store,
    record: VerificationRecord,
    account: CustomerAccountRecord,
    user: UserRecord,
    payload: LinkPayload,
  ): Promise<void> {
    if (record.purpose !== 'account_invitation') return;
    await this.accounts.linkIn(store, account, user, payload.role ?? 'member', 'account_invitation');
  }
}
