import { createMemoryStore } from '@portico/server/adapters/memory/memory-store.ts';
import type { Store } from '@portico/server/ports';

/** Fresh, empty storage for one mock backend: in memory, so it works in a browser and is gone with the page. */
export async function openMockStore(): Promise<Store> {
  return createMemoryStore();
}
