import pg from 'pg';
import { createMemoryStore } from '../../src/adapters/memory/memory-store.ts';
import { openTestPglite } from './pglite.ts';
import { openPostgresStore } from '../../src/adapters/sql/postgres-store.ts';
import type { Store } from '../../src/ports/store.ts';

/**
 * The storage backends the storage and flow tests run on. PostgreSQL runs only when DATABASE_URL is set (CI sets
 * it); each suite then gets a database of its own, dropped afterwards.
 */
export interface Backend {
  name: string;
  /** A reason to skip, or false. */
  skip: string | false;
  open(): Promise<Store>;
}

export const postgresSkipReason = process.env.DATABASE_URL
  ? false
  : 'DATABASE_URL is not set: PostgreSQL storage tests skipped (set it to run them, as CI does)';

/** Creates an empty database next to DATABASE_URL's; returns its URL and a function that drops it. */
export async function createTemporaryDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `portico_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const sqlBackends: Backend[] = [
  { name: 'PGlite', skip: false, open: () => openTestPglite() },
  {
    name: 'PostgreSQL',
    skip: postgresSkipReason,
    async open() {
      const database = await createTemporaryDatabase();
      const store = await openPostgresStore(database.url);
      return {
        ...store,
        async close() {
          await store.close();
          await database.drop();
        },
      };
    },
  },
];

/** The in-memory store of the browser mock: it must keep the SQL adapter's semantics. */
export const memoryBackend: Backend = { name: 'memory', skip: false, open: async () => createMemoryStore() };

/**
 * The flow tests' backends: PGlite and PostgreSQL. PORTICO_TEST_STORES, a comma-separated list of backend names
 * (`pglite`, `postgresql`, `memory`, in any letter case), replaces them for one run, e.g. to run the flows on the
 * memory store.
 */
export const backends: Backend[] = chooseBackends(process.env.PORTICO_TEST_STORES, sqlBackends);

/** The storage tests' backends: every SQL one and the memory store, whatever PORTICO_TEST_STORES says. */
export const storeBackends: Backend[] = [...sqlBackends, memoryBackend];

function chooseBackends(names: string | undefined, byDefault: Backend[]): Backend[] {
  if (!names?.trim()) return byDefault;
  const all = [...sqlBackends, memoryBackend];
  return names.split(',').map((name) => {
    const backend = all.find((b) => b.name.toLowerCase() === name.trim().toLowerCase());
    if (!backend) throw new Error(`PORTICO_TEST_STORES names an unknown backend "${name.trim()}"; known: ${all.map((b) => b.name).join(', ')}`);
    return backend;
  });
}
