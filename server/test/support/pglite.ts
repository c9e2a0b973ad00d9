import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore, pgliteTemplate } from '../../src/adapters/sql/pglite-store.ts';
import { migrationsFolder } from '../../src/adapters/sql/migrations-folder.ts';
import type { Store } from '../../src/ports/store.ts';

let template: Promise<Blob> | null = null;

/**
 * The migrated empty database every test starts from, made once and kept in the temporary folder under a name that
 * changes with the migrations, so every test file (each its own process) unpacks it instead of running initdb.
 */
function sharedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const hash = createHash('sha256');
    for (const name of (await readdir(migrationsFolder, { recursive: true })).sort()) {
      if (name.endsWith('.sql')) hash.update(name).update(await readFile(join(migrationsFolder, name)));
    }
    const path = join(tmpdir(), `portico-test-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
    try {
      return new Blob([await readFile(path)]);
    } catch {
      const made = await pgliteTemplate();
      // Written aside and renamed: another test process reading it meanwhile sees all of it or nothing.
      const draft = `${path}.${process.pid}`;
      await writeFile(draft, Buffer.from(await made.arrayBuffer()));
      await rename(draft, path);
      return made;
    }
  })();
  return template;
}

/** A fresh, empty PGlite database in memory, with every migration applied. */
export async function openTestPglite(): Promise<Store> {
  return openPgliteStore(undefined, { template: await sharedTemplate() });
}
