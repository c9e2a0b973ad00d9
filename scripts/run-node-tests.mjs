/**
 * Runs `node:test` files (the server's, the contract's, the end-to-end ones) as `node --import tsx --test` would, in
 * less time: it compiles them first, all at once, and runs the JavaScript.
 *
 * Why: `node --test` runs every file in a process of its own, and a process that loads the server's sources through
 * the TypeScript loader spends about 2.5 s of CPU before its first test (the loader's hooks run for every module, on
 * another thread), against about 0.9 s for the same code compiled. With some ninety test files on two cores, that
 * difference is minutes of `npm test`.
 *
 * How: esbuild bundles every file named into a temporary folder, each test file an entry of its own and the code they
 * share in chunks, the way `server/build.mjs` builds the server: npm packages stay packages Node loads; the
 * workspace's own (TypeScript) packages are compiled in. `import.meta.url` is each module's own source file, so paths
 * a module finds relative to itself (fixtures, the migrations, the repository) are where they were. Stack traces
 * point at the sources (source maps). The folder is removed when the run ends.
 *
 * A single file still runs without this, as it always did: `node --import tsx --test server/test/sign-in.test.ts`.
 *
 * Usage: `node scripts/run-node-tests.mjs [--concurrency N] <test files…>`; exits with the test run's code.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { keepPackagesExternal } from '../server/build.mjs';

const rootDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Gives every bundled module its own source file's `import.meta.url` (bundled, it would be the output file's), so
 * `new URL('../fixtures', import.meta.url)` and `createRequire(import.meta.url)` mean what they meant in the source.
 * @type {import('esbuild').Plugin}
 */
const sourceFileUrls = {
  name: 'portico:source-file-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, async ({ path }) => {
      if (path.includes(`/node_modules/`)) return undefined;
      // Read once: what is returned is what esbuild compiles, so it does not read the file again.
      const source = await readFile(path, 'utf8');
      const contents = source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href));
      return { contents, loader: extname(path) === '.ts' || extname(path) === '.mts' ? 'ts' : 'js' };
    });
  },
};

/**
 * @param {string[]} argv
 * @returns {{ concurrency: string | null, files: string[] }}
 */
function parseArguments(argv) {
  const files = [];
  let concurrency = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--concurrency') concurrency = argv[++i] ?? null;
    else files.push(resolve(argv[i]));
  }
  if (files.length === 0) throw new Error('usage: node scripts/run-node-tests.mjs [--concurrency N] <test files…>');
  return { concurrency, files };
}

async function main() {
  const { concurrency, files } = parseArguments(process.argv.slice(2));
  const outDir = await mkdtemp(join(tmpdir(), 'portico-tests-'));
  try {
    const result = await build({
      entryPoints: files,
      outbase: rootDir,
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['source'],
      sourcemap: 'linked',
      logLevel: 'warning',
      plugins: [keepPackagesExternal, sourceFileUrls],
      metafile: true,
    });
    // Only the test files: a module some code imports on first use (`import()`) is an entry of its own too.
    const named = new Set(files);
    const compiled = Object.entries(result.metafile.outputs)
      .filter(([, output]) => output.entryPoint !== undefined && named.has(resolve(output.entryPoint)))
      .map(([path]) => resolve(path))
      .sort((a, b) => relative(outDir, a).localeCompare(relative(outDir, b)));
    const args = ['--enable-source-maps', '--test', ...(concurrency ? [`--test-concurrency=${concurrency}`] : []), ...compiled];
    const code = await new Promise((done) => {
      const child = spawn(process.execPath, args, { stdio: 'inherit' });
      // Stopped (Ctrl-C, a CI's time limit): the tests stop, and this process lives on to remove the folder.
      for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
      child.on('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0)));
    });
    process.exitCode = code;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
