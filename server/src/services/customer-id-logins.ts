import type {
  AccountRole,
  CheckEmailStep,
  LinkCustomerIdResponse,
  Locale,
  RegisterEmailStep,
  SetCredentialsStep,
  SetPasswordStep,
  SignInStep,
} from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import {
  type CustomerAccountRecord,
  EmailTakenError,
  type MemberAccount,
  type MigratingMember,
  type Store,
  type UserRecord,
  type VerificationRecord,
} from '../ports/store.ts';
import { tellOfNewLogin, toCustomerAccount, toSessionAccounts } from './customer-accounts.ts';
import type { Requester } from './limits/budgets.ts';
import type { Outbox } from './messages/outbox.ts';
import { type FlowError, linkFailure, linkUrl } from './password-flows.ts';
import type { PasswordPolicy } from './password-policy.ts';
import type { SessionService, SignedInSession } from './session-service.ts';
import type { SignInService } from './sign-in-service.ts';
import type { VerificationPurpose, VerificationService } from './verification-service.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** How long the ticket of a right customer-ID password stays usable for registering an e-mail address. */
const ticketTtlSeconds = 15 * 60;

/** The links this flow mails; MailedLinks hands their tokens here. */
export const customerIdLinkPurposes: readonly VerificationPurpose[] = ['customer_id_reset', 'customer_id_registration', 'customer_id_link'];
const credentialPurposes: readonly VerificationPurpose[] = ['customer_id_registration', 'customer_id_link'];

/** The customer ID a registration or link secret is for (kept in its payload). */
function payloadCustomerId(record: VerificationRecord): string | null {
  const value = record.payload?.['customerId'];
  return typeof value === 'string' ? value : null;
}

/**
 * Old customer-ID logins moving to e-mail logins (customer-ID migration). The ten steps: a password reset by customer ID, mailed
 * to the account's main contact; a new customer-ID password; signing in with it, which asks for a user e-mail
 * address; a verification link to that address; the credentials of the e-mail login (a new password, different from
 * the customer ID's, or, for an address that has a login already, that login's password); then the e-mail login is
 * the way in and the customer ID alone no longer signs in. A signed-in user can also link an account by proving its
 * customer-ID login. Every answer to a request that mails someone is the same whether or not anything is mailed.
 */
export class CustomerIdLogins {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly passwords: PasswordPolicy,
    private readonly verifications: VerificationService,
    private readonly outbox: Outbox,
    private readonly signIn: SignInService,
    private readonly linkTtlMinutes: number,
    /** policy.customerIdLogin: without it, customer IDs neither sign in nor get resets; linked accounts still work. */
    readonly enabled: boolean,
    private readonly webhooks: WebhookEvents,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Steps 1–2: the reset link goes to the main contact of an ID that still signs in by itself; nobody is told which,
   * and an unknown or migrated ID gets the same work done (a link nobody receives, a message never sent). The mail is
   * in `locale`, the language of the page it was asked on: a main contact is an account's address, with no language
   * of its own.
   */
  async requestReset(customerId: string, requester: Requester, publicUrl: string, locale?: Locale): Promise<FlowError | null> {
    const refused = await this.verifications.admitSend('customer_id_reset', customerId, { address: requester.address });
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    await this.outbox.commit(async (store) => {
      const account = await store.findCustomerAccount(customerId);
      if (!account || account.migratedAt) {
        await this.verifications.decoyLink('customer_id_reset', customerId, { store });
        await this.outbox.decoy(store, 'email', customerId, 'customerIdPasswordReset');
        return;
      }
      const link = await this.verifications.issueLink('customer_id_reset', customerId, { store });
      const params = { url: linkUrl(publicUrl, link.secret), minutes: this.linkTtlMinutes, customerId };
      await this.outbox.mail(store, account.mainContactEmail, 'customerIdPasswordReset', params, locale);
    });
    return null;
  }

  /** What one of this flow's mailed links leads to (without using it). */
  async inspect(record: VerificationRecord, token: string): Promise<SetPasswordStep | SetCredentialsStep | FlowError> {
    if (record.purpose === 'customer_id_reset') {
      const account = await this.liveAccount(record.email);
      if ('error' in account) return account;
      return { step: 'set_password', purpose: 'customer_id_reset', email: account.mainContactEmail, customerId: account.customerId, token };
    }
    const account = await this.liveAccount(payloadCustomerId(record));
    if ('error' in account) return account;
    return {
      step: 'set_credentials',
      purpose: 'customer_id_migration',
      email: record.email,
      customerId: account.customerId,
      existingLogin: record.purpose === 'customer_id_link',
      askName: false,
      token,
    };
  }

