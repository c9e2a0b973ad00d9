/**
 * The demo portal's own back end: what a host's API does with Portico. It knows Portico only through
 * `@portico/verify` (a token's signature, issuer, audience and expiry, and with `validate` whether the session is
 * still live), and through signed webhook events. Invoices are made up, per customer account.
 */
import { createVerifier, type Verifier } from '@portico/verify';
import { porticoAuth, type PorticoEnv } from '@portico/verify/hono';
import { Hono, type MiddlewareHandler } from 'hono';
import { Webhook } from 'standardwebhooks';

export interface PortalApiOptions {
  /** The Portico server's token issuer; a function when known only once the server listens. */
  issuer: () => string;
  /** The key the demo presents to Portico's instant validation (invoices are worth checking the session for). */
  apiKey: string;
  /** The secret of the webhook endpoint Portico delivers the demo's events to. */
  webhookSecret: string;
}

export interface Invoice {
  number: string;
  issued: string;
  amount: string;
  status: 'paid' | 'due';
}

/** The webhook events the demo received, newest first, as the dashboard lists them. */
export interface ReceivedEvent {
  id: string;
  type: string;
  receivedAt: string;
}

const maxEvents = 50;

/** Three invoices per account, the same on every start: numbers and amounts follow from the customer ID. */
export function invoicesOf(customerId: string): Invoice[] {
  let seed = 0;
  for (const char of customerId) seed = (seed * 31 + char.charCodeAt(0)) % 1_000_003;
  return [0, 1, 2].map((i) => {
    const value = (seed * (i + 7)) % 90_000;
    return {
      number: `${customerId}-${2026_10 - i * 1}`.replace(/(\d{4})(\d{2})$/, '$1-$2'),
      issued: `2026-${String(10 - i).padStart(2, '0')}-01`,
      amount: `${(1_000 + value / 10).toFixed(2)} EUR`,
      status: i === 0 ? 'due' : 'paid',
    };
  });
}

export function portalApi(options: PortalApiOptions): Hono<PorticoEnv> {
  const received: ReceivedEvent[] = [];
  const webhook = new Webhook(options.webhookSecret);
  let verifier: Verifier | null = null;
  const verifierNow = () => (verifier ??= createVerifier({ issuer: options.issuer(), validate: { apiKey: options.apiKey } }));

  const app = new Hono<PorticoEnv>();

  // Every call of the portal's API carries a session token; `validate` asks Portico whether its session still lives.
  // The verifier is made on first use (Portico's address is known once both servers listen).
  const requireSessionToken: MiddlewareHandler<PorticoEnv> = (c, next) => porticoAuth(verifierNow())(c, next);
  app.use('/portal/api/invoices', requireSessionToken);
  app.get('/portal/api/invoices', (c) => {
    const claims = c.get('portico');
    if (claims.acct === null) return c.json({ error: { code: 'no_account', message: 'Choose a customer account first.' } }, 409);
    return c.json({ customerId: claims.acct, invoices: invoicesOf(claims.acct) });
  });

  // Portico's webhook deliveries: believed only with a valid signature (Standard Webhooks).
  app.post('/portal/api/webhooks', async (c) => {
    const body = await c.req.text();
    try {
      webhook.verify(body, {
        'webhook-id': c.req.header('webhook-id') ?? '',
        'webhook-timestamp': c.req.header('webhook-timestamp') ?? '',
        'webhook-signature': c.req.header('webhook-signature') ?? '',
      });
    } catch {
      return c.json({ error: { code: 'invalid_signature', message: 'The signature does not match.' } }, 401);
    }
    const id = c.req.header('webhook-id') ?? '';
    // At least once: a retry of a delivered event carries the same id; keep it once.
    if (!received.some((event) => event.id === id)) {
      const { type } = JSON.parse(body) as { type: string };
      received.unshift({ id, type, receivedAt: new Date().toISOString() });
      received.length = Math.min(received.length, maxEvents);
    }
    return c.body(null, 204);
  });

  app.use('/portal/api/webhook-events', requireSessionToken);
  app.get('/portal/api/webhook-events', (c) => c.json({ events: received }));

  return app;
}
