import pg from 'pg';
import type { SessionChange, SessionChangeFeed } from '../../ports/store.ts';
import { sessionChangeChannel } from './sql-store.ts';

/** How long to wait before listening again after the connection was lost. */
const reconnectDelayMs = 1_000;

function parseChange(payload: string | undefined): SessionChange | null {
  if (!payload || payload.length < 3 || payload[1] !== ':') return null;
  const id = payload.slice(2);
  if (payload[0] === 's') return { sessionId: id };
  if (payload[0] === 'u') return { userId: id };
  return null;
}

/**
 * Hears the session changes every node announces (sql-store.ts NOTIFYs them in the transaction that makes them) on a
 * connection of its own, outside the pool, since LISTEN belongs to one connection. When that connection is lost, the
 * subscriber is told so at once (anything may have been missed: nothing may be served from memory) and again when a
 * new connection listens.
 */
export function postgresSessionFeed(connectionString: string): SessionChangeFeed {
  return {
    async subscribe(onChange, onHealth) {
      let closed = false;
      let client: pg.Client | null = null;
      let retry: ReturnType<typeof setTimeout> | null = null;

      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString });
        next.on('notification', (message) => {
          if (message.channel !== sessionChangeChannel) return;
          const change = parseChange(message.payload);
          if (change) onChange(change);
        });
        next.on('error', (error) => {
          console.error(`[portico] lost the session-change connection to PostgreSQL: ${error.message}`);
          lost(next);
        });
        next.on('end', () => lost(next));
        await next.connect();
        await next.query(`listen ${sessionChangeChannel}`);
        if (closed) {
          await next.end();
          return;
        }
        client = next;
        onHealth(true);
      };

      const lost = (which: pg.Client) => {
        if (client !== which) return;
        client = null;
        onHealth(false);
        if (closed || retry) return;
        retry = setTimeout(function again() {
          retry = null;
          if (closed) return;
          connect().catch((error: unknown) => {
            console.error(`[portico] cannot listen for session changes yet: ${error instanceof Error ? error.message : String(error)}`);
            retry = setTimeout(again, reconnectDelayMs);
            retry.unref?.();
          });
        }, reconnectDelayMs);
        retry.unref?.();
      };

      await connect();
      return {
        async close() {
          closed = true;
          if (retry) clearTimeout(retry);
          const current = client;
          client = null;
          await current?.end().catch(() => undefined);
        },
      };
    },
  };
}
