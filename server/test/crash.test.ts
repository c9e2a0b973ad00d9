import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { apiPaths, OutboxResponse, SetPasswordStep } from '@portico/contract';
import { serverBuilt } from '../../test/support/server-process.mjs';

// The abuse suite, part five: the server killed (SIGKILL) in the middle of a stream of sign-ups, five times over, on
// PGlite. Every sign-up it acknowledged must survive: its code mailed (after the restart, if the crash came first),
// and working. The data folder must open again at once.

const repository = fileURLToPath(new URL('../..', import.meta.url));

interface Running {
  process: ChildProcess;
  url: string;
  startedInMs: number;
}

async function start(dataDir: string): Promise<Running> {
  await serverBuilt();
  const started = performance.now();
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && !name.startsWith('PORTICO_')));
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: repository,
    env: {
      ...env,
      PORT: '0',
      PORTICO_DATA_DIR: dataDir,
      PORTICO_STATIC_DIR: join(dataDir, 'no-pages'),
      PORTICO_PRESET: 'licensing',
      // One client sends the whole stream.
      PORTICO_SENDS_PER_IP_PER_HOUR: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  return { process: child, url, startedInMs: performance.now() - started };
}

/**
 * Sends sign-ups, a few at a time, until `stop` resolves; returns the addresses the server acknowledged (202).
 * `onAcknowledged` hears the running count, so the crash can be timed by the stream rather than by the clock.
 */
async function streamSignUps(url: string, cycle: number, stop: Promise<void>, onAcknowledged: (count: number) => void): Promise<string[]> {
  const acknowledged: string[] = [];
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let n = 0;
  const worker = async () => {
    while (!stopped) {
      const email = `crash-${cycle}-${n++}@example.se`;
      try {
        const response = await fetch(`${url}${apiPaths.signUp}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        });
        if (response.status === 202) onAcknowledged(acknowledged.push(email));
      } catch {
        // The server died mid-request: not acknowledged.
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return acknowledged;
}

describe('killed in the middle of sign-ups (PGlite)', () => {
  let dataDir = '';
  let last: Running | null = null;
  after(async () => {
    last?.process.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged sign-up and its mail, and opens the data folder at once after each crash', async (t) => {
    dataDir = await mkdtemp(join(tmpdir(), 'portico-crash-'));
    const acknowledged: string[] = [];
    const restarts: number[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      const running = await start(dataDir);
      if (cycle > 0) restarts.push(running.startedInMs);
      // Killed while four sign-ups are under way, once a few more each cycle were acknowledged: timed by the stream, not
      // by the clock, so a slow machine (or a suite running beside) still crashes it mid-stream, never before it began.
      let kill: () => void = () => undefined;
      const crash = new Promise<void>((resolve) => {
        kill = () => {
          running.process.kill('SIGKILL');
          resolve();
        };
      });
      // A server that acknowledges too little is killed anyway, and the count below says so.
      const giveUp = setTimeout(() => kill(), 10_000);
      void crash.then(() => clearTimeout(giveUp));
      const exited = new Promise((resolve) => running.process.on('exit', resolve));
      acknowledged.push(...(await streamSignUps(running.url, cycle, crash, (count) => count === 4 + cycle && setTimeout(kill, cycle * 20))));
      await exited;
    }
    last = await start(dataDir);
    restarts.push(last.startedInMs);
    t.diagnostic(`${acknowledged.length} sign-ups acknowledged across 5 crashes; restarts took ${restarts.map((ms) => Math.round(ms)).join(', ')} ms`);
    assert.ok(acknowledged.length >= 20, `only ${acknowledged.length} sign-ups were acknowledged`);
    // A restart takes about as long as a first start: the lock of the killed process does not hold it up.
    assert.ok(Math.max(...restarts) < 10_000, `restarts took ${restarts.join(', ')} ms`);

    for (const email of acknowledged) {
      // The dev outbox delivers what is queued before it answers.
      const outbox = OutboxResponse.parse(await (await fetch(`${last.url}${apiPaths.devOutbox}?to=${encodeURIComponent(email)}`)).json());
      const code = outbox.messages[0]?.text.match(/\b(\d{6})\b/)?.[1];
      assert.ok(code, `no code mailed to ${email}`);
      const verified: Response = await fetch(`${last.url}${apiPaths.signUpVerify}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, code }),
      });
      assert.equal(verified.status, 200, `the code mailed to ${email} does not work`);
      SetPasswordStep.parse(await verified.json());
    }
  });
});
