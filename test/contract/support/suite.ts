import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PresetName } from '@portico/contract';
import type { ContractBackend, ContractBrowser } from './contract-backend.ts';
import { startMockContractBackend, startServerBackend } from './backends.ts';

export type Flow = (backend: ContractBackend, browser: ContractBrowser) => Promise<void>;

/**
 * Runs every flow on the real server and on the mock, each in a fresh browser. A flow asserts what it expects; then
 * the two transcripts (every answer's status, and its body reduced to shape plus the values that cannot differ) must
 * be equal: the mock answers exactly as the server does. Flows run in order, on the same two backends.
 */
export function contractSuite(preset: PresetName, flows: Record<string, Flow>): void {
  describe(`contract: ${preset} preset`, () => {
    const backends: ContractBackend[] = [];

    before(async () => {
      const started = await Promise.allSettled([startServerBackend(preset), startMockContractBackend(preset)]);
      for (const result of started) if (result.status === 'fulfilled') backends.push(result.value);
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    });

    after(async () => {
      await Promise.all(backends.map((backend) => backend.stop()));
    });

    for (const [name, flow] of Object.entries(flows)) {
      it(name, async () => {
        const transcripts = new Map<string, unknown>();
        for (const backend of backends) {
          const browser = backend.browser();
          try {
            await flow(backend, browser);
          } catch (error) {
            if (error instanceof Error) error.message = `[${backend.kind}] ${error.message}`;
            throw error;
          }
          transcripts.set(backend.kind, browser.transcript);
        }
        assert.deepEqual(transcripts.get('mock'), transcripts.get('server'), 'the mock must answer exactly as the server');
      });
    }
  });
}
