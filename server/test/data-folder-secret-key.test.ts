import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dataFolderSecretKey } from '../src/adapters/data-folder-secret-key.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';

describe("the data folder's secret key (PGlite without PORTICO_SECRET_KEY)", () => {
  it('is generated once, readable only by its owner, and the same at every start', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'portico-key-'));
    try {
      const [first, concurrent] = await Promise.all([dataFolderSecretKey(folder, webCryptoRandom), dataFolderSecretKey(folder, webCryptoRandom)]);
      assert.equal(first.length, 32);
      assert.deepEqual(concurrent, first, 'a second process at the same moment gets the same key');
      assert.deepEqual(await dataFolderSecretKey(folder, webCryptoRandom), first, 'kept across starts');
      assert.equal((await stat(join(folder, 'secret-key'))).mode & 0o777, 0o600);
      assert.equal(Buffer.from((await readFile(join(folder, 'secret-key'), 'utf8')).trim(), 'base64').length, 32);

      await writeFile(join(folder, 'secret-key'), 'too short\n');
      await assert.rejects(dataFolderSecretKey(folder, webCryptoRandom), /32-byte key/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
