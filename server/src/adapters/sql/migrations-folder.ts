import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `server/migrations`: three folders up from this file in the sources, one up from the built server (`server/dist`,
 * where this module is part of one bundle).
 */
const candidates = ['../../../migrations', '../migrations'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

export const migrationsFolder = candidates.find((folder) => existsSync(join(folder, 'meta', '_journal.json'))) ?? candidates[0]!;
