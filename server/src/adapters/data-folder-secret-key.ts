import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Random } from '../ports/random.ts';
import { secretKeyBytes } from '../ports/secret-key.ts';

/**
 * The key that seals authenticator-app secrets when PORTICO_SECRET_KEY is not set and the data lives in the data
 * folder (PGlite): generated at first start, kept beside the database in a file only the owner may read. A stolen
 * database file alone then opens nothing; for PostgreSQL, where several nodes must share one key, set the variable.
 */
export async function dataFolderSecretKey(dataDir: string, random: Random): Promise<Uint8Array> {
  const path = join(dataDir, 'secret-key');
  const read = async () => {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (key.length !== secretKeyBytes) throw new Error(`${path} does not hold a ${secretKeyBytes}-byte key in base64`);
    return new Uint8Array(key);
  };
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = random.bytes(secretKeyBytes);
  // Written aside, then linked into place: the key file appears whole or not at all, and if another process (the
  // CLI) got there first, link fails and theirs is used rather than overwritten.
  const draft = `${path}.${process.pid}.${Buffer.from(random.bytes(6)).toString('hex')}`;
  await writeFile(draft, `${Buffer.from(key).toString('base64')}\n`, { mode: 0o600 });
  try {
    await link(draft, path);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw error;
  } finally {
    await unlink(draft);
  }
}
