/**
 * Builds the server and the CLI to JavaScript (`server/dist/main.js`, `server/dist/cli.js`), so `npm start` and
 * `npm run portico` start in Node alone rather than through a TypeScript loader, which compiles every module at each
 * start. Our own code, the workspace packages included, is bundled; every npm package stays a package Node loads
 * (native argon2, PGlite's WebAssembly, pg), named by the file esbuild resolved it to from where it was imported, so a
 * workspace package's own dependency (the contract's zod) stays the one it was written against.
 *
 * Skips the build when both outputs are newer than every source (`--if-stale`); `server/dist` is a cache, not shipped.
 * Tests that start the server build it first when it is stale (`test/support/server-process.mjs`), so they never run
 * an older server than the sources.
 *
 * Usage: `node server/build.mjs [--if-stale]`.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = dirname(fileURLToPath(import.meta.url));
const rootDir = join(serverDir, '..');
const outDir = join(serverDir, 'dist');
const entries = { main: join(serverDir, 'src/main.ts'), cli: join(serverDir, 'src/cli.ts') };
/** What the bundles are built from: the server's and the workspace packages' sources, and the lock file. */
const sources = [join(serverDir, 'src'), join(rootDir, 'packages/contract/src'), join(rootDir, 'packages/client/src'), join(rootDir, 'package-lock.json')];

/**
 * @param {string} path
 * @returns {Promise<number>}
 */
async function newestChange(path) {
  const stats = await stat(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/**
 * Whether a built server exists and is newer than everything it is built from.
 * @returns {Promise<boolean>}
 */
export async function serverBuildIsCurrent() {
  const outputs = Object.keys(entries).map((name) => join(outDir, `${name}.js`));
  if (!outputs.every((file) => existsSync(file))) return false;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const changed = Math.max(...(await Promise.all(sources.filter((path) => existsSync(path)).map(newestChange))));
  return built > changed;
}

/**
 * npm packages stay external, as the file they resolve to; the workspace's own are bundled.
 * @type {import('esbuild').Plugin}
 */
export const keepPackagesExternal = {
  name: 'portico:npm-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@portico/') || args.pluginData === 'resolving') return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      if (!resolved.path.includes(`${sep}node_modules${sep}`)) return undefined;
      return { path: resolved.path, external: true };
    });
  },
};

/**
 * Builds both bundles; resolves with how long it took (ms).
 * @returns {Promise<number>}
 */
export async function buildServer() {
  const started = Date.now();
  const result = await build({
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [keepPackagesExternal],
    // What the CLI loads only for a command to carry out (cli/commands.ts) is a chunk of its own, so help and
    // argument errors answer without loading storage and the services.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
  });
  // Each file written whole, then renamed into place: test processes that find the build stale at the same moment
  // each build it, and none of them ever starts a half-written server.
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.partial`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  return Date.now() - started;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Quiet when current, and on stderr otherwise: `npm run portico` prints the CLI's own output after it.
  if (!process.argv.includes('--if-stale') || !(await serverBuildIsCurrent())) console.error(`server built in ${await buildServer()} ms`);
}
