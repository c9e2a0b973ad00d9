import pg from 'pg';
import { openPgliteStore } from '../../src/adapters/sql/pglite-store.ts';
import { openPostgresStore } from '../../src/adapters/sql/postgres-store.ts';
import type { Store } from '../../src/ports/store.ts';

/**
 * The storage backends every storage and flow test runs on. PostgreSQL runs only when DATABASE_URL is set (CI sets
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

export const backends: Backend[] = [
  { name: 'PGlite', skip: false, open: () => openPgliteStore() },
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
