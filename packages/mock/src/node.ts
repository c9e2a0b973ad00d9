import { setupServer } from 'msw/node';
import { createMockBackend, type MockBackend, type MockBackendOptions } from './mock-backend.ts';

export * from './index.ts';

export interface RunningMockServer {
  backend: MockBackend;
  /** Stops intercepting: `fetch` reaches the network again. */
  stop(): Promise<void>;
}

/**
 * Starts the mock in this Node process: `fetch` to `${origin}/api/*` (default `http://portico.mock`) answers from
 * the mock; every other request goes to the network as usual.
 */
export async function startMockServer(options: MockBackendOptions = {}): Promise<RunningMockServer> {
  const backend = await createMockBackend(options);
  const server = setupServer(...backend.handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  return {
    backend,
    async stop() {
      server.close();
      await backend.close();
    },
  };
}
