import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, DoneStep } from '@portico/contract';
import { dataFolderSecretKey } from '../src/adapters/data-folder-secret-key.ts';
import { lockDataFolder } from '../src/adapters/data-folder-lock.ts';
import { openStore } from '../src/adapters/open-store.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { totpCodeAt } from '../src/services/mfa/totp.ts';
import { migratedFolder } from '../../test/support/server-process.mjs';
import { browser, enableTotp, passwordStep, signedInNewUser } from './support/mfa.ts';
import { testApp } from './support/test-app.ts';
import { runCliInProcess } from '../../test/support/cli-in-process.ts';

const email = 'app.user@example.com';

describe('npm run portico -- secrets seal', () => {
  let folder: Awaited<ReturnType<typeof migratedFolder>>;
  let secret: string;
  before(async () => {
    folder = await migratedFolder();
    // A server that ran without a key (PostgreSQL in development, or Portico before keys existed) stored it unsealed.
    const opened = await openStore({ databaseUrl: undefined, dataDir: folder.path });
    try {
      const t = testApp(opened.store, { settings: { secretKey: null } });
      secret = await enableTotp(t, await signedInNewUser(t, email, '192.0.2.10'));
      const [factor] = await opened.store.listFactors((await opened.store.findUserByEmail(email))!.id);
      assert.ok(factor?.secret?.includes(secret), 'stored unsealed before');
    } finally {
      await opened.close();
    }
  });
  after(() => folder?.remove());

  it("seals every unsealed app secret once, says how many, and the app's codes keep working", async () => {
    const env = { PORTICO_DATA_DIR: folder.path };
    const first = await runCliInProcess(['secrets', 'seal'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Sealed 1 authenticator-app secret with the data folder's key \(PGlite in /);
    const again = await runCliInProcess(['secrets', 'seal'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Nothing to seal: every authenticator-app secret is sealed already/);

    const opened = await openStore({ databaseUrl: undefined, dataDir: folder.path });
    try {
      const user = (await opened.store.findUserByEmail(email))!;
      const [factor] = await opened.store.listFactors(user.id);
      assert.ok(factor?.secret && !factor.secret.includes(secret), 'a copy of the database no longer holds the secret');
      // The server (with the folder's key, as npm start uses it) signs the user in with a code from the same app.
      const t = testApp(opened.store, { settings: { secretKey: await dataFolderSecretKey(folder.path, webCryptoRandom) } });
      t.clock.advance(60);
      const b = browser(t, '192.0.2.11');
      const step = await passwordStep(b, email);
      const done = await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: totpCodeAt(secret, t.clock.now()) });
      assert.equal(done.status, 200);
      assert.equal(DoneStep.parse(await done.json()).user.email, email);
    } finally {
      await opened.close();
    }
  });

  it('refuses while a server (or anything else) holds the PGlite folder, and touches nothing', async () => {
    const lock = await lockDataFolder(folder.path);
    try {
      const refused = await runCliInProcess(['secrets', 'seal'], { PORTICO_DATA_DIR: folder.path });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /in use by another Portico process\. Stop the server/);
    } finally {
      await lock.release();
    }
  });

  it('refuses on PostgreSQL without PORTICO_SECRET_KEY, before connecting', async () => {
    const refused = await runCliInProcess(['secrets', 'seal'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORTICO_DATA_DIR: folder.path });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /PORTICO_SECRET_KEY is required to seal secrets on PostgreSQL/);
  });
});
