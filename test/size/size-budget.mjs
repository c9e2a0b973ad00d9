/**
 * The size check (`npm run test:size`, part of `npm test`): what a page downloads for Portico, brotli compressed at
 * the highest quality (as a CDN or a pre-compressing server sends it).
 *
 * Each bundle counts the file, every file it imports statically (needed before anything renders) and the chunks its
 * flows load on first use (`<portico-auth>`'s BankID and 2-step setup steps): the product's size bar (PRODUCT.md) is
 * for all of `<portico-auth>`, every flow, with only the QR code generator loaded lazily. What is not part of the
 * bundle's flows is listed, not counted: the QR code generator, the Swedish catalogue (a page in English never loads
 * it), and the elements of signed-in pages (`<portico-profile>` and its sections), which `portico.js` loads when one of
 * their tags appears. The check also prints what loads before anything renders, and the total for a page in Swedish.
 *
 * Each bundle has a limit and a target. The limit is enforced (exit 1 above it, or when a bundle is missing: run
 * `npm run build:elements` first): it is where the bundle stands today plus a little room, so that growth is a
 * decision, not an accident; lower it whenever the bundle shrinks. The target is the product's size bar (25 KB for
 * `<portico-auth>`, 12 KB for the sign-in entry); it is printed, met or not, until the limit reaches it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const distDir = fileURLToPath(new URL('../../packages/elements/dist/', import.meta.url));
const budgets = [
  {
    file: 'portico.js',
    what: '<portico-auth> with every flow, Lit included',
    // 39 until the picker showed roles, Set credentials served onboarding and portico-field styled selects; 39.5 until
    // the admin API's disable/enable paths joined the one path table the browser client shares with the server; 39.6
    // until each element spoke its own language through its own localizer (`this.msg`, helpers given `this.i18n`)
    // rather than a global switched around renders; 39.8 until a sign-out stopped cutting off a flow begun on the
    // sign-in form that shows while the server is told. Splitting the steps out of the first load is the next step down.
    limitKb: 39.9,
    targetKb: 25,
    // Chunks named after the module they start from: `<portico-auth>` loads these steps on first use. The passkey
    // chunks load right after the first render wherever passkeys are on (the e-mail field's autofill waits on them).
    flowChunks: {
      'portico-bankid': 'BankID sign-in',
      'portico-mfa-setup': '2-step setup',
      'passkey-sign-in': 'passkey sign-in, after the first render',
      'passkey-ceremonies': 'WebAuthn, after the first render',
    },
  },
  // 11.7 until each element spoke its own language through its own localizer (see portico.js above).
  { file: 'sign-in.js', what: 'the sign-in form alone', limitKb: 11.8, targetKb: 12, flowChunks: {} },
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
  /** @param {string} file */
  const flowOf = (file) => Object.entries(budget.flowChunks).find(([name]) => new RegExp(`^chunks/${name}-[\\w-]+\\.js$`).test(relative(distDir, file)))?.[1];
  const flowFiles = [...lazy].filter((file) => flowOf(file) !== undefined);
  const missing = Object.values(budget.flowChunks).filter((flow) => !flowFiles.some((file) => flowOf(file) === flow));
  if (missing.length > 0) {
    console.error(`✗ ${budget.file}: no chunk found for ${missing.join(', ')} (renamed? update flowChunks)`);
    failed = true;
  }

  console.log(`\n${budget.file} (${budget.what}): limit ${budget.limitKb} KB brotli, target ${budget.targetKb} KB`);
  let beforeRender = 0;
  for (const file of eager) {
    const { size, line } = sizeLine(file);
    beforeRender += size;
    console.log(`  ${relative(distDir, file).padEnd(44)} ${line}`);
  }
  let total = beforeRender;
  // A chunk two flows share (the WebAuthn code of the passkey sign-in and of the passkey second step) counts once.
  const counted = new Set(eager);
  for (const file of flowFiles) {
    const closure = [...staticClosure(importsOf, file)].filter((path) => !counted.has(path));
    for (const path of closure) {
      counted.add(path);
      const { size, line } = sizeLine(path);
      total += size;
      console.log(`  ${relative(distDir, path).padEnd(44)} ${line}  (${flowOf(file)}, on first use)`);
    }
  }
  const ok = total <= budget.limitKb * 1024;
  const onTarget = total <= budget.targetKb * 1024;
  console.log(`  ${ok ? '✓' : '✗'} ${budget.what}: ${kb(total)} brotli (limit ${budget.limitKb} KB)`);
  console.log(`  ${onTarget ? '✓' : '·'} target ${budget.targetKb} KB: ${onTarget ? 'met' : `not met yet (${kb(total - budget.targetKb * 1024)} over)`}`);
  console.log(`    of which loaded before anything renders: ${kb(beforeRender)}`);
  const swedish = [...lazy].find((file) => /^chunks\/messages\.sv-[\w-]+\.js$/.test(relative(distDir, file)));
  if (swedish) console.log(`    in Swedish (the leasing preset's default), plus its catalogue: ${kb(total + brotli(readFileSync(swedish)))}`);
  for (const file of lazy) {
    if (flowFiles.includes(file)) continue;
    const closure = [...staticClosure(importsOf, file)].filter((path) => !eager.includes(path) && !flowFiles.includes(path));
    const size = closure.reduce((sum, path) => sum + brotli(readFileSync(path)), 0);
    console.log(`    not counted, on first use: ${relative(distDir, file).padEnd(36)} ${kb(size).padStart(9)} brotli`);
  }
  if (!ok) failed = true;
}
if (failed) {
  console.error('\nA bundle is over its size limit (or missing).');
  process.exit(1);
}
