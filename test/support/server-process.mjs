// Plain JavaScript with JSDoc types, so the TypeScript tests and web-test-runner's config (which Node loads
// without a TypeScript loader) share one way of running the real server and CLI.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, serverBuildIsCurrent } from '../../server/build.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const builtServer = join(repoRoot, 'server/dist/main.js');
const builtCli = join(repoRoot, 'server/dist/cli.js');

/** @type {Promise<void> | null} */
let building = null;

/**
 * Tests start the server and CLI as `npm start` does, built (which starts in about half the time of the sources
 * through a TypeScript loader); built first, once per test process, when the sources changed since.
 * @returns {Promise<void>}
 */
export function serverBuilt() {
  building ??= serverBuildIsCurrent().then(async (current) => {
    if (!current) await buildServer();
  });
  return building;
}

/** @typedef {Record<string, string | undefined>} Env */
/** @typedef {{ code: number | null, stdout: string, stderr: string }} ProcessResult */
/**
 * @typedef {object} RunningServer
 * @property {string} url
 * @property {number} port
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => string} output Everything printed so far.
 * @property {() => Promise<number | null>} stop Sends SIGTERM and resolves with the exit code.
 */

/**
 * Environment for a child (or a command run in the test's process): ours, minus a developer's own Portico (and
 * BankID) settings and database, which must not leak into a test's server; then `env` on top.
 * @param {Env} env
 * @returns {NodeJS.ProcessEnv}
 */
export function childEnv(env) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('PORTICO_') && !key.startsWith('BANKID_') && key !== 'DATABASE_URL' && key !== 'PORT'),
  );
  return { ...base, ...env };
}

/**
 * Runs `npm run portico -- …` (the CLI) to completion.
 * @param {string[]} args
 * @param {Env} env
 * @returns {Promise<ProcessResult>}
 */
export async function runCli(args, env) {
  await serverBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli, ...args], {
      cwd: repoRoot,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (/** @type {Buffer} */ d) => (stdout += d));
    child.stderr.on('data', (/** @type {Buffer} */ d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts the server (`server/src/main.ts`, as built) on a free port (unless `env.PORT` says otherwise) and resolves once it prints the URL
 * it listens on; rejects with everything it printed if it exits or takes longer than `timeoutMs`.
 * @param {Env} env
 * @param {number} [timeoutMs]
 * @returns {Promise<RunningServer>}
 */
export async function startServer(env, timeoutMs = 60_000) {
  await serverBuilt();
  const child = spawn(process.execPath, [builtServer], {
    cwd: repoRoot,
    env: childEnv({ PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let started = false;
    // Both streams are always drained, so a chatty server never blocks on a full pipe.
    child.stdout.on('data', (/** @type {Buffer} */ data) => {
      output += data;
      const match = /listening on (http:\/\/\S+:(\d+))/.exec(output);
      if (!match || started) return;
      started = true;
      clearTimeout(timer);
      resolve({
        url: /** @type {string} */ (match[1]),
        port: Number(match[2]),
        child,
        output: () => output,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    child.stderr.on('data', (/** @type {Buffer} */ d) => (output += d));
    void exited.then((code) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

/**
 * A fresh temporary folder, and a function that removes it.
 * @param {string} [prefix]
 * @returns {Promise<{ path: string, remove(): Promise<void> }>}
 */
export async function temporaryFolder(prefix = 'portico-') {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

const migrationsFolder = join(repoRoot, 'server/migrations');

/** @type {Promise<string> | null} */
let migratedTemplate = null;

/**
 * A PGlite database folder with every migration applied and nothing else, made once per set of migrations and kept
 * in the temporary folder (each test file is a process of its own; the folder is made aside and renamed into place,
 * so two making it at once never leave half of one). A server's first start on an empty folder runs initdb and every
 * migration (several seconds); on a copy of this it starts as on a folder it has used before.
 * @returns {Promise<string>}
 */
function migratedPgdata() {
  migratedTemplate ??= (async () => {
    // Keyed by the migrations and by PGlite's version too: a PGlite upgrade may change what it writes on disk.
    const pglite = JSON.parse(await readFile(join(repoRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
    const hash = createHash('sha256').update(`pglite ${String(pglite.version)}`);
    for (const name of (await readdir(migrationsFolder, { recursive: true })).sort()) {
      if (name.endsWith('.sql')) hash.update(name).update(await readFile(join(migrationsFolder, name)));
    }
    const path = join(tmpdir(), `portico-test-pgdata-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(path)) return path;
    const draft = await mkdtemp(`${path}-draft-`);
    const made = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openPgliteStore } = await import('./server/src/adapters/sql/pglite-store.ts'); await (await openPgliteStore(process.argv[1])).close();`,
        join(draft, 'pgdata'),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const code = await new Promise((resolve) => made.on('exit', resolve));
    if (code !== 0) throw new Error(`making the migrated PGlite folder failed (${String(code)})`);
    await rename(join(draft, 'pgdata'), path).catch((/** @type {NodeJS.ErrnoException} */ error) => {
      // Another process made it first: theirs is as good.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    await rm(draft, { recursive: true, force: true });
    return path;
  })();
  return migratedTemplate;
}

/**
 * A fresh temporary data folder holding an empty, migrated database (see `migratedPgdata`), for tests that need a
 * server but not its first start; and a function that removes it.
 * @param {string} [prefix]
 * @returns {Promise<{ path: string, remove(): Promise<void> }>}
 */
export async function migratedFolder(prefix = 'portico-') {
  const folder = await temporaryFolder(prefix);
  await copyMigratedDatabase(folder.path);
  return folder;
}

/**
 * Puts an empty, migrated database (see `migratedPgdata`) into the data folder `dataDir` (made if missing), which
 * must hold none yet.
 * @param {string} dataDir
 * @returns {Promise<void>}
 */
export async function copyMigratedDatabase(dataDir) {
  await cp(await migratedPgdata(), join(dataDir, 'pgdata'), { recursive: true });
}
