import {
  type AccountMember,
  type AccountMembers,
  type AccountRole,
  type ActivityPage,
  type CustomerAccount,
  type CustomerAccountSummary,
  normalizeEmail,
} from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type {
  AccountMemberRecord,
  CustomerAccountRecord,
  MemberAccount,
  MemberChange,
  MemberChangeOutcome,
  SessionAccount,
  SessionRecord,
  Store,
  UserRecord,
} from '../ports/store.ts';
import type { ActivityLog } from './activity-log.ts';
import type { Outbox } from './messages/outbox.ts';
import type { FlowError } from './password-flows.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** What an administrator is told of an account: never the main contact or the legacy password. */
export function toAccountSummary(record: CustomerAccountRecord): CustomerAccountSummary {
  return { customerId: record.customerId, name: record.name };
}

/** What a user may see of an account they are linked to, with their role in it. */
export function toCustomerAccount(linked: MemberAccount): CustomerAccount {
  return { ...toAccountSummary(linked.account), role: linked.role };
}

const roleOrder: Record<AccountRole, number> = { owner: 0, admin: 1, member: 2 };

/**
 * Whether someone with `actor`'s role may give `target` the role `to` (null: remove them). Owners may do anything
 * (the store keeps the last owner); admins manage admins and members, never an owner nor to make one; members nothing.
 */
export function mayManage(actor: AccountRole, target: AccountRole, to: AccountRole | null): boolean {
  if (actor === 'owner') return true;
  if (actor === 'admin') return target !== 'owner' && to !== 'owner';
  return false;
}

/** Whether someone with this role sees the account's people (and may invite). */
export function seesMembers(role: AccountRole): boolean {
  return role === 'owner' || role === 'admin';
}

/**
 * Mails the account's main contact and its owners, in the transaction of the linking, that a login was added to the
 * account, by any path (an admin, an order's onboarding, an accepted invitation, a customer-ID migration, a
 * customer-ID login proven under My details), so that a link nobody there expected is noticed. The new person is not
 * told of themselves. The main contact has no language of its own (the policy's); an owner gets theirs.
 */
export async function tellOfNewLogin(outbox: Outbox, store: Store, account: CustomerAccountRecord, newLogin: UserRecord): Promise<void> {
  const params = { customerId: account.customerId, accountName: account.name, email: newLogin.email };
  const told = new Set([newLogin.email]);
  if (!told.has(account.mainContactEmail)) await outbox.mail(store, account.mainContactEmail, 'accountLoginAdded', params);
  told.add(account.mainContactEmail);
  for (const member of await store.listAccountMembers(account.customerId)) {
    if (member.role !== 'owner' || told.has(member.user.email)) continue;
    told.add(member.user.email);
    await outbox.mail(store, member.user.email, 'accountLoginAdded', params, member.user.locale ?? undefined);
  }
}

/** The accounts of a session's user (by name) and the session's active one, as the API shows them. */
export interface SessionAccounts {
  activeAccount: CustomerAccount | null;
  accounts: CustomerAccount[];
}

/** A session's accounts as the store lists them (`SessionStore.listSessionAccounts`), as the API shows them. */
export function toSessionAccounts(rows: readonly SessionAccount[]): SessionAccounts {
  const active = rows.find((row) => row.active);
  return { activeAccount: active ? toCustomerAccount(active) : null, accounts: rows.map(toCustomerAccount) };
}

export type LinkOutcome = { linked: MemberAccount } | { error: 'unknown_user' | 'unknown_account' };

/** Why a change to an account's people was refused. */
export type MemberFlowError = FlowError & { error: 'no_active_account' | 'role_forbidden' | 'last_owner' | 'not_found' };

