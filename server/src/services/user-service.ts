import { normalizeEmail, type User } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import type { Store, UserRecord } from '../ports/store.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

/** The public view of a user: never the password hash. */
export function toUser(record: UserRecord): User {
  return { id: record.id, email: record.email, name: record.name, createdAt: record.createdAt.toISOString() };
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

  /** "My details": the user's own name, or null to clear it. Null when the user no longer exists. */
  rename(userId: string, name: string | null): Promise<UserRecord | null> {
    return this.webhooks.commit(async (store) => {
      const before = await store.findUserById(userId);
      const updated = await store.updateName(userId, name);
      // Saving the same name again changes nothing a host needs to hear of.
      if (updated && before && before.name !== updated.name) {
        await this.webhooks.emit(store, 'user.updated', { userId, email: updated.email, name: updated.name, locale: updated.locale, changed: ['name'] });
      }
      return updated;
    });
  }

  list(): Promise<UserRecord[]> {
    return this.store.listUsers();
  }
}
