import { OutboxQuery, type OutboxResponse } from '@portico/contract';
import { Hono } from 'hono';
import type { OutboxEntry, OutboxStore } from '../ports/store.ts';
import type { AppEnv, AppSettings, Services } from './app-env.ts';
import { endpointRoutes } from './endpoint-route.ts';
import { ApiError } from './middleware/api-error.ts';

function toOutboxMessage(entry: OutboxEntry): OutboxResponse['messages'][number] {
  return {
    id: entry.id,
    channel: entry.channel,
    to: entry.recipient,
    subject: entry.subject,
    text: entry.text,
    html: entry.html,
    createdAt: entry.createdAt.toISOString(),
  };
}

/**
 * Development-only endpoints. The outbox holds live codes and links for every address, so `createApp` mounts these
 * only with `devOutbox: true` (development mode); otherwise the path is an ordinary 404.
 */
/**
 * Whether a request names this server by a host a browser could only reach it as: an address, `localhost`, or the
 * public URL's host. A page on a domain of someone else's that resolves to this machine (DNS rebinding) names that
 * domain instead, and must not read the outbox, though the browser counts it as that page's own origin.
 */
function namesThisServer(host: string, publicUrl: string | null): boolean {
  if (host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) return true;
  return publicUrl !== null && host === new URL(publicUrl).hostname;
}

export function devRoutes(services: Services, settings: AppSettings, outbox: OutboxStore): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const route = endpointRoutes(routes, services, settings);

  route('devOutbox', async (c) => {
    // A server on a network answers only requests that name it; none can reach the mock's.
    if (settings.devOutboxHostCheck && !namesThisServer(new URL(c.req.url).hostname, settings.publicUrl))
      throw new ApiError(404, 'not_found', 'No such endpoint.');
    const parsed = OutboxQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))];
      throw new ApiError(400, 'invalid_request', `Invalid query parameters: ${fields.join(', ')}.`, { fields });
    }
    const { to, channel, limit } = parsed.data;
    // What is queued is as good as sent here: deliver it first, so the list shows the mail a flow just said it sent.
    await services.delivery.settled();
    const entries = await outbox.listOutbox({ recipient: to, channel, limit });
    return { messages: entries.map(toOutboxMessage) };
  });

  return routes;
}
