import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyMigratedDatabase, startServer, temporaryFolder } from '../../test/support/server-process.mjs';

// Production serves the element bundles a host embeds and nothing of the demo. (That the demo's own pages work under
// their Content-Security-Policy, and cannot be framed, every end-to-end test shows: see watchPage in
// test/support/demo-page.ts, and the demo sign-in test.)

describe('what production serves beside the API', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  before(async () => {
    folder = await temporaryFolder();
    // What is served does not depend on the database: an empty, migrated one spares each start its first-start work.
    await copyMigratedDatabase(join(folder.path, 'data'));
  });
  after(() => folder?.remove());

  const production = (dataDir: string) => ({
    PORTICO_DATA_DIR: dataDir,
    PORTICO_MODE: 'production',
    PORTICO_PUBLIC_URL: 'https://portal.example.com/',
    SMTP_URL: 'smtp://127.0.0.1:9',
    PORTICO_MFA_METHODS: 'totp',
  });

  it('by default, only the element bundles a host embeds: no demo, playground, test phone or mock backend', async () => {
    const server = await startServer(production(join(folder.path, 'data')));
    try {
      for (const path of ['/portico.js', '/sign-in.js']) {
        const response = await fetch(`${server.url}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', /javascript/, path);
      }
      const chunk = /from"\.\/(chunks\/[^"]+\.js)"/.exec(await (await fetch(`${server.url}/portico.js`)).text())?.[1];
      assert.ok(chunk, 'portico.js imports a chunk');
      assert.equal((await fetch(`${server.url}/${chunk}`)).status, 200);
      for (const path of [
        '/',
        '/index.html',
        '/playground.html',
        '/test-phone.html',
        '/hosts/plain.html',
        '/hosts/react.html',
        '/mockServiceWorker.js',
        '/portico-mock.js',
        '/bankid-test/test-phone/orders',
      ]) {
        assert.equal((await fetch(`${server.url}${path}`)).status, 404, path);
      }
    } finally {
      await server.stop();
    }
  });

  it("serves an operator's own PORTICO_STATIC_DIR under the page policy, and refuses the demo build", async () => {
    const own = join(folder.path, 'own-pages');
    await mkdir(own);
    await writeFile(join(own, 'index.html'), '<!doctype html><title>Login</title><script type="module" src="/portico.js"></script>');
    const server = await startServer({ ...production(join(folder.path, 'data')), PORTICO_STATIC_DIR: own });
    try {
      const page = await fetch(`${server.url}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
    } finally {
      await server.stop();
    }
    await writeFile(join(own, 'mockServiceWorker.js'), '// the mock backend');
    const refused = await startServer({ ...production(join(folder.path, 'data')), PORTICO_STATIC_DIR: own }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    assert.match(refused, /holds the demo build \(mockServiceWorker\.js/);
  });
});
