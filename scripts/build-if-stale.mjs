/**
 * `npm start`'s build step: builds what the server serves (the element bundles and the demo, `npm run build:demo`)
 * and the server itself (`server/build.mjs`), each only when one of its sources is newer than its outputs. With
 * nothing changed it checks file times and builds nothing, so the server starts at once.
 *
 * Usage: `node scripts/build-if-stale.mjs`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, serverBuildIsCurrent } from '../server/build.mjs';

const rootDir = fileURLToPath(new URL('..', import.meta.url));

/** The newest change under `path` (a file or folder), skipping built output and dependencies. */
async function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stats = await stat(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    // Outputs of the builds themselves (the manifest is written after the bundles) and dependencies.
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name === 'custom-elements.json') continue;
    newest = Math.max(newest, await newestChange(join(path, entry.name)));
  }
  return newest;
}

/** The demo and the element bundles: everything their builds read. */
const demoSources = ['packages', 'demo', 'vite.config.ts', 'package-lock.json', 'scripts/precompress.mjs'].map((path) => join(rootDir, path));
const demoOutputs = ['packages/elements/dist/portico.js', 'packages/elements/dist/sign-in.js', 'demo/dist/index.html'].map((path) => join(rootDir, path));

async function demoIsCurrent() {
  if (!demoOutputs.every((file) => existsSync(file))) return false;
  const built = Math.min(...demoOutputs.map((file) => statSync(file).mtimeMs));
  const changed = Math.max(...(await Promise.all(demoSources.map(newestChange))));
  return built > changed;
}

const [demoCurrent, serverCurrent] = await Promise.all([demoIsCurrent(), serverBuildIsCurrent()]);
if (!demoCurrent) {
  console.log('Building the element bundles and the demo (sources changed since the last build)…');
  const result = spawnSync('npm', ['run', 'build:demo'], { cwd: rootDir, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
if (!serverCurrent) console.log(`server built in ${await buildServer()} ms`);
