import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `server/migrations`, found by looking up from this module: it sits three folders below `server/` in the sources,
 * and one or two in the built server (`server/dist`, its chunks), where it is part of a bundle.
 */
function findMigrations(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++, folder = dirname(folder)) {
    const candidate = join(folder, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
  }
  throw new Error(`no migrations folder above ${fileURLToPath(import.meta.url)}`);
}

export const migrationsFolder = findMigrations();
