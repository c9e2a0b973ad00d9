import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presets, type PresetName } from '@portico/contract';
import { cookieKeepingFetch, createMockBackend, seedScenarios } from '@portico/mock';
import { setupServer } from 'msw/node';
import { startServer } from '../../support/server-process.mjs';
import { contractBrowser, type ContractBackend } from './contract-backend.ts';

const adminToken = `contract-admin-token-${crypto.randomUUID()}`;
const systemClock = { now: () => new Date() };

/**
 * The real server as a process (development mode, fresh data folder), reached over HTTP; seeded through its admin
 * API and its users' own requests, by the same function the mock seeds itself with.
 */
export async function startServerBackend(preset: PresetName): Promise<ContractBackend> {
  const data = await mkdtemp(join(tmpdir(), 'portico-contract-'));
  const assets = await mkdtemp(join(tmpdir(), 'portico-contract-static-'));
  const server = await startServer(
    {
      PORTICO_DATA_DIR: data,
      PORTICO_STATIC_DIR: assets,
      PORTICO_ADMIN_TOKEN: adminToken,
      PORTICO_MODE: 'development',
      PORTICO_PRESET: preset,
      HOST: '127.0.0.1',
      // Creating a fresh database takes seconds, many more on a busy machine running the presets side by side.
    },
    120_000,
  );
  try {
    const origin = server.url;
    const scenarios = await seedScenarios({
      origin,
      adminToken,
      policy: presets[preset],
      clock: systemClock,
      newBrowser: () => cookieKeepingFetch(systemClock),
    });
    return {
      kind: 'server',
      preset,
      origin,
      scenarios,
      browser() {
        return contractBrowser(origin, cookieKeepingFetch(systemClock));
      },
      async stop() {
        await server.stop();
        await rm(data, { recursive: true, force: true });
        await rm(assets, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The mock, behind msw's interception of this process's `fetch` (as a host's Node tests would use it). */
export async function startMockContractBackend(preset: PresetName): Promise<ContractBackend> {
  const backend = await createMockBackend({ preset, origin: `http://${preset}.portico.mock` });
  const interceptor = setupServer(...backend.handlers);
  interceptor.listen({ onUnhandledRequest: 'bypass' });
  return {
    kind: 'mock',
    preset,
    origin: backend.origin,
    scenarios: backend.scenarios,
    browser() {
      // The mock is one browser: a new one is that browser with its cookies gone.
      backend.clearCookies();
      return contractBrowser(backend.origin, (request) => fetch(request));
    },
    async stop() {
      interceptor.close();
      await backend.close();
    },
  };
}
