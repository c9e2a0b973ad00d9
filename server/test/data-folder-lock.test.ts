import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataFolderBusyError, lockDataFolder } from '../src/adapters/data-folder-lock.ts';
import { repoRoot, temporaryFolder } from '../../test/support/server-process.mjs';

/** A child process that takes the data folder's lock and says so; it then waits to be killed. */
function lockingChild(dataDir: string): Promise<ChildProcess> {
  const script = `
    import { lockDataFolder } from './server/src/adapters/data-folder-lock.ts';
    await lockDataFolder(${JSON.stringify(dataDir)});
    console.log('locked');
    setInterval(() => {}, 60_000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data;
      if (output.includes('locked')) resolve(child);
    });
    child.stderr.on('data', (data: Buffer) => (output += data));
    child.on('exit', (code) => reject(new Error(`the locking child exited with ${code}:\n${output}`)));
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

describe('the data folder lock after a crash', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  before(async () => {
    folder = await temporaryFolder();
  });
  after(() => folder?.remove());

  it('refuses while the holder lives, and is taken within a second once it was killed with SIGKILL', async () => {
    const dataDir = join(folder.path, 'crash');
    const child = await lockingChild(dataDir);
    try {
      await assert.rejects(lockDataFolder(dataDir), DataFolderBusyError);
    } finally {
      await killed(child, 'SIGKILL');
    }
    const started = Date.now();
    const lock = await lockDataFolder(dataDir);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    // Held by a live process (this one) now: the next one is refused.
    await assert.rejects(lockDataFolder(dataDir), DataFolderBusyError);
    await lock.release();

    // A holder on another host (a shared folder) cannot be checked from here: its lock is left to go stale.
    await killed(await lockingChild(dataDir), 'SIGKILL');
    const record = join(dataDir, 'portico.lock.holder.json');
    await writeFile(record, JSON.stringify({ ...JSON.parse(await readFile(record, 'utf8')), host: 'another-machine' }));
    await assert.rejects(lockDataFolder(dataDir), DataFolderBusyError);
  });

  it("of several taking over one dead holder's lock at once, exactly one wins", async () => {
    const dataDir = join(folder.path, 'race');
    await killed(await lockingChild(dataDir), 'SIGKILL');
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => lockDataFolder(dataDir)));
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const refused = attempts.filter((attempt) => attempt.status === 'rejected');
    assert.equal(won.length, 1);
    for (const attempt of refused) assert.ok(attempt.reason instanceof DataFolderBusyError, String(attempt.reason));
    await won[0]!.value.release();
    // Released cleanly: no claims or dead locks left behind.
    assert.deepEqual(
      (await readdir(dataDir)).filter((name) => name.startsWith('portico.lock')),
      [],
    );
  });
});
