import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { serveBuilt } from '../src/static-files.ts';

// The files Portico's own server serves beside the API, as a build leaves them: compressed copies written once at
// build time (scripts/precompress.mjs), sent to browsers that accept them, with cache headers by name.

const precompressScript = fileURLToPath(new URL('../../scripts/precompress.mjs', import.meta.url));

describe('static files as built', () => {
  let dir: string;
  let app: Hono;
  const chunk = 'chunks/portico-Ab3_x9Zq.js';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-static-'));
    mkdirSync(join(dir, 'chunks'));
    // Big enough to be worth compressing; a tiny file is left as it is.
    writeFileSync(join(dir, chunk), `export const steps = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `step ${i}`))};\n`);
    writeFileSync(join(dir, 'portico.js'), `import './${chunk}';\n${'// the entry, which keeps its name from build to build\n'.repeat(40)}`);
    writeFileSync(join(dir, 'tiny.js'), 'export {};\n');
    const printed = execFileSync(process.execPath, [precompressScript, dir], { encoding: 'utf8' });
    assert.match(printed, /precompressed 2 files/);
    app = new Hono().use('/*', serveBuilt({ root: dir }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const get = (path: string, acceptEncoding?: string) => app.request(path, acceptEncoding ? { headers: { 'accept-encoding': acceptEncoding } } : {});

  it('sends the brotli copy to a browser that accepts it, and it is the file, byte for byte', async () => {
    const response = await get(`/${chunk}`, 'gzip, deflate, br, zstd');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-encoding'), 'br');
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(response.headers.get('vary') ?? '', /accept-encoding/i);
    const body = Buffer.from(await response.arrayBuffer());
    assert.ok(body.length < readFileSync(join(dir, chunk)).length / 3, `${body.length} bytes sent`);
    assert.deepEqual(brotliDecompressSync(body), readFileSync(join(dir, chunk)));
  });

  it('sends the gzip copy where brotli is not accepted, and the file itself where nothing is', async () => {
    const gzip = await get(`/${chunk}`, 'gzip');
    assert.equal(gzip.headers.get('content-encoding'), 'gzip');
    assert.deepEqual(gunzipSync(Buffer.from(await gzip.arrayBuffer())), readFileSync(join(dir, chunk)));

    const plain = await get(`/${chunk}`);
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.match(plain.headers.get('vary') ?? '', /accept-encoding/i, 'a shared cache keeps the variants apart');
    assert.deepEqual(Buffer.from(await plain.arrayBuffer()), readFileSync(join(dir, chunk)));

    const tiny = await get('/tiny.js', 'br');
    assert.equal(tiny.headers.get('content-encoding'), null, 'a file under 1 KB has no compressed copy');
  });

  it('lets browsers keep a content-hashed chunk for good, and asks them to check the entry each time', async () => {
    assert.equal((await get(`/${chunk}`, 'br')).headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await get('/portico.js', 'br')).headers.get('cache-control'), 'no-cache');
    assert.equal((await get('/portico.js', 'br')).headers.get('content-encoding'), 'br');
  });
});
