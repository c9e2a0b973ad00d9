import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';

/**
 * PGlite is single-process: two processes opening one data folder corrupt it. Every process that opens a folder
 * (server or CLI) first takes this lock. A running server also leaves a note with its URL and a one-off admin token
 * so the CLI can go through its admin API instead of opening the folder.
 *
 * The lock is a directory refreshed every few seconds (proper-lockfile); a crashed holder's lock goes stale and is
 * taken over, so nobody has to delete it by hand.
 */
const staleAfterMs = 15_000;

const RunningServer = z.object({ pid: z.number().int(), url: z.url(), adminToken: z.string().min(32) });
export type RunningServer = z.infer<typeof RunningServer>;

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
const serverNotePath = (dataDir: string) => join(dataDir, 'portico-server.json');

/** Throws DataFolderBusyError if another live process holds the folder. */
export async function lockDataFolder(
  dataDir: string,
  onCompromised: (error: Error) => void = (error) => {
    throw error;
  },
): Promise<DataFolderLock> {
  await mkdir(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: lockPath(dataDir),
      stale: staleAfterMs,
      realpath: false,
      onCompromised,
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ELOCKED') throw new DataFolderBusyError(dataDir);
    throw error;
  }
  // A note left by a server that crashed is stale now that we hold the lock.
  await rm(serverNotePath(dataDir), { force: true });
  let announced = false;
  return {
    async announceServer(server) {
      const path = serverNotePath(dataDir);
      await writeFile(path, JSON.stringify(server), { mode: 0o600 });
      await chmod(path, 0o600);
      announced = true;
    },
    async release() {
      if (announced) await rm(serverNotePath(dataDir), { force: true });
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
