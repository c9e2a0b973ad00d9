import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';

/**
 * PGlite is single-process: two processes opening one data folder corrupt it. Every process that opens a folder
 * (server or CLI) first takes this lock. A running server also leaves a note with its URL and a one-off admin token
 * so the CLI can go through its admin API instead of opening the folder.
 *
 * The lock is a directory refreshed every few seconds (proper-lockfile); a crashed holder's lock goes stale and is
 * taken over, so nobody has to delete it by hand. Waiting for staleness after a crash would hold up the next start
 * for 15 seconds, so the holder also records its process id and host name beside the lock: a lock whose holder
 * process is gone from this host is taken at once.
 */
const staleAfterMs = 15_000;

const RunningServer = z.object({ pid: z.number().int(), url: z.url(), adminToken: z.string().min(32) });
export type RunningServer = z.infer<typeof RunningServer>;

/** Which lock directory a holder took: a new one made after it was removed is another lock, held by someone else. */
const LockFolderIdentity = z.object({ dev: z.string(), ino: z.string(), birthtime: z.string() });
type LockFolderIdentity = z.infer<typeof LockFolderIdentity>;

/** Who holds the lock: enough to tell, on the same host, whether that process still runs. */
const LockHolder = z.object({
  /** Names this holding of the lock: a takeover claims this holding, never a later one. */
  id: z.string().min(1),
  pid: z.number().int().positive(),
  host: z.string(),
  lock: LockFolderIdentity,
});
type LockHolder = z.infer<typeof LockHolder>;

export class DataFolderBusyError extends Error {
  constructor(readonly dataDir: string) {
    super(`The data folder ${dataDir} is in use by another Portico process.`);
    this.name = 'DataFolderBusyError';
  }
}

export interface DataFolderLock {
  /** Tells other processes how to reach this server while it holds the folder. */
  announceServer(server: RunningServer): Promise<void>;
  release(): Promise<void>;
}

const lockPath = (dataDir: string) => join(dataDir, 'portico.lock');
const holderPath = (dataDir: string) => join(dataDir, 'portico.lock.holder.json');
const claimPrefix = 'portico.lock.claim-';
const claimPath = (dataDir: string, holderId: string) => join(dataDir, `${claimPrefix}${holderId}`);
const serverNotePath = (dataDir: string) => join(dataDir, 'portico-server.json');

/** Throws DataFolderBusyError if another live process holds the folder. */
export async function lockDataFolder(
  dataDir: string,
  onCompromised: (error: Error) => void = (error) => {
    throw error;
  },
): Promise<DataFolderLock> {
  // The folder holds the database, its secret key and the server's admin token: its owner's alone.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  const options = { lockfilePath: lockPath(dataDir), stale: staleAfterMs, realpath: false, onCompromised };
  let claim: string | null = null;
  let release: () => Promise<void>;
  try {
    for (;;) {
      try {
        release = await lockfile.lock(dataDir, options);
        break;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ELOCKED') throw error;
        // One takeover per call: after it, the lock can only be held by someone alive (who won it fairly).
        if (claim !== null) throw new DataFolderBusyError(dataDir);
        claim = await removeDeadHoldersLock(dataDir);
        if (claim === null) throw new DataFolderBusyError(dataDir);
      }
    }
    try {
      await chmod(lockPath(dataDir), 0o700);
      await recordHolder(dataDir);
    } catch (error) {
      await release();
      throw error;
    }
  } finally {
    if (claim !== null) await rm(claim, { force: true });
  }
  await removeClaims(dataDir);
  // A note left by a server that crashed is stale now that we hold the lock.
  await rm(serverNotePath(dataDir), { force: true });
  let announced = false;
  return {
    async announceServer(server) {
      // A CLI command reading it meanwhile finds all of it or none.
      await writeWhole(serverNotePath(dataDir), JSON.stringify(server), String(process.pid));
      announced = true;
    },
    async release() {
      if (announced) await rm(serverNotePath(dataDir), { force: true });
      // Before the lock goes: a record naming this process must never outlive it beside someone else's lock.
      await rm(holderPath(dataDir), { force: true });
      await release();
    },
  };
}

