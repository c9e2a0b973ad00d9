import { normalizeEmail, type User } from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { PasswordHasher } from '../ports/password-hasher.ts';
import type { Random } from '../ports/random.ts';
import type { Store, UserRecord } from '../ports/store.ts';

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
  ) {}

  /** Throws EmailTakenError if the address is in use. The password must already satisfy the policy. */
  async create(email: string, password: string): Promise<UserRecord> {
    return this.store.createUser({
      id: this.random.uuid(),
      email: normalizeEmail(email),
      passwordHash: await this.hasher.hash(password),
      createdAt: this.clock.now(),
    });
  }

  /** "My details": the user's own name, or null to clear it. Null when the user no longer exists. */
  rename(userId: string, name: string | null): Promise<UserRecord | null> {
    return this.store.updateName(userId, name);
  }

  list(): Promise<UserRecord[]> {
    return this.store.listUsers();
  }
}
