/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every compressible file under the paths given (files or
 * folders), so the server sends compressed bytes without compressing on each request (`serveStatic`'s
 * `precompressed`). Run by the builds on what the server serves: the element bundles and the demo.
 *
 * Usage: `node scripts/precompress.mjs <file or folder>...`
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const compressible = /\.(?:js|mjs|css|html|svg|json|map|txt|wasm)$/;
/** Below this, the headers of a compressed answer cost about what compression saves. */
const minBytes = 1024;
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

async function* filesUnder(path) {
  if (!(await stat(path)).isDirectory()) {
    yield path;
    return;
  }
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) yield join(entry.parentPath, entry.name);
  }
}

/** Compresses every compressible file under `paths`; resolves with how many and their sizes before and after. */
export async function precompress(paths) {
  const totals = { files: 0, bytes: 0, brotli: 0, gzip: 0 };
  const work = [];
  for (const path of paths) {
    for await (const file of filesUnder(path)) {
      if (!compressible.test(file)) continue;
      work.push(
        (async () => {
          const content = await readFile(file);
          if (content.length < minBytes) return;
          const [br, gz] = await Promise.all([
            brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
            gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
          totals.files += 1;
          totals.bytes += content.length;
          totals.brotli += br.length;
          totals.gzip += gz.length;
        })(),
      );
    }
  }
  await Promise.all(work);
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = process.argv.slice(2);
  const totals = await precompress(paths);
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(`precompressed ${totals.files} files: ${kb(totals.bytes)} → ${kb(totals.brotli)} brotli, ${kb(totals.gzip)} gzip`);
}
