// Plain JavaScript with JSDoc types, so the TypeScript tests and web-test-runner's config (which Node loads
// without a TypeScript loader) share one way of running the real server and CLI.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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
 * Environment for a child: ours, minus a developer's own Portico (and BankID) settings and database, which must not
 * leak into a test's server; then `env` on top.
 * @param {Env} env
 * @returns {NodeJS.ProcessEnv}
 */
function childEnv(env) {
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
