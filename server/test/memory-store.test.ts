import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { createMemoryStore, MemoryStoreError } from '../src/adapters/memory/memory-store.ts';

// What the memory store does beyond the storage tests it shares with the SQL adapter (store.test.ts).

const t0 = new Date('2026-03-01T09:00:00.000Z');

describe('memory store', () => {
  it('uses nothing but web-standard JavaScript, so it runs in a browser', async () => {
    const source = await readFile(new URL('../src/adapters/memory/memory-store.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import[^;]*?from '([^']+)'/gms)].map((m) => m[1]);
    assert.deepEqual(imports, ['../../ports/store.ts'], 'only the port, which is types and error classes');
    assert.doesNotMatch(source, /\bBuffer\b|\bprocess\.|\brequire\(/);
  });

  it('reports what the database would have refused with its SQLSTATE', async () => {
    const store = createMemoryStore();
    const user = await store.createUser({ id: crypto.randomUUID(), email: 'code@example.se', passwordHash: null, createdAt: t0 });
    const session = { id: 's'.repeat(64), userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: t0 };
    await store.createSession(session);
    const refusals: [Promise<unknown>, string][] = [
      [store.createSession(session), '23505'],
      [store.createSession({ ...session, id: 't'.repeat(64), userId: crypto.randomUUID() }), '23503'],
      [store.findUserById('42'), '22P02'],
      [store.findUserByEmail('code@example.se\u0000'), '22021'],
      [store.listOutbox({ limit: -1 }), '2201W'],
    ];
    for (const [refusal, code] of refusals) {
      await assert.rejects(refusal, (error) => error instanceof MemoryStoreError && error.code === code);
    }
  });

  it('keeps each store to itself, and refuses every call once closed', async () => {
    const first = createMemoryStore();
    const second = createMemoryStore();
    await first.addToOutbox({ channel: 'sms', recipient: '+46701234567', subject: null, text: 'hi', html: null, createdAt: t0 });
    await second.addToOutbox({ channel: 'sms', recipient: '+46701234567', subject: null, text: 'hello', html: null, createdAt: t0 });
    assert.deepEqual(
      (await first.listOutbox({ limit: 10 })).map((m) => [m.id, m.text]),
      [[1, 'hi']],
    );
    await first.close();
    await assert.rejects(first.listOutbox({ limit: 10 }), /closed/);
    await assert.rejects(first.createUser({ id: crypto.randomUUID(), email: 'late@example.se', passwordHash: null, createdAt: t0 }), /closed/);
    await first.close();
    assert.equal((await second.listOutbox({ limit: 10 })).length, 1);
  });
});