/** The server holding `dataDir`, if one announced itself (only meaningful while the folder is locked). */
export async function readRunningServer(dataDir: string): Promise<RunningServer | null> {
  try {
    const parsed = RunningServer.safeParse(JSON.parse(await readFile(serverNotePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function lockFolderIdentity(path: string): Promise<LockFolderIdentity | null> {
  try {
    const stats = await stat(path, { bigint: true });
    return { dev: String(stats.dev), ino: String(stats.ino), birthtime: String(stats.birthtimeNs) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const sameLockFolder = (a: LockFolderIdentity | null, b: LockFolderIdentity) => a !== null && a.dev === b.dev && a.ino === b.ino && a.birthtime === b.birthtime;

/** Written aside and renamed into place, so a reader never sees half a record. */
async function recordHolder(dataDir: string): Promise<void> {
  const lock = await lockFolderIdentity(lockPath(dataDir));
  if (!lock) throw new Error(`the lock ${lockPath(dataDir)} vanished right after it was taken`);
  const holder: LockHolder = { id: randomUUID(), pid: process.pid, host: hostname(), lock };
  await writeWhole(holderPath(dataDir), JSON.stringify(holder), `${process.pid}.${holder.id}`);
}

/**
 * Writes `text` to `path`, owner-only, beside it first (`<path>.<draftName>`) and then renamed into place: whoever
 * reads `path` meanwhile finds the old whole or the new whole, never half. The mode is set again because a draft left
 * by an earlier process of the same name would keep its own through the write.
 */
async function writeWhole(path: string, text: string, draftName: string): Promise<void> {
  const draft = `${path}.${draftName}`;
  await writeFile(draft, text, { mode: 0o600 });
  await chmod(draft, 0o600);
  await rename(draft, path);
}

async function readHolder(dataDir: string): Promise<LockHolder | null> {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(await readFile(holderPath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether a process of this host runs with that id (one of another user counts: it cannot be signalled, but it runs). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the lock when its recorded holder was a process of this host that no longer runs (killed, crashed), so
 * the caller can take it at once. Returns the claim file it made (to delete once done), or null when the holder runs,
 * is unknown or on another host (the lock then goes stale the usual way), or another process claimed it first.
 *
 * Several processes may find the same dead holder at once; only one may remove its lock, or a second would remove the
 * lock the first has just taken. Creating the claim file (exclusively, named after that holding) picks that one.
 * The lock directory must still be the very one the holder recorded, before and after it is moved aside, so a lock
 * taken meanwhile by someone else (after the usual staleness) is never removed.
 */
async function removeDeadHoldersLock(dataDir: string): Promise<string | null> {
  const holder = await readHolder(dataDir);
  if (!holder || holder.host !== hostname() || isRunning(holder.pid)) return null;
  if (!sameLockFolder(await lockFolderIdentity(lockPath(dataDir)), holder.lock)) return null;
  const claim = claimPath(dataDir, holder.id);
  try {
    await writeFile(claim, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  // Under the claim: the record must still name that holding (a winner of the lock may have replaced it).
  if ((await readHolder(dataDir))?.id !== holder.id) return claim;
  const aside = `${lockPath(dataDir)}.dead-${holder.id}`;
  try {
    await rename(lockPath(dataDir), aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return claim;
    throw error;
  }
  if (!sameLockFolder(await lockFolderIdentity(aside), holder.lock)) {
    // Someone's fresh lock: put it back. Should yet another lock be there already, this one's holder finds its lock
    // gone at its next refresh and stops (onCompromised) rather than share the folder.
    await rename(aside, lockPath(dataDir)).catch(() => rm(aside, { recursive: true, force: true }));
    return claim;
  }
  await rm(aside, { recursive: true, force: true });
  return claim;
}

/** Claims of earlier holdings are spent once a new holder is recorded; a claimant that crashed may have left one. */
async function removeClaims(dataDir: string): Promise<void> {
  const names = await readdir(dataDir);
  await Promise.all(names.filter((name) => name.startsWith(claimPrefix)).map((name) => rm(join(dataDir, name), { force: true })));
}
