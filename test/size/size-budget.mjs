/**
 * The size check (`npm run test:size`, part of `npm test`): what a page downloads before Portico works, brotli
 * compressed at the highest quality (as a CDN or a pre-compressing server sends it), counting each bundle and every
 * chunk it imports statically (needed before anything renders). Chunks it imports with `import()` load on first use
 * and are listed on their own: the QR code generator, the Swedish catalogue, the 2-step setup and BankID steps, and
 * the elements of signed-in pages.
 *
 * Each bundle has a limit and a target. The limit is enforced (exit 1 above it, or when a bundle is missing: run
 * `npm run build:elements` first): it is where the bundle stands today plus a little room, so that growth is a
 * decision, not an accident; lower it whenever the bundle shrinks. The target is the product's size bar (PRODUCT.md,
 * issue 7: 25 KB for every element, 12 KB for the sign-in entry); it is printed, met or not, until the limit reaches it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const distDir = fileURLToPath(new URL('../../packages/elements/dist/', import.meta.url));
const budgets = [
  { file: 'portico.js', limitKb: 34, targetKb: 25, what: 'every element registered, Lit included' },
  { file: 'sign-in.js', limitKb: 18, targetKb: 12, what: 'the sign-in form alone' },
];

/** @param {Uint8Array} bytes */
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * The import graph of one bundle, from the metafile `npm run build:elements` writes beside it (`<name>.meta.json`,
 * esbuild's, paths relative to the package): per output file, the files it imports at once and on first use.
 * @param {string} name e.g. `portico`
 * @returns {(file: string) => { static: string[], dynamic: string[] }}
 */
function importGraph(name) {
  /** @type {{ outputs: Record<string, { imports: { path: string, kind: string }[] }> }} */
  const metafile = JSON.parse(readFileSync(join(distDir, `${name}.meta.json`), 'utf8'));
  const packageDir = dirname(distDir);
  return (file) => {
    const imports = metafile.outputs[relative(packageDir, file)]?.imports ?? [];
    const of = (/** @type {string} */ kind) => imports.filter((i) => i.kind === kind).map((i) => join(packageDir, i.path));
    return { static: of('import-statement'), dynamic: of('dynamic-import') };
  };
}

/**
 * The file and everything it imports statically, transitively (what must load before it runs).
 * @param {(file: string) => { static: string[] }} importsOf
 * @param {string} path
 * @param {Set<string>} [seen]
 * @returns {Set<string>}
 */
function staticClosure(importsOf, path, seen = new Set()) {
  if (seen.has(path)) return seen;
  seen.add(path);
  for (const target of importsOf(path).static) staticClosure(importsOf, target, seen);
  return seen;
}

let failed = false;
for (const budget of budgets) {
  const entry = join(distDir, budget.file);
  const metafile = join(distDir, budget.file.replace(/\.js$/, '.meta.json'));
  if (!existsSync(entry) || !existsSync(metafile)) {
    console.error(`✗ ${budget.file} is missing: run npm run build:elements first`);
    failed = true;
    continue;
  }
  const importsOf = importGraph(budget.file.replace(/\.js$/, ''));
  const eager = [...staticClosure(importsOf, entry)];
  /** Chunks loaded on first use, also those a lazy chunk loads in turn (the QR code generator of the 2-step setup). */
  /** @type {Set<string>} */
  const lazy = new Set();
  /** @type {Set<string>} */
  const scanned = new Set();
  /** @param {string[]} files */
  const scan = (files) => {
    for (const file of files) {
      if (scanned.has(file)) continue;
      scanned.add(file);
      for (const target of importsOf(file).dynamic) {
        if (eager.includes(target)) continue;
        lazy.add(target);
        scan([...staticClosure(importsOf, target)]);
      }
    }
  };
  scan(eager);
  let total = 0;
  console.log(`\n${budget.file} (${budget.what}): limit ${budget.limitKb} KB brotli, target ${budget.targetKb} KB`);
  for (const file of eager) {
    const bytes = readFileSync(file);
    const size = brotli(bytes);
    total += size;
    console.log(`  ${relative(distDir, file).padEnd(40)} ${kb(bytes.length).padStart(9)} raw ${kb(gzipSync(bytes, { level: 9 }).length).padStart(9)} gzip ${kb(size).padStart(9)} brotli`);
  }
  const ok = total <= budget.limitKb * 1024;
  const onTarget = total <= budget.targetKb * 1024;
  console.log(`  ${ok ? '✓' : '✗'} loaded before it works: ${kb(total)} brotli (limit ${budget.limitKb} KB)`);
  console.log(`  ${onTarget ? '✓' : '·'} target ${budget.targetKb} KB: ${onTarget ? 'met' : `not met yet (${kb(total - budget.targetKb * 1024)} over)`}`);
  for (const file of lazy) {
    const closure = [...staticClosure(importsOf, file)].filter((path) => !eager.includes(path));
    const size = closure.reduce((sum, path) => sum + brotli(readFileSync(path)), 0);
    console.log(`    on first use: ${relative(distDir, file).padEnd(34)} ${kb(size).padStart(9)} brotli`);
  }
  if (!ok) failed = true;
}
if (failed) {
  console.error('\nA bundle is over its size limit (or missing).');
  process.exit(1);
}
