import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createArgon2PasswordHasher } from '../src/adapters/argon2-password-hasher.ts';
import { createMemoryStore } from '../src/adapters/memory/memory-store.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import { ensureDemoUser } from '../src/demo-user.ts';
import { UserService } from '../src/services/user-service.ts';
import { WebhookEvents } from '../src/services/webhooks/webhook-events.ts';
import { startServer, temporaryFolder } from '../../test/support/server-process.mjs';
import { createTemporaryDatabase, postgresSkipReason } from './support/backends.ts';
import { TestClock } from './support/test-clock.ts';

describe('the demo user on a first development start', () => {
  it('creates the data folder (owner-only) for its note when nothing else made it', async () => {
    const folder = await temporaryFolder();
    try {
      // On PostgreSQL nothing else creates the data folder.
      const dataDir = join(folder.path, 'not', 'there', 'yet');
      const store = createMemoryStore();
      const clock = new TestClock();
      const noWebhooks = new WebhookEvents(store, clock, webCryptoRandom, [], () => undefined);
      const users = new UserService(store, createArgon2PasswordHasher(), clock, webCryptoRandom, noWebhooks);
      const demo = await ensureDemoUser(users, webCryptoRandom, dataDir);
      assert.ok(demo);
      assert.deepEqual(JSON.parse(await readFile(join(dataDir, 'demo-user.json'), 'utf8')), demo);
      assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
      assert.equal((await stat(join(dataDir, 'demo-user.json'))).mode & 0o777, 0o600);
      // The next start prints the same credentials again.
      assert.deepEqual(await ensureDemoUser(users, webCryptoRandom, dataDir), demo);
    } finally {
      await folder.remove();
    }
  });

  it('npm start with DATABASE_URL and no data folder starts and prints the demo user', { skip: postgresSkipReason }, async () => {
    const database = await createTemporaryDatabase();
    const folder = await temporaryFolder();
    try {
      const server = await startServer({ DATABASE_URL: database.url, PORTICO_DATA_DIR: join(folder.path, 'absent'), PORTICO_STATIC_DIR: folder.path });
      try {
        assert.match(server.output(), /demo user: demo@portico\.test\s+password: \S+/);
      } finally {
        await server.stop();
      }
    } finally {
      await folder.remove();
      await database.drop();
    }
  });
});