  /** Step 3: the customer ID's new password; then it signs in by itself (step 4). */
  async setPasswordWithLink(token: string, password: string): Promise<SignInStep | FlowError> {
    const inspected = await this.verifications.inspectLink(['customer_id_reset'], token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const account = await this.liveAccount(inspected.record.email);
    if ('error' in account) return account;
    if (!(await this.verifications.takeLinkTry(inspected.record))) return { error: 'invalid_link' };
    const rules = await this.passwords.failedRules(password, account.legacyPasswordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const used = await this.verifications.useLink(['customer_id_reset'], token);
    if (!used.ok) return linkFailure(used.reason);
    if (!(await this.store.setLegacyPassword(account.customerId, await this.hasher.hash(password)))) return { error: 'customer_id_migrated' };
    // The reset proved the main contact's mailbox: the ID's failures are forgiven, a lock lifted.
    await this.signIn.resetFailures(account.customerId);
    return { step: 'sign_in', notice: 'password_set', identifier: account.customerId };
  }

  /** Step 5: a right customer-ID password earns a short-lived ticket for registering a user e-mail address. */
  async registerEmailStep(account: CustomerAccountRecord): Promise<RegisterEmailStep> {
    const ticket = await this.verifications.issueLink('customer_id_sign_in', account.customerId, { ttlSeconds: ticketTtlSeconds });
    return { step: 'register_email', customerId: account.customerId, token: ticket.secret };
  }

  /**
   * Steps 6–7: the verification link goes to the address. The ticket stays usable until it expires, so a mistyped
   * address can be corrected. An address with a login gets a link that adds the ID to that login instead, and the
   * answer is the same either way. The mail is in the language of the address's login if it has one, else in
   * `locale`, the page's.
   */
  async registerEmail(token: string, email: string, requester: Requester, publicUrl: string, locale?: Locale): Promise<CheckEmailStep | FlowError> {
    const ticket = await this.verifications.inspectLink(['customer_id_sign_in'], token);
    if (!ticket.ok) return linkFailure(ticket.reason);
    const account = await this.liveAccount(ticket.record.email);
    if ('error' in account) return account;
    // The cooldown is per customer ID and address: linking a second ID to the same address need not wait for it.
    const refused = await this.verifications.admitSend(
      'customer_id_registration',
      email,
      { address: requester.address },
      { cooldownKey: `${account.customerId}:${email}` },
    );
    if (refused) return { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
    const { customerId } = account;
    await this.outbox.commit(async (store) => {
      const existing = await store.findUserByEmail(email);
      const purpose = existing ? 'customer_id_link' : 'customer_id_registration';
      const link = await this.verifications.issueLink(purpose, email, { userId: existing?.id ?? null, payload: { customerId }, store });
      const params = { url: linkUrl(publicUrl, link.secret), minutes: this.linkTtlMinutes, customerId };
      await this.outbox.mail(store, email, existing ? 'customerIdLink' : 'customerIdRegistration', params, existing?.locale ?? locale);
    });
    return { step: 'check_email', email };
  }

  /**
   * Steps 8–9. A new address gets its login with a password that must differ from the customer ID's (`notCurrent`);
   * an address with a login confirms with that login's password (a wrong one counts as a failed sign-in) and gets
   * no second password. Either way the ID is linked and stops signing in by itself. A new login's language is
   * `locale`, the page's; an existing one's follows at the sign-in that comes next.
   */
  async setCredentials(token: string, password: string, requester: Requester, locale?: Locale): Promise<SignInStep | FlowError> {
    const inspected = await this.verifications.inspectLink(credentialPurposes, token);
    if (!inspected.ok) return linkFailure(inspected.reason);
    const { record } = inspected;
    const account = await this.liveAccount(payloadCustomerId(record));
    if ('error' in account) return account;

    if (record.purpose === 'customer_id_link') {
      const user = record.userId ? await this.store.findUserById(record.userId) : null;
      if (!user) return { error: 'invalid_link' };
      const checked = await this.signIn.signIn(user.email, password, requester);
      if (checked.outcome === 'rate_limited') return { error: 'rate_limited', retryAfterSeconds: checked.retryAfterSeconds };
      if (checked.outcome === 'locked') return { error: 'account_locked' };
      if (checked.outcome !== 'signed_in') return { error: 'invalid_credentials' };
      return this.migrate(token, account, { userId: user.id }, 'account_linked', user.email);
    }

    if (!(await this.verifications.takeLinkTry(record))) return { error: 'invalid_link' };
    const rules = await this.passwords.failedRules(password, account.legacyPasswordHash);
    if (rules.length > 0) return { error: 'weak_password', rules };
    const now = this.clock.now();
    const newUser = {
      id: this.random.uuid(),
      email: record.email,
      passwordHash: await this.hasher.hash(password),
      locale: locale ?? null,
      emailVerifiedAt: now,
      createdAt: now,
    };
    return this.migrate(token, account, { newUser }, 'registered', record.email);
  }

  /**
   * `linkToUser` from the profile, in the session `signedIn`: the account linked, and the session's accounts as they
   * are after it (a session that worked in no account works in the new one, see SessionService.joinedAccount).
   */
  async linkToSession(signedIn: SignedInSession, customerId: string, password: string, requester: Requester): Promise<LinkCustomerIdResponse | FlowError> {
    const linked = await this.linkToUser(signedIn.user, customerId, password, requester);
    if ('error' in linked) return linked;
    const accounts = await this.sessions.joinedAccount(signedIn.token, signedIn.record, linked.account.customerId);
    return { account: toCustomerAccount(linked), ...toSessionAccounts(accounts) };
  }

  /**
   * A signed-in user links an account by its customer-ID login (the ID and its password, in the sign-in failure
   * budget). The ID then belongs to the user's e-mail login, as after step 9.
   */
  private async linkToUser(user: UserRecord, customerId: string, password: string, requester: Requester): Promise<MemberAccount | FlowError> {
    const checked = await this.signIn.signInWithCustomerId(customerId, password, requester);
    switch (checked.outcome) {
      case 'rate_limited':
        return { error: 'rate_limited', retryAfterSeconds: checked.retryAfterSeconds };
      case 'locked':
        return { error: 'account_locked' };
      case 'customer_id_migrated':
        return { error: 'customer_id_migrated' };
      case 'customer_id': {
        const role = await this.migrateAndTell(checked.account, { userId: user.id }, 'customer_id_login');
        if (role === null) return { error: 'customer_id_migrated' };
        return { account: checked.account, role };
      }
      default:
        return { error: 'invalid_credentials' };
    }
  }

  /** Uses the link, then migrates the ID to the login; the link is checked before, so a refusal does not burn it. */
  private async migrate(
    token: string,
    account: CustomerAccountRecord,
    member: MigratingMember,
    notice: 'registered' | 'account_linked',
    email: string,
  ): Promise<SignInStep | FlowError> {
    const used = await this.verifications.useLink(credentialPurposes, token);
    if (!used.ok) return linkFailure(used.reason);
    try {
      if ((await this.migrateAndTell(account, member, 'customer_id_migration')) === null) return { error: 'customer_id_migrated' };
    } catch (error) {
      if (error instanceof EmailTakenError) return { error: 'email_taken' };
      throw error;
    }
    return { step: 'sign_in', notice, identifier: email };
  }

  /**
   * Moves the ID to the login (Store.migrateCustomerAccount) and, in the same transaction, tells host back ends of the
   * link, and of the new user if one was created. The member's role in the account; null when the ID had migrated
   * already.
   */
  private migrateAndTell(
    account: CustomerAccountRecord,
    member: MigratingMember,
    via: 'customer_id_migration' | 'customer_id_login',
  ): Promise<AccountRole | null> {
    return this.outbox.commit(async (store) => {
      const role = await store.migrateCustomerAccount(account.customerId, member, this.clock.now());
      if (role === null) return null;
      const user = await store.findUserById('newUser' in member ? member.newUser.id : member.userId);
      if (!user) return role;
      if ('newUser' in member) await this.webhooks.userCreated(store, user, 'customer_id_migration');
      const data = { userId: user.id, email: user.email, customerId: account.customerId, accountName: account.name, via, role };
      await this.webhooks.emit(store, 'customer_account.linked', data);
      await tellOfNewLogin(this.outbox, store, account, user);
      return role;
    });
  }

  /** The account behind a secret, if it still signs in by itself. */
  private async liveAccount(customerId: string | null): Promise<CustomerAccountRecord | FlowError> {
    const account = customerId ? await this.store.findCustomerAccount(customerId) : null;
    if (!account) return { error: 'invalid_link' };
    if (account.migratedAt) return { error: 'customer_id_migrated' };
    return account;
  }
}
