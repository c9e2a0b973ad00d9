import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { apiPaths } from '@portico/contract';
import { startServer, temporaryFolder } from '../../test/support/server-process.mjs';
import { type Receiver, startReceiver, webhookSecret } from './support/webhook-receiver.ts';
import { runCliInProcess } from '../../test/support/cli-in-process.ts';

// The server killed (SIGKILL) after a change committed and while its webhook was on the way, unacknowledged: the
// event must reach the receiver after the restart, with the same webhook-id, and the CLI must show it delivered.

const adminToken = 'crash-test-admin-token-0123456789abcdef';
const email = 'crashed@example.se';

async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('webhooks survive a killed server (PGlite)', () => {
  let receiver: Receiver | null = null;
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await receiver?.stop();
  });

  it('delivers after the restart what was committed but not acknowledged before the kill', async () => {
    receiver = await startReceiver(webhookSecret(9));
    const ours = (body: string) => body.includes(email);
    // The first try of our event never gets an answer: the server dies waiting for it.
    let held = false;
    receiver.answer((event) => {
      if (event.type === 'user.created' && event.data.email === email && !held) {
        held = true;
        return 'hold';
      }
      return 200;
    });
    const folder = await temporaryFolder('portico-webhooks-crash-');
    cleanups.push(() => folder.remove());
    const env = {
      PORTICO_DATA_DIR: folder.path,
      PORTICO_STATIC_DIR: join(folder.path, 'no-pages'),
      PORTICO_ADMIN_TOKEN: adminToken,
      PORTICO_WEBHOOKS: `${receiver.url} ${receiver.secret}`,
    };

    const first = await startServer(env);
    const created = await fetch(`${first.url}${apiPaths.adminUsers}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'Crash-Proof-2026!' }),
    });
    assert.equal(created.status, 201);
    await until('the first try', () => receiver!.received.some((r) => ours(r.body)));
    first.child.kill('SIGKILL');
    await first.stop();
    const [firstTry] = receiver.received.filter((r) => ours(r.body));
    assert.equal(firstTry!.status, 0, 'never answered');

    const second = await startServer(env);
    cleanups.push(() => second.stop());
    await until('the delivery after the restart', () => receiver!.received.some((r) => ours(r.body) && r.status === 200));
    assert.deepEqual(receiver.rejected, []);
    const delivered = receiver.received.filter((r) => ours(r.body) && r.status === 200);
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]!.id, firstTry!.id, 'the same webhook-id');
    assert.equal(delivered[0]!.body, firstTry!.body, 'the same bytes');

    // The CLI reaches the running server's admin API and shows the delivery done.
    const listed = await runCliInProcess(['webhooks', 'list'], { PORTICO_DATA_DIR: folder.path });
    assert.equal(listed.code, 0, listed.stderr);
    const line = listed.stdout.split('\n').find((l) => l.includes('user.created') && l.includes('delivered') && l.includes(receiver!.url));
    assert.ok(line, listed.stdout);
  });
});
