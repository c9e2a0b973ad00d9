/**
 * Builds what a host page or a host bundler embeds (`npm run build:elements`):
 *
 * - `dist/portico.js`: the minified ES module a `<script type="module">` names; it registers every element (Lit and
 *   everything else bundled in). Its chunks sit in `dist/chunks/` and are imported relative to the module's own URL,
 *   so the file works from any path or origin: the one it needs at once, and the ones loaded on first use (the
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
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { defaultShouldMinifyCSS, minifyHTMLLiterals } from '@lit-labs/rollup-plugin-minify-html-literals/lib/minify-html-literals.js';
import terser from '@rollup/plugin-terser';
import { build } from 'esbuild';
import { rollup } from 'rollup';

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
 * An esbuild plugin that minifies the markup and styles in the elements' `html` and `css` templates (whitespace,
 * comments, optional quotes; the CSS through lightningcss) before bundling. Why in the sources: by the time code is
 * bundled, Lit's own minified build has renamed its `html` and `css` tags, and the templates can no longer be told
 * apart.
 */
const minifiedTemplates = {
  name: 'minified-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]elements[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
      // Both standalone bundles load most sources: each is minified once per build.
      let contents = minifiedSources.get(path);
      if (!contents) {
        contents = minifySource(path);
        minifiedSources.set(path, contents);
      }
      return { contents: await contents, loader: 'ts' };
    });
  },
};

/** @type {Map<string, Promise<string>>} */
const minifiedSources = new Map();

/** The source at `path` with its templates minified. */
async function minifySource(path) {
  const source = await readFile(path, 'utf8');
  const minified = await minifyHTMLLiterals(source, {
    fileName: path,
    // A list of declarations alone (`controlReset`, interpolated into rules elsewhere) is no style sheet to parse.
    shouldMinifyCSS: (template) => defaultShouldMinifyCSS(template) && template.parts.some((part) => part.text.includes('{')),
  });
  return minified?.code ?? source;
}

/**
 * `dist/<name>.js` and its chunks in `dist/chunks/`, in two passes.
 *
 * 1. esbuild bundles the sources (TypeScript, the standard decorators lowered with their helpers once, the workspace
 *    packages' `source` condition, the markup and styles of the `html` and `css` templates minified). Code splitting
 *    makes every `import()` a chunk loaded on first use (the Swedish catalogue, the QR code generator, the 2-step
 *    setup and BankID steps, the elements of signed-in pages), but it cuts the code the file shares with those chunks
 *    (Lit, the shared helpers) into several further chunks: several files, each compressed on its own, for what a
 *    page needs before anything renders.
 * 2. Rollup bundles esbuild's output again into as few files as the loading order allows: `<name>.js` is then a few
 *    hundred bytes that import one chunk holding everything needed at once (about 4 KB less, brotli, than the same
 *    code in five files), and the lazy chunks import that chunk too. The file a page names holds no shared code on
 *    purpose: a page may load it under another URL (`portico.js?v=2`, two micro-frontends each with their own query),
 *    and lazy chunks importing the file itself would then load and run a second copy. Chunk names carry a hash of
 *    their content, so they can be cached for good. Terser minifies each file (about 0.7 KB smaller than esbuild's
 *    minifier here).
 *
 * Every import is relative to the importing file's URL, so the bundle works from any path or origin; the page names
 * only `<name>.js`.
 */
async function buildStandalone(name, entry) {
  // esbuild's output is rollup's input only: it goes to a folder of its own outside dist/, removed whatever happens.
  const stageDir = await mkdtemp(join(tmpdir(), `portico-${name}-`));
  try {
    return await bundleStaged(name, entry, stageDir);
  } finally {
    await rm(stageDir, { recursive: true, force: true });
  }
}

/** The two passes of `buildStandalone`, esbuild's output going to `stageDir`. */
async function bundleStaged(name, entry, stageDir) {
  await build({
    entryPoints: { [name]: entry },
    absWorkingDir: packageDir,
    outdir: stageDir,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    target,
    conditions: ['source'],
    legalComments: 'none',
    plugins: [minifiedTemplates],
  });
  const warnings = [];
  const bundle = await rollup({
    input: join(stageDir, `${name}.js`),
    onwarn: (warning) => warnings.push(warning.message),
  });
  const { output } = await bundle.write({
    dir: distDir,
    format: 'es',
    entryFileNames: '[name].js',
    // esbuild's chunk names end in its own hash, which rollup's replaces.
    chunkFileNames: (chunk) => `chunks/${chunk.name.replace(/-[A-Z0-9]{8}$/, '')}-[hash].js`,
    plugins: [terser({ module: true, ecma: 2022, compress: { passes: 2 }, format: { comments: false } })],
  });
  await bundle.close();
  if (warnings.length > 0) throw new Error(`rollup warned while bundling dist/${name}.js:\n${warnings.join('\n')}`);

  // The size check reads which files this bundle loads at once and which on first use from here (esbuild's metafile
  // shape, paths relative to the package), rather than parsing the minified code again.
  const chunks = output.filter((file) => file.type === 'chunk');
  const outputs = Object.fromEntries(
    chunks.map((chunk) => [
      `dist/${chunk.fileName}`,
      {
        imports: [
          ...chunk.imports.map((path) => ({ path: `dist/${path}`, kind: 'import-statement' })),
          ...chunk.dynamicImports.map((path) => ({ path: `dist/${path}`, kind: 'dynamic-import' })),
        ],
      },
    ]),
  );
  await writeFile(join(distDir, `${name}.meta.json`), JSON.stringify({ outputs }));
  const entryChunk = chunks.find((chunk) => chunk.isEntry);
  if (!entryChunk) throw new Error(`rollup wrote no dist/${name}.js`);
  return [
    `dist/${name}.js: ${Buffer.byteLength(entryChunk.code)} bytes minified; imports ${entryChunk.imports.join(', ') || 'nothing'}`,
    ...chunks.filter((chunk) => chunk.isDynamicEntry).map((chunk) => `  on first use: ${chunk.fileName}`),
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
