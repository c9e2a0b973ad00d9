import type { SessionChange, Store } from '../ports/store.ts';

/** The store's writes to what a session check answers besides the session itself, and the transactions they run in. */
type Watched = Pick<
  Store,
  | 'transaction'
  | 'updatePassword'
  | 'updateName'
  | 'updateLocale'
  | 'setPersonalNumber'
  | 'setUserDisabled'
  | 'linkAccountMember'
  | 'setAccountMemberRole'
  | 'removeAccountMember'
  | 'migrateCustomerAccount'
>;

/**
 * This node's own changes to what a session check answers: the user (credentials, name, language, personnummer,
 * disabling) and their customer accounts (linking, roles, unlinking). Other nodes' changes come through the store's
 * announcements (Store.sessionChanges); these come through the store every service is given (`watch`), so whichever
 * service changes a user, and however it does it, this node's sessions of that user cannot go on showing the old one.
 * The same writes are the ones the PostgreSQL store announces to other nodes.
 *
 * A change is told once it is committed: one made in a transaction when the outermost transaction commits (none if
 * it rolls back), any other as soon as it is made. A check that read the user before then is not remembered (see
 * SessionService.evictions). Sessions themselves are not watched: only the session service writes them, and it
 * forgets what it changes as it changes it.
 */
export class LocalSessionChanges {
  private readonly listeners: ((change: SessionChange) => void)[] = [];

  /** `listener` hears of every change committed from now on. */
  listen(listener: (change: SessionChange) => void): void {
    this.listeners.push(listener);
  }

  /** `store`, telling the listeners of the changes above once they are committed; everything else as `store` does it. */
  watch(store: Store): Store {
    return this.watching(store, (userId) => {
      for (const listener of this.listeners) listener({ userId });
    });
  }

  /** `store`, telling `changed` whose sessions a write changed (in a transaction, once it commits). */
  private watching(store: Store, changed: (userId: string) => void): Store {
    const watched: Watched = {
      transaction: async <T>(work: (tx: Store) => Promise<T>): Promise<T> => {
        const users = new Set<string>();
        const result = await store.transaction((tx) => work(this.watching(tx, (userId) => users.add(userId))));
        for (const userId of users) changed(userId);
        return result;
      },
      updatePassword: async (...args) => told(args[0], await store.updatePassword(...args)),
      updateName: async (...args) => told(args[0], await store.updateName(...args)),
      updateLocale: async (...args) => told(args[0], await store.updateLocale(...args)),
      setPersonalNumber: async (...args) => told(args[0], await store.setPersonalNumber(...args)),
      setUserDisabled: async (...args) => told(args[0], await store.setUserDisabled(...args)),
      linkAccountMember: async (...args) => told(args[0], await store.linkAccountMember(...args)),
      setAccountMemberRole: async (...args) => told(args[0].userId, await store.setAccountMemberRole(...args)),
      removeAccountMember: async (...args) => told(args[0].userId, await store.removeAccountMember(...args)),
      migrateCustomerAccount: async (...args) => {
        const role = await store.migrateCustomerAccount(...args);
        const [, member] = args;
        // A login created by the migration has no session yet.
        return 'userId' in member ? told(member.userId, role) : role;
      },
    };
    function told<T>(userId: string, result: T): T {
      changed(userId);
      return result;
    }
    // Whatever is not watched is the store's own, looked up on it as it is called.
    return Object.assign(Object.create(store) as Store, watched);
  }
}
