import { join } from 'node:path';
import type { Store } from '../ports/store.ts';
import { type DataFolderLock, lockDataFolder } from './data-folder-lock.ts';
import { openPgliteStore, restrictToOwner } from './sql/pglite-store.ts';
import { openPostgresStore } from './sql/postgres-store.ts';

export interface OpenedStore {
  store: Store;
  kind: 'postgres' | 'pglite';
  /** Held for PGlite only: PostgreSQL serves many processes itself. */
  lock: DataFolderLock | null;
  close(): Promise<void>;
}

/** PostgreSQL when a URL is given, else PGlite in `dataDir` under the data-folder lock. */
export async function openStore(
  options: { databaseUrl: string | undefined; dataDir: string },
  onLockCompromised?: (error: Error) => void,
): Promise<OpenedStore> {
  if (options.databaseUrl) {
    const store = await openPostgresStore(options.databaseUrl);
    return { store, kind: 'postgres', lock: null, close: () => store.close() };
  }
  const lock = await lockDataFolder(options.dataDir, onLockCompromised);
  try {
    // The whole folder, not just the database: a folder from an older Portico may hold files with looser modes.
    await restrictToOwner(options.dataDir);
    const store = await openPgliteStore(join(options.dataDir, 'pgdata'));
    return {
      store,
      kind: 'pglite',
      lock,
      async close() {
        await store.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
