import { setupWorker } from 'msw/browser';
import { createMockBackend, type MockBackend, type MockBackendOptions } from './mock-backend.ts';

export * from './index.ts';

export interface StartMockBackendOptions extends MockBackendOptions {
  /** Where the page can load msw's service worker (copy it with `npx msw init <public folder>`); default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
  /** Log every mocked request in the console (msw's own logging); default false. */
  verbose?: boolean;
}

export interface RunningMockBackend {
  backend: MockBackend;
  /** Stops mocking: requests reach the network again. */
  stop(): Promise<void>;
}

/**
 * Starts the mock in this page: the API at `${origin}/api/*` (the page's own origin by default) answers from the
 * mock, through msw's service worker. Other requests go to the network as usual.
 */
export async function startMockBackend(options: StartMockBackendOptions = {}): Promise<RunningMockBackend> {
  const { serviceWorkerUrl = '/mockServiceWorker.js', verbose = false, ...backendOptions } = options;
  const backend = await createMockBackend(backendOptions);
  const worker = setupWorker(...backend.handlers);
  await worker.start({ serviceWorker: { url: serviceWorkerUrl }, onUnhandledRequest: 'bypass', quiet: !verbose });
  return {
    backend,
    async stop() {
      worker.stop();
      await backend.close();
    },
  };
}