/** Customer accounts (order onboarding, customer-ID migration): creating them, linking users, and the account a session works in. */
export class CustomerAccounts {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
    private readonly outbox: Outbox,
    private readonly activityLog: ActivityLog,
  ) {}

  /**
   * Throws CustomerIdTakenError if the ID exists. `customerId` is already in the legacy format (the contract's
   * CustomerId); a legacy password must already satisfy the policy.
   */
  async create(input: { customerId: string; name: string; mainContactEmail: string; legacyPassword?: string | undefined }): Promise<CustomerAccountRecord> {
    return this.store.createCustomerAccount({
      customerId: input.customerId,
      name: input.name,
      mainContactEmail: normalizeEmail(input.mainContactEmail),
      legacyPasswordHash: input.legacyPassword === undefined ? null : await this.hasher.hash(input.legacyPassword),
      createdAt: this.clock.now(),
    });
  }

  /**
   * Links the user with this e-mail to the account; linking twice is harmless. The account's customer ID then has an
   * e-mail login, and stops signing in (and getting resets) by itself, as after its migration: otherwise whoever
   * holds the main contact's mailbox could still reset it and attach a login of their own.
   */
  async link(customerId: string, email: string, role: AccountRole | null = null): Promise<LinkOutcome> {
    const [user, account] = await Promise.all([this.store.findUserByEmail(normalizeEmail(email)), this.store.findCustomerAccount(customerId)]);
    if (!user) return { error: 'unknown_user' };
    if (!account) return { error: 'unknown_account' };
    const linkedRole = await this.outbox.commit((store) => this.linkIn(store, account, user, role, 'admin'));
    return { linked: { account, role: linkedRole } };
  }

  /**
   * Links `user` to `account` in `store` (the caller's transaction), by any path but the customer-ID migration: the
   * customer ID stops signing in by itself, host back ends hear of the link and the main contact and owners are
   * mailed. `role` null: owner if the account has none. Linking twice changes nothing (not the role either) and is
   * not told twice. Answers the person's role in the account.
   */
  async linkIn(
    store: Store,
    account: CustomerAccountRecord,
    user: UserRecord,
    role: AccountRole | null,
    via: 'admin' | 'onboarding' | 'account_invitation',
  ): Promise<AccountRole> {
    const now = this.clock.now();
    await store.closeCustomerIdLogin(account.customerId, now);
    const given = await store.linkAccountMember(user.id, account.customerId, now, role);
    if (given === null) return (await store.findUserAccount(user.id, account.customerId))?.role ?? 'member';
    const data = { userId: user.id, email: user.email, customerId: account.customerId, accountName: account.name, via, role: given };
    await this.webhooks.emit(store, 'customer_account.linked', data);
    await tellOfNewLogin(this.outbox, store, account, user);
    return given;
  }

  /**
   * An administrator unlinks a login from an account (its login stays; a session of theirs working in the account
   * works in none). The account keeps an owner: the last one is refused.
   */
  async unlinkByAdmin(customerId: string, email: string): Promise<'unlinked' | 'unknown_user' | 'not_member' | 'last_owner'> {
    const user = await this.store.findUserByEmail(normalizeEmail(email));
    if (!user) return 'unknown_user';
    const change: MemberChange = { customerId, userId: user.id, actorUserId: null, may: () => true };
    const outcome = await this.webhooks.commit((store) => this.removeAndTell(store, change, null));
    if (outcome === 'forbidden') throw new Error('an administrator may unlink anyone');
    return typeof outcome === 'string' ? outcome : 'unlinked';
  }

  /** The active account's people as its owners and admins see them; a member is refused. */
  async members(record: SessionRecord): Promise<AccountMembers | MemberFlowError> {
    const actor = await this.actorIn(record);
    if ('error' in actor) return actor;
    if (!seesMembers(actor.role)) return { error: 'role_forbidden' };
    const rows = await this.store.listAccountMembers(actor.account.customerId);
    return { account: toCustomerAccount(actor), members: rows.map((row) => toAccountMember(row, record.userId)).sort(byRoleThenName) };
  }

  /** The active account's activity log, for its owners only, naming its people, in `locale`. */
  async activity(record: SessionRecord, query: { before?: string | undefined; limit: number }, locale: string): Promise<ActivityPage | MemberFlowError> {
    const actor = await this.actorIn(record);
    if ('error' in actor) return actor;
    if (actor.role !== 'owner') return { error: 'role_forbidden' };
    return this.activityLog.page({ customerId: actor.account.customerId }, query, locale, { namePeople: true });
  }

  /** Gives someone of the active account another role, as the actor's role allows; answers the people as they are now. */
  async changeRole(record: SessionRecord, userId: string, role: AccountRole): Promise<AccountMembers | MemberFlowError> {
    return this.changeMember(record, userId, role, async (store, change) => {
      const outcome = await store.setAccountMemberRole(change, role);
      if (typeof outcome === 'string' || outcome.previousRole === role) return outcome;
      const user = await store.findUserById(userId);
      if (user) {
        const data = { userId, email: user.email, customerId: change.customerId, role, previousRole: outcome.previousRole, byUserId: record.userId };
        await this.webhooks.emit(store, 'customer_account.role_changed', data);
      }
      return outcome;
    });
  }

  /** Unlinks someone from the active account (their login stays), as the actor's role allows. */
  async remove(record: SessionRecord, userId: string): Promise<AccountMembers | MemberFlowError> {
    return this.changeMember(record, userId, null, (store, change) => this.removeAndTell(store, change, record.userId));
  }

  /** Unlinks under the store's rules and, if it did, tells host back ends who did it (`byUserId` null: an administrator). */
  private async removeAndTell(store: Store, change: MemberChange, byUserId: string | null): Promise<MemberChangeOutcome> {
    const outcome = await store.removeAccountMember(change);
    if (typeof outcome === 'string') return outcome;
    const user = await store.findUserById(change.userId);
    if (user) {
      const data = { userId: user.id, email: user.email, customerId: change.customerId, role: outcome.previousRole, byUserId };
      await this.webhooks.emit(store, 'customer_account.unlinked', data);
    }
    return outcome;
  }

  /**
   * The rules every change to an account's people follows: the actor works in the account and may manage people,
   * their role allows the change on the target's role, and the account keeps an owner. The store applies them under
   * its lock on the account, to the roles as they are then.
   */
  private async changeMember(
    record: SessionRecord,
    userId: string,
    to: AccountRole | null,
    apply: (store: Store, change: MemberChange) => Promise<MemberChangeOutcome>,
  ): Promise<AccountMembers | MemberFlowError> {
    const actor = await this.actorIn(record);
    if ('error' in actor) return actor;
    if (!seesMembers(actor.role)) return { error: 'role_forbidden' };
    const change: MemberChange = {
      customerId: actor.account.customerId,
      userId,
      actorUserId: record.userId,
      may: (actorRole, target) => actorRole !== null && seesMembers(actorRole) && mayManage(actorRole, target, to),
    };
    const outcome = await this.webhooks.commit((store) => apply(store, change));
    // Someone of another account is answered as no one: nobody learns who works where.
    if (outcome === 'not_member') return { error: 'not_found' };
    if (outcome === 'forbidden') return { error: 'role_forbidden' };
    if (outcome === 'last_owner') return { error: 'last_owner' };
    return this.members(record);
  }

  /** The session's active account and the user's role in it, read fresh. */
  private async actorIn(record: SessionRecord): Promise<MemberAccount | MemberFlowError> {
    if (!record.activeAccount) return { error: 'no_active_account' };
    return (await this.store.findUserAccount(record.userId, record.activeAccount)) ?? { error: 'no_active_account' };
  }

  find(customerId: string): Promise<CustomerAccountRecord | null> {
    return this.store.findCustomerAccount(customerId);
  }

  /** The user's accounts, by name, with their role in each. */
  async forUser(userId: string): Promise<MemberAccount[]> {
    return this.store.listUserAccounts(userId);
  }

  /**
   * Which account a new session of the user works in: their only one, or none. A user of several accounts chooses
   * (`mustChoose`, the account picker) with the session already started; a user of none works in none.
   */
  async atSignIn(userId: string): Promise<SessionAccounts & { mustChoose: boolean }> {
    const accounts = (await this.forUser(userId)).map(toCustomerAccount);
    const [only] = accounts;
    return { accounts, activeAccount: accounts.length === 1 && only ? only : null, mustChoose: accounts.length >= 2 };
  }

  /** The session's accounts and active one, read from the store (never from the session cache). */
  async ofSession(record: SessionRecord): Promise<SessionAccounts> {
    return toSessionAccounts(await this.store.listSessionAccounts(record.id));
  }
}

function toAccountMember(row: AccountMemberRecord, askingUserId: string): AccountMember {
  return {
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.role,
    lastSignInAt: row.user.lastSignInAt?.toISOString() ?? null,
    you: row.user.id === askingUserId,
  };
}

function byRoleThenName(a: AccountMember, b: AccountMember): number {
  return roleOrder[a.role] - roleOrder[b.role] || (a.name ?? a.email).localeCompare(b.name ?? b.email) || a.email.localeCompare(b.email);
}
