import { type CustomerAccount, normalizeEmail } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { CustomerAccountRecord, SessionRecord, Store } from '../ports/store.ts';
import type { Outbox } from './messages/outbox.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** What a user may see of an account: never the main contact or the legacy password. */
export function toCustomerAccount(record: CustomerAccountRecord): CustomerAccount {
  return { customerId: record.customerId, name: record.name };
}

/**
 * Mails the account's main contact, in the transaction of the linking, that a login was added to the account, by any
 * path (an admin, a customer-ID migration, a customer-ID login proven under My details), so that a link nobody there
 * expected is noticed. In the policy's language: a main contact has none of its own.
 */
export function tellMainContact(outbox: Outbox, store: Store, account: CustomerAccountRecord, email: string): Promise<void> {
  return outbox.mail(store, account.mainContactEmail, 'accountLoginAdded', { customerId: account.customerId, accountName: account.name, email });
}

/** The accounts of a session's user (by name) and the session's active one, as the API shows them. */
export interface SessionAccounts {
  activeAccount: CustomerAccount | null;
  accounts: CustomerAccount[];
}

export type LinkOutcome = { linked: CustomerAccountRecord } | { error: 'unknown_user' | 'unknown_account' };

/** Customer accounts (seeds 000 and 001): creating them, linking users, and the account a session works in. */
export class CustomerAccounts {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
    private readonly outbox: Outbox,
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
  async link(customerId: string, email: string): Promise<LinkOutcome> {
    const [user, account] = await Promise.all([this.store.findUserByEmail(normalizeEmail(email)), this.store.findCustomerAccount(customerId)]);
    if (!user) return { error: 'unknown_user' };
    if (!account) return { error: 'unknown_account' };
    await this.outbox.commit(async (store) => {
      const now = this.clock.now();
      await store.closeCustomerIdLogin(account.customerId, now);
      // Linking twice changes nothing, and is not told twice.
      if (await store.linkAccountMember(user.id, account.customerId, now)) {
        const data = { userId: user.id, email: user.email, customerId: account.customerId, accountName: account.name, via: 'admin' } as const;
        await this.webhooks.emit(store, 'customer_account.linked', data);
        await tellMainContact(this.outbox, store, account, user.email);
      }
    });
    return { linked: account };
  }


  find(customerId: string): Promise<CustomerAccountRecord | null> {
    return this.store.findCustomerAccount(customerId);
  }

  /** The user's accounts, by name. */
  async forUser(userId: string): Promise<CustomerAccountRecord[]> {
    return this.store.listUserAccounts(userId);
  }

  /** The account, only if the user is linked to it: null alike for someone else's and for none at all. */
  findForUser(userId: string, customerId: string): Promise<CustomerAccountRecord | null> {
    return this.store.findUserAccount(userId, customerId);
  }

  /** The session's accounts and active one, read from the store (never from the session cache). */
  async ofSession(record: SessionRecord): Promise<SessionAccounts> {
    const rows = await this.store.listSessionAccounts(record.id);
    const active = rows.find((row) => row.active);
    return { activeAccount: active ? toCustomerAccount(active.account) : null, accounts: rows.map((row) => toCustomerAccount(row.account)) };
  }
}
