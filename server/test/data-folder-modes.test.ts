import assert from 'node:assert/strict';
import { chmod, lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../src/adapters/open-store.ts';
import { temporaryFolder } from '../../test/support/server-process.mjs';
import { testApp } from './support/test-app.ts';

/** Every path under `root` (itself included) that its group or anyone else may read, write or enter. */
async function looseModes(root: string): Promise<string[]> {
  const loose: string[] = [];
  const check = async (path: string) => {
    const mode = (await lstat(path)).mode & 0o777;
    if (mode & 0o077) loose.push(`${mode.toString(8)} ${path.slice(root.length) || '/'}`);
  };
  await check(root);
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) await check(join(entry.parentPath, entry.name));
  }
  return loose;
}

describe("the data folder is its owner's alone", () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  before(async () => {
    folder = await temporaryFolder();
  });
  after(() => folder?.remove());

  it('a new PGlite folder, with data written, closed and reopened, has nothing group- or world-accessible', async () => {
    const dataDir = join(folder.path, 'new');
    let opened = await openStore({ databaseUrl: undefined, dataDir });
    const t = testApp(opened.store);
    await t.createUser('ada@example.com', 'Correct-Horse-7-battery');
    assert.equal((await t.signIn('ada@example.com', 'Correct-Horse-7-battery')).response.status, 200);
    await opened.close();

    opened = await openStore({ databaseUrl: undefined, dataDir });
    assert.equal((await opened.store.listUsers()).length, 1);
    await testApp(opened.store).createUser('grace@example.com', 'Correct-Horse-8-battery');
    await opened.close();
    assert.deepEqual(await looseModes(dataDir), []);
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
  });

  it('an existing folder with loose modes is tightened when opened', async () => {
    const dataDir = join(folder.path, 'new');
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'pgdata'), 0o777);
    await chmod(join(dataDir, 'pgdata', 'PG_VERSION'), 0o666);
    const opened = await openStore({ databaseUrl: undefined, dataDir });
    try {
      assert.deepEqual(await looseModes(dataDir), []);
    } finally {
      await opened.close();
    }
  });
});
