/**
 * Builds what a host page or a host bundler embeds (`npm run build:elements`):
 *
 * - `dist/portico.js`: the minified ES module a `<script type="module">` names; it registers every element (Lit and
 *   everything else bundled in). Its chunks sit in `dist/chunks/` and are imported relative to the module's own URL,
 *   so the file works from any path or origin: the ones it needs at once, and the ones loaded on first use (the
 *   elements of signed-in pages, the 2-step setup and BankID steps, the Swedish catalogue, the QR code generator).
 * - `dist/sign-in.js`: the sign-in form alone (`<portico-login-form>`), built the same way.
 * - `dist/components/<name>.js`: one ES module per component folder (and `index.js` for everything), for bundlers:
 *   `lit`, `@lit/context` and `qrcode` stay bare imports so the host's bundler loads them once for all its code;
 *   code shared between components sits in `dist/components/chunks/`.
 * - `dist/portico-mock.js` (when `@portico/mock` exports `./browser`): the in-browser mock backend as one module, for
 *   pages without a bundler (the demo's plain HTML host).
 * - `dist/types/`: declaration files (`tsc`), named by the `types` conditions of package.json.
 *
 * `portico.js` and `sign-in.js` are separate builds on purpose: splitting across both would cut their shared code
 * (Lit, the client) into more chunks, and a page with one of them would load more files than it needs.
 *
 * Usage: `node build.mjs [--no-types]`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';

const packageDir = dirname(fileURLToPath(import.meta.url));
const srcDir = join(packageDir, 'src');
const distDir = join(packageDir, 'dist');
const args = new Set(process.argv.slice(2));

/** The output's syntax level, as everywhere in the repository; esbuild lowers the standard decorators to it. */
const target = 'es2022';

async function main() {
  const started = Date.now();
  await rm(distDir, { recursive: true, force: true });
  await mkdir(join(distDir, 'chunks'), { recursive: true });

  // The declarations take longest (tsc); they need nothing of the bundles, so they are written meanwhile.
  const types = args.has('--no-types') ? Promise.resolve() : buildTypes();
  const entries = await Promise.all([
    buildStandalone('portico', join(srcDir, 'entries/portico.ts')),
    buildStandalone('sign-in', join(srcDir, 'entries/sign-in.ts')),
    buildComponents(),
    buildMock(),
  ]);
  await types;

  for (const line of entries.flat()) console.log(line);
  console.log(`elements built in ${Date.now() - started} ms`);
}

/**
 * `dist/<name>.js` and its chunks in `dist/chunks/`. Code splitting makes every `import()` a chunk loaded on first use
 * (the Swedish catalogue, the QR code generator, the 2-step setup and BankID steps, the elements of signed-in pages),
 * and puts code that the file shares with those chunks (Lit, the shared helpers) in chunks the file imports
 * statically, so nothing is downloaded twice. Every import is relative to the importing file's URL, so the bundle
 * works from any path or origin; the page names only `<name>.js`.
 */
async function buildStandalone(name, entry) {
  const result = await build({
    entryPoints: { [name]: entry },
    // Paths in the metafile relative to this package (`dist/…`), wherever the build is started from.
    absWorkingDir: packageDir,
    outdir: distDir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target,
    conditions: ['source'],
    legalComments: 'none',
    metafile: true,
  });
  // The size check reads which chunks this bundle imports at once and which on first use from here, rather than
  // parsing the minified code again.
  await writeFile(join(distDir, `${name}.meta.json`), JSON.stringify(result.metafile));
  const outputs = result.metafile.outputs;
  const output = Object.entries(outputs).find(([file]) => file.endsWith(`dist/${name}.js`))?.[1];
  if (!output) throw new Error(`esbuild wrote no dist/${name}.js`);
  const staticChunks = output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path.replace(/^.*dist\//, ''));
  const lazyChunks = Object.keys(outputs)
    .filter((file) => outputs[file].entryPoint && !file.endsWith(`dist/${name}.js`))
    .map((file) => `${file.replace(/^.*dist\//, '')} (${relative(srcDir, join(packageDir, outputs[file].entryPoint))})`);
  return [
    `dist/${name}.js: ${output.bytes} bytes minified; imports ${staticChunks.length ? staticChunks.join(', ') : 'nothing'}`,
    ...lazyChunks.map((chunk) => `  on first use: ${chunk}`),
  ];
}

/** The component folders: `src/<name>/portico-<name>.ts`. */
async function componentNames() {
  const names = [];
  for (const entry of await readdir(srcDir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(join(srcDir, entry.name, `portico-${entry.name}.ts`))) names.push(entry.name);
  }
  return names.sort();
}

/** `dist/components/<name>.js` per component and `index.js`, sharing chunks, with the libraries left as bare imports. */
async function buildComponents() {
  const entryPoints = { index: join(srcDir, 'index.ts') };
  for (const name of await componentNames()) entryPoints[name] = join(srcDir, name, `portico-${name}.ts`);
  await build({
    entryPoints,
    outdir: join(distDir, 'components'),
    bundle: true,
    splitting: true,
    format: 'esm',
    target,
    conditions: ['source'],
    chunkNames: 'chunks/[name]-[hash]',
    // A host's bundler dedupes these with its own copies; everything of Portico's (the client, the contract) is in.
    external: ['lit', 'lit/*', '@lit/context', 'qrcode'],
  });
  return [`dist/components: ${Object.keys(entryPoints).length} entry points`];
}

/** `dist/portico-mock.js`: `startMockBackend` of `@portico/mock/browser` as one module, for pages without a bundler. */
async function buildMock() {
  const mockPackage = JSON.parse(await readFile(join(packageDir, '../mock/package.json'), 'utf8'));
  if (!mockPackage.exports?.['./browser']) return ['dist/portico-mock.js: skipped (@portico/mock has no ./browser export yet)'];
  const outfile = join(distDir, 'portico-mock.js');
  await build({
    stdin: { contents: "export { startMockBackend } from '@portico/mock/browser';", resolveDir: packageDir, sourcefile: 'portico-mock.js' },
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    target,
    conditions: ['source'],
    legalComments: 'none',
  });
  return ['dist/portico-mock.js: the in-browser mock backend'];
}

/**
 * Declaration files for `types` in package.json. A type error is reported but does not stop the build (tsc writes
 * the files anyway): `npm start` should not fail on one, and `npm run typecheck` is where type errors fail the run.
 */
function buildTypes() {
  return new Promise((resolve, reject) => {
    const tsc = join(packageDir, '../../node_modules/typescript/bin/tsc');
    const child = spawn(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) console.warn(`dist/types: tsc reported errors (above), the declarations were written anyway`);
      resolve();
    });
  });
}

await main();
