import { type Locale, normalizeEmail, type User } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import type { Store, UserRecord } from '../ports/store.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** The public view of a user: never the password hash. */
export function toUser(record: UserRecord): User {
  return { id: record.id, email: record.email, name: record.name, createdAt: record.createdAt.toISOString() };
}

/**
 * Remembers, in `store` (the transaction of what the user just did), the language of the UI they did it in: their
 * mails, texts and trusted devices' names follow it from now on. Kept rather than taken from each request, because
 * much of what reaches a person is not caused by a request of theirs in that moment: a code at a later sign-in, a
 * notice that their password changed, a reset link someone else asked for. `undefined` (a request that did not say)
 * keeps what is stored. Returns the user as stored now.
 */
export async function rememberLocale(store: Store, webhooks: WebhookEvents, user: UserRecord, locale: Locale | undefined): Promise<UserRecord> {
  if (locale === undefined || locale === user.locale) return user;
  const updated = await store.updateLocale(user.id, locale);
  if (!updated) return user;
  await webhooks.userUpdated(store, updated, ['locale']);
  return updated;
}

export class UserService {
  constructor(
    private readonly store: Store,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly webhooks: WebhookEvents,
  ) {}

  /**
   * A user created by the portal with a password (admin API, CLI). Throws EmailTakenError if the address is in use.
   * The password must already satisfy the policy.
   */
  async create(email: string, password: string): Promise<UserRecord> {
    const passwordHash = await this.hasher.hash(password);
    return this.webhooks.commit(async (store) => {
      const user = await store.createUser({ id: this.random.uuid(), email: normalizeEmail(email), passwordHash, createdAt: this.clock.now() });
      await this.webhooks.userCreated(store, user, 'admin');
      return user;
    });
  }

  /**
   * "My details": the user's own name (null clears it), saved in `locale`, the language of the page, which is
   * remembered as theirs (see `rememberLocale`). Null when the user no longer exists.
   */
  async updateDetails(userId: string, name: string | null, locale: Locale | undefined): Promise<UserRecord | null> {
    return this.webhooks.commit(async (store) => {
      const before = await store.findUserById(userId);
      const renamed = before && (await store.updateName(userId, name));
      if (!before || !renamed) return null;
      const after = locale === undefined || locale === before.locale ? renamed : ((await store.updateLocale(userId, locale)) ?? renamed);
      // Saving the same details again changes nothing a host needs to hear of.
      const changed = (['name', 'locale'] as const).filter((key) => before[key] !== after[key]);
      if (changed.length > 0) await this.webhooks.userUpdated(store, after, changed);
      return after;
    });
  }

  /** `rememberLocale` for a user who acted outside any other change: signed in, or acted under "My details". */
  async rememberLocale(user: UserRecord, locale: Locale | undefined): Promise<UserRecord> {
    if (locale === undefined || locale === user.locale) return user;
    return this.webhooks.commit((store) => rememberLocale(store, this.webhooks, user, locale));
  }

  /** The user with this (normalised) address, or null. */
  findByEmail(email: string): Promise<UserRecord | null> {
    return this.store.findUserByEmail(email);
  }

  list(): Promise<UserRecord[]> {
    return this.store.listUsers();
  }

  /** Whether anyone has a login yet (a first start). */
  any(): Promise<boolean> {
    return this.store.hasUsers();
  }
}
