import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Store } from '../../ports/store.ts';
import { migrationsFolder } from './migrations-folder.ts';
import { schema } from './schema.ts';
import { createSqlStore } from './sql-store.ts';

/**
 * Makes `root` and everything in it accessible to its owner only: folders 0700, files without any group or world
 * bit. The database holds password hashes, session and code hashes and sealed secrets; nobody else on the machine
 * may read or alter it.
 *
 * Needed because PGlite runs PostgreSQL on Emscripten's file system, which creates a file and then sets exactly the
 * mode it was asked for with chmod, which the process umask does not limit; and Emscripten ignores the umask
 * PostgreSQL sets. The initial database PGlite unpacks on first start asks for 0666, so most of its files came out
 * world-writable. Files PostgreSQL creates itself later (tables, WAL) ask for 0600.
 */
export async function restrictToOwner(root: string): Promise<void> {
  const tighten = async (path: string, isFolder: boolean) => {
    const mode = (await lstat(path)).mode & 0o777;
    const wanted = isFolder ? 0o700 : mode & 0o700;
    if (mode !== wanted) await chmod(path, wanted);
  };
  await tighten(root, true);
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    // A link's own mode means nothing, and chmod would change what it points at, perhaps outside the folder.
    if (entry.isSymbolicLink()) continue;
    await tighten(join(entry.parentPath, entry.name), entry.isDirectory());
  }
}

/**
 * Embedded PostgreSQL (PGlite) in a folder, or in memory when `dataDir` is undefined. PGlite is single-process:
 * callers must hold the data-folder lock (see data-folder-lock.ts) before opening a folder.
 *
 * `template` (in memory only): a database to start from, as `pgliteTemplate` dumps it. Creating a database runs
 * initdb, about two seconds; unpacking a dump takes under one, which adds up where many throwaway databases are
 * opened (the tests).
 */
export async function openPgliteStore(dataDir?: string, options: { template?: Blob } = {}): Promise<Store> {
  if (!dataDir) {
    const client = new PGlite(options.template ? { loadDataDir: options.template } : undefined);
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder });
    return createSqlStore(db, () => client.close(), { notify: false, sessionChanges: null });
  }
  // New folders are made owner-only; existing ones (from before, or copied in) are tightened when opened.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await restrictToOwner(dataDir);
  const client = new PGlite(dataDir);
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder });
  // A first start has just unpacked PGlite's initial database with loose modes (see restrictToOwner).
  await restrictToOwner(dataDir);
  // One process only (the data-folder lock): no other node to tell of session changes, nor to hear from.
  return createSqlStore(
    db,
    async () => {
      await client.close();
      // Whatever was written while open leaves owner-only too, should PGlite have asked for a loose mode anywhere.
      await restrictToOwner(dataDir);
    },
    { notify: false, sessionChanges: null },
  );
}

/** An empty database with every migration applied, dumped: a `template` for `openPgliteStore`. */
export async function pgliteTemplate(): Promise<Blob> {
  const client = new PGlite();
  try {
    await migrate(drizzle({ client, schema }), { migrationsFolder });
    const dump = await client.dumpDataDir('none');
    return dump instanceof Blob ? dump : new Blob([dump]);
  } finally {
    await client.close();
  }
}
