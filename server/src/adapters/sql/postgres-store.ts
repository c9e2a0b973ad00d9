import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Store } from '../../ports/store.ts';
import { migrationsFolder } from './migrations-folder.ts';
import { schema } from './schema.ts';
import { postgresSessionFeed } from './postgres-session-feed.ts';
import { createSqlStore } from './sql-store.ts';

/** Any fixed number: it names the advisory lock that serialises migrations across Portico nodes. */
const migrationLockId = 7_406_722_591;

/**
 * PostgreSQL via node-postgres. Several Portico nodes may start at once against one database, so migrations run
 * under an advisory lock: the first node migrates, the others wait and then find nothing left to do.
 */
export async function openPostgresStore(connectionString: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection can be cut (database restart, failover, an administrator). Without a listener node-postgres
  // raises that as an uncaught exception and the process dies; with one, the pool just opens a new connection.
  pool.on('error', (error) => console.error(`[portico] a PostgreSQL connection was lost: ${error.message}`));
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [migrationLockId]);
      await migrate(drizzle({ client, schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [migrationLockId]).catch(() => undefined);
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  // Several nodes share the database: each announces its session changes and hears the others'.
  return createSqlStore(drizzle({ client: pool, schema }), () => pool.end(), { notify: true, sessionChanges: postgresSessionFeed(connectionString) });
}
