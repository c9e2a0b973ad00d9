/**
 * The size check (`npm run test:size`, part of `npm test`): what a page downloads for Portico, brotli compressed at
 * the highest quality (as Portico's own server and a CDN send it).
 *
 * For `portico.js` it measures, each against a limit, what PRODUCT.md's size bar names:
 * - what loads before `<portico-auth>` shows its sign-in form: the file and every file it imports statically;
 * - all flows of each preset: that, plus `<portico-auth>`'s logic (a chunk it loads beside its first render) and the
 *   chunks of every step the preset's policy can lead to (each step's element is a chunk `<portico-auth>` loads when
 *   the server names the step, or at idle), with the chunks they import; a chunk two of them share counts once.
 * What no preset's sign-in needs is listed, not counted: the Swedish catalogue (a page in English never loads it), the
 * QR code generator, the elements of signed-in pages and the step elements' chunk for pages that use them on their own.
 *
 * Each figure has a limit and a target. The limit is enforced (exit 1 above it, or when a bundle or a step's chunk is
 * missing: run `npm run build:elements` first): it is where the figure stands today plus a little room, so that growth
 * is a decision, not an accident; lower it whenever the figure shrinks. The target is the product's size bar (12 KB
 * before the sign-in form, 25 KB for all flows of a preset); it is printed, met or not, until the limit reaches it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const distDir = fileURLToPath(new URL('../../packages/elements/dist/', import.meta.url));
/**
 * What every preset loads: `<portico-auth>`'s logic (loaded at once, beside the first render), and the steps every
 * preset can reach (a forgotten password, a mailed link, 2 steps, accounts, sign-up) in one chunk.
 */
const everyPreset = ['auth-flow', 'sign-in-steps'];
const passkeys = ['passkey-sign-in', 'passkey-ceremonies'];

const budgets = [
  {
    file: 'portico.js',
    what: '<portico-auth>, Lit included',
    // 30.2 KB while every step came with the sign-in form; 20.9 once the later steps' elements became chunks; 21.5
    // before <portico-auth>'s logic (its step table, history, links, session handling, the API client) became a chunk
    // loaded beside the first render. The sign-in form alone (sign-in.js below) is 11.7 KB; the rest is the element's
    // card, its styles and the page-wide loaders of the other elements.
    firstForm: { limitKb: 14.5, targetKb: 12 },
    // Chunks are named after the module they start from. Which steps a preset's policy can lead to: sign-up where
    // `signUp.mode` is not `none`, customer-ID registration where `customerIdLogin`, BankID where `bankid`, passkeys
    // where they sign in, the 2-step setup where a second factor is required.
    // All flows of every preset were 39.8 KB while they came in one file; the steps' own chunks compress a little
    // less well apart, which a preset with BankID feels most. Taking the logic out of the first download cost each
    // preset 1.7 KB in all (37.7, 40.6 and 37.9 KB before) for 7.1 KB less before the form.
    presets: {
      hosting: { limitKb: 39.5, steps: [...everyPreset, ...passkeys] },
      leasing: { limitKb: 42.4, steps: [...everyPreset, 'portico-bankid', ...passkeys] },
      licensing: { limitKb: 39.7, steps: [...everyPreset, 'portico-mfa-setup'] },
    },
    targetKb: 25,
  },
  // 11.7 until each element spoke its own language through its own localizer (`this.msg`, helpers given `this.i18n`)
  // rather than a global switched around renders.
  { file: 'sign-in.js', what: 'the sign-in form alone', firstForm: { limitKb: 11.8, targetKb: 12 }, presets: {}, targetKb: 12 },
];

/** @param {Uint8Array} bytes */
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * The import graph of one bundle, from the metafile `npm run build:elements` writes beside it (`<name>.meta.json`,
 * paths relative to the package): per output file, the files it imports at once and on first use.
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

/** @param {string} file */
function sizeLine(file) {
  const bytes = readFileSync(file);
  const size = brotli(bytes);
  const line = `${kb(bytes.length).padStart(9)} raw ${kb(gzipSync(bytes, { level: 9 }).length).padStart(9)} gzip ${kb(size).padStart(9)} brotli`;
  return { size, line };
}

let failed = false;
/**
 * Prints one figure against its limit and target; a figure over its limit fails the check.
 * @param {string} what
 * @param {number} size
 * @param {number} limitKb
 * @param {number} targetKb
 */
function judge(what, size, limitKb, targetKb) {
  const ok = size <= limitKb * 1024;
  const onTarget = size <= targetKb * 1024;
  console.log(`  ${ok ? '✓' : '✗'} ${what}: ${kb(size)} brotli (limit ${limitKb} KB)`);
  console.log(`  ${onTarget ? '✓' : '·'} target ${targetKb} KB: ${onTarget ? 'met' : `not met yet (${kb(size - targetKb * 1024)} over)`}`);
  if (!ok) failed = true;
}

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
  /** The chunk a step's element starts (rollup's hash is 8 characters, so `portico-mfa` is not `portico-mfa-setup`). */
  const chunkOf = (/** @type {string} */ name) => [...lazy].find((file) => new RegExp(`^chunks/${name}-[\\w-]{8}\\.js$`).test(relative(distDir, file)));

  console.log(`\n${budget.file} (${budget.what})`);
  let beforeForm = 0;
  for (const file of eager) {
    const { size, line } = sizeLine(file);
    beforeForm += size;
    console.log(`  ${relative(distDir, file).padEnd(44)} ${line}`);
  }
  judge('before the sign-in form shows', beforeForm, budget.firstForm.limitKb, budget.firstForm.targetKb);
  const swedish = [...lazy].find((file) => /^chunks\/messages\.sv-[\w-]+\.js$/.test(relative(distDir, file)));
  /** @type {Set<string>} */
  const stepFiles = new Set();
  for (const [preset, { limitKb, steps }] of Object.entries(budget.presets)) {
    console.log(`\n  ${preset}: all flows`);
    const counted = new Set(eager);
    let total = beforeForm;
    for (const step of steps) {
      const chunk = chunkOf(step);
      if (chunk === undefined) {
        console.error(`  ✗ no chunk found for ${step} (renamed? update the presets' steps)`);
        failed = true;
        continue;
      }
      for (const path of staticClosure(importsOf, chunk)) {
        if (counted.has(path)) continue;
        counted.add(path);
        stepFiles.add(path);
        const { size, line } = sizeLine(path);
        total += size;
        console.log(`    ${relative(distDir, path).padEnd(42)} ${line}  (${step})`);
      }
    }
    judge(`${preset}, the sign-in form and every step it can reach`, total, limitKb, budget.targetKb);
    if (swedish) console.log(`    in Swedish, plus its catalogue: ${kb(total + brotli(readFileSync(swedish)))}`);
  }
  for (const file of lazy) {
    if (stepFiles.has(file)) continue;
    const closure = [...staticClosure(importsOf, file)].filter((path) => !eager.includes(path) && !stepFiles.has(path));
    const size = closure.reduce((sum, path) => sum + brotli(readFileSync(path)), 0);
    console.log(`    not counted, on first use: ${relative(distDir, file).padEnd(36)} ${kb(size).padStart(9)} brotli`);
  }
}
if (failed) {
  console.error('\nA figure is over its size limit (or a bundle is missing).');
  process.exit(1);
}
