import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookEvent } from '@portico/contract';
import { Webhook } from 'standardwebhooks';

/** A request the receiver took, signature checked. */
export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  body: string;
  event: WebhookEvent;
  /** What the receiver answered. */
  status: number;
}

/** What to answer a request: a status, or `hold` (never answer; the connection is dropped at close). */
export type Answer = number | 'hold';

/** A 32-byte Standard Webhooks secret. */
export function webhookSecret(fill: number): string {
  return `whsec_${Buffer.alloc(32, fill).toString('base64')}`;
}

/**
 * A host back end on 127.0.0.1: verifies every request's signature with standardwebhooks' own `verify` (a request
 * that fails it is kept in `rejected` and answered 400), parses the body with the contract, and answers as `answer`
 * says. `now` is the receiver's clock for the signature's freshness check, so a test's clock may run ahead of the
 * real one.
 */
export async function startReceiver(secret: string, options: { now?: () => number; port?: number } = {}) {
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  const rejected: string[] = [];
  const held: ServerResponse[] = [];
  let answer: (event: WebhookEvent) => Answer = () => 200;
  let onRequest: (() => void) | null = null;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
    const realNow = Date.now;
    try {
      // The library checks freshness against Date.now: the receiver's clock is the test's.
      if (options.now) Date.now = options.now;
      verifier.verify(body, headers);
      if (request.headers['content-type'] !== 'application/json') throw new Error(`content-type ${request.headers['content-type']}`);
    } catch (error) {
      rejected.push(error instanceof Error ? error.message : String(error));
      response.writeHead(400).end();
      return;
    } finally {
      Date.now = realNow;
    }
    const event = WebhookEvent.parse(JSON.parse(body));
    const status = answer(event);
    received.push({ id: headers['webhook-id']!, timestamp: Number(headers['webhook-timestamp']), body, event, status: status === 'hold' ? 0 : status });
    onRequest?.();
    if (status === 'hold') held.push(response);
    else response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
  };

  let server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    secret,
    received,
    rejected,
    answer(how: (event: WebhookEvent) => Answer) {
      answer = how;
    },
    /** Resolves at the next request taken. */
    nextRequest(): Promise<void> {
      return new Promise((resolve) => {
        onRequest = () => {
          onRequest = null;
          resolve();
        };
      });
    },
    /** Stops listening: connections are refused until `reopen`. */
    async stop(): Promise<void> {
      for (const response of held.splice(0)) response.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    /** Listens again on the same port. */
    async reopen(): Promise<void> {
      server = createServer((request, response) => void handle(request, response));
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    /** Events as the receiver saw them, delivered or not, in order of arrival. */
    types(): string[] {
      return received.map((r) => r.event.type);
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
