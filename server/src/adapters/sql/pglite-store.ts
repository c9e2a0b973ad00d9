import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Store } from '../../ports/store.ts';
import { migrationsFolder } from './migrations-folder.ts';
import { schema } from './schema.ts';
import { createSqlStore } from './sql-store.ts';

/**
 * Embedded PostgreSQL (PGlite) in a folder, or in memory when `dataDir` is undefined. PGlite is single-process:
 * callers must hold the data-folder lock (see data-folder-lock.ts) before opening a folder.
 */
export async function openPgliteStore(dataDir?: string): Promise<Store> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder });
  // One process only (the data-folder lock): no other node to tell of session changes, nor to hear from.
  return createSqlStore(db, () => client.close(), { notify: false, sessionChanges: null });
}
