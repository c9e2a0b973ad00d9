/**
 * The local BankID test server: a second implementation of BankID's relying-party API v6.0, for development, the
 * demo and tests, so that no certificate, test BankID or phone is needed. Portico's RP client talks HTTP to it exactly
 * as to BankID; only the person's side is replaced, by the "test phone" API below.
 *
 * RP API (as BankID's, JSON bodies with `Content-Type: application/json`):
 *
 * - `POST /rp/v6.0/auth` `{ endUserIp }` → `{ orderRef, autoStartToken, qrStartToken, qrStartSecret }`
 * - `POST /rp/v6.0/collect` `{ orderRef }` → `{ orderRef, status: 'pending' | 'failed', hintCode }` or
 *   `{ orderRef, status: 'complete', completionData: { user, device, bankIdIssueDate, signature, ocspResponse } }`
 * - `POST /rp/v6.0/cancel` `{ orderRef }` → `{}`
 * - Errors: `{ errorCode, details }`: 400 `invalidParameters` (bad body, or an order unknown, cancelled, or finished
 *   longer ago than it can be collected: 3 minutes after completion, 5 after failure), 404 `notFound` (no such
 *   endpoint), 405 `methodNotAllowed`, 415 `unsupportedMediaType`.
 *
 * An order waits for its person for 3 minutes and then fails by itself (`expiredTransaction`). BankID's v6 `auth`
 * names nobody, so `alreadyInProgress` (a second order for the same personnummer) does not arise; what does arise is
 * the app receiving a second order while the person has one open: the first then fails with `cancelled`.
 *
 * Test phone API (plain JSON, no authentication: only ever mounted in development):
 *
 * - `GET /test-phone/orders` → `{ orders: [{ orderRef, status, hintCode, startedAt }] }`, pending orders newest first.
 * - `POST /test-phone/act` `{ action, orderRef?, personalNumber?, name?, hintCode? }` → `{ orderRef, status, hintCode }`,
 *   on `orderRef` or else the newest pending order:
 *   - `open`: the app has the order and asks for the security code (`userSign`); with a `personalNumber`, any other
 *     order that person has open fails with `cancelled`.
 *   - `approve`: the person identified themselves: complete, as `personalNumber` (10 or 12 digits, a valid
 *     personnummer; required) and `name` (a made-up one if none).
 *   - `cancel`: the person pressed Cancel in the app (failed, `userCancel`).
 *   - `expire`: the order timed out (failed, `expiredTransaction`).
 *   - `hint`: any other state BankID can report: `{ action: 'hint', status: 'pending' | 'failed', hintCode }`, such
 *     as `started`, `noClient`, `certificateErr`, `startFailed`, or a code Portico does not know yet.
 *   404 `{ errorCode: 'notFound' }` when there is no such pending order; 400 `invalidParameters` for a bad request.
 *   The act request must be JSON, which a page of another site cannot send here without the server's consent.
 */
import { parsePersonalNumber } from '@portico/contract';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Clock } from '../../ports/clock.ts';

export interface LocalBankIdServerOptions {
  clock?: Clock;
  /** How long an order waits for its person before it fails with `expiredTransaction` (default 3 minutes). */
  orderLifetimeMs?: number;
}

type OrderStatus = 'pending' | 'failed' | 'complete';

interface Person {
  personalNumber: string;
  name: string;
  givenName: string;
  surname: string;
}

interface LocalOrder {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  endUserIp: string;
  startedAt: number;
  status: OrderStatus;
  hintCode: string | null;
  /** Whose app holds the order, once known. */
  personalNumber: string | null;
  /** When it completed or failed. */
  endedAt: number | null;
  /** Completion data, made once so that every collect of a complete order answers the same. */
  completion: CompletionData | null;
}

interface CompletionData {
  user: Person;
  device: { ipAddress: string; uhi: string };
  bankIdIssueDate: string;
  signature: string;
  ocspResponse: string;
}

const completeCollectableMs = 3 * 60_000;
const failedCollectableMs = 5 * 60_000;
/** Enough for any amount of manual testing; the oldest are forgotten first. */
const maxOrders = 1000;

const IpAddress = z.union([z.ipv4(), z.ipv6()]);
const OrderRefBody = z.object({ orderRef: z.string().min(1).max(100) });
const AuthBody = z.object({ endUserIp: IpAddress });

const ActBody = z.object({
  action: z.enum(['open', 'approve', 'cancel', 'expire', 'hint']),
  orderRef: z.string().min(1).max(100).optional(),
  personalNumber: z.string().max(20).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['pending', 'failed']).optional(),
  hintCode: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/)
    .optional(),
});

function bankIdError(c: Context, status: 400 | 404 | 405 | 415, errorCode: string, details: string) {
  return c.json({ errorCode, details }, status);
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function madeUpName(personalNumber: string): { name: string; givenName: string; surname: string } {
  // The second-to-last digit of a personnummer is odd for men and even for women.
  const givenName = Number(personalNumber[10]) % 2 === 1 ? 'Test' : 'Tess';
  const surname = 'Testsson';
  return { name: `${givenName} ${surname}`, givenName, surname };
}

function splitName(name: string): { name: string; givenName: string; surname: string } {
  const words = name.split(/\s+/);
  const surname = words.length > 1 ? (words.pop() ?? '') : '';
  return { name, givenName: words.join(' '), surname };
}

/** Reads a JSON body; null when it is not JSON, or not declared as JSON (BankID answers 415 for that). */
async function jsonBody(c: Context): Promise<{ ok: true; body: unknown } | { ok: false; mediaType: boolean }> {
  const contentType = c.req.header('content-type')?.trim().toLowerCase();
  if (contentType !== 'application/json') return { ok: false, mediaType: true };
  try {
    return { ok: true, body: await c.req.json() };
  } catch {
    return { ok: false, mediaType: false };
  }
}

export function localBankIdServer(options: LocalBankIdServerOptions = {}): Hono {
  const clock = options.clock ?? { now: () => new Date() };
  const lifetimeMs = options.orderLifetimeMs ?? 3 * 60_000;
  const orders = new Map<string, LocalOrder>();

  /** Applies what time alone does: pending orders expire, finished ones are forgotten after their collect window. */
  const settle = () => {
    const now = clock.now().getTime();
    for (const order of orders.values()) {
      if (order.status === 'pending' && now - order.startedAt >= lifetimeMs) {
        order.status = 'failed';
        order.hintCode = 'expiredTransaction';
        order.endedAt = order.startedAt + lifetimeMs;
      }
      if (order.endedAt !== null && now - order.endedAt > (order.status === 'complete' ? completeCollectableMs : failedCollectableMs)) {
        orders.delete(order.orderRef);
      }
    }
  };

  const fail = (order: LocalOrder, hintCode: string) => {
    order.status = 'failed';
    order.hintCode = hintCode;
    order.endedAt = clock.now().getTime();
  };

  const pendingNewestFirst = () => [...orders.values()].filter((order) => order.status === 'pending').sort((a, b) => b.startedAt - a.startedAt);

  const app = new Hono();

  // ---- BankID's RP API ----

  app.post('/rp/v6.0/auth', async (c) => {
    const read = await jsonBody(c);
    if (!read.ok)
      return read.mediaType
        ? bankIdError(c, 415, 'unsupportedMediaType', 'Content-Type must be application/json')
        : bankIdError(c, 400, 'invalidParameters', 'Invalid JSON');
    const parsed = AuthBody.safeParse(read.body);
    if (!parsed.success) return bankIdError(c, 400, 'invalidParameters', 'Incorrect endUserIp');
    settle();
    while (orders.size >= maxOrders) {
      const oldest = orders.keys().next().value;
      if (oldest === undefined) break;
      orders.delete(oldest);
    }
    const order: LocalOrder = {
      orderRef: crypto.randomUUID(),
      autoStartToken: crypto.randomUUID(),
      qrStartToken: crypto.randomUUID(),
      qrStartSecret: crypto.randomUUID(),
      endUserIp: parsed.data.endUserIp,
      startedAt: clock.now().getTime(),
      status: 'pending',
      hintCode: 'outstandingTransaction',
      personalNumber: null,
      endedAt: null,
      completion: null,
    };
    orders.set(order.orderRef, order);
    const { orderRef, autoStartToken, qrStartToken, qrStartSecret } = order;
    return c.json({ orderRef, autoStartToken, qrStartToken, qrStartSecret });
  });

  /** The order a collect or cancel names (undefined if BankID does not know it), or BankID's answer to a bad request. */
  async function orderOf(c: Context): Promise<{ order: LocalOrder | undefined } | Response> {
    const read = await jsonBody(c);
    if (!read.ok)
      return read.mediaType
        ? bankIdError(c, 415, 'unsupportedMediaType', 'Content-Type must be application/json')
        : bankIdError(c, 400, 'invalidParameters', 'Invalid JSON');
    const parsed = OrderRefBody.safeParse(read.body);
    if (!parsed.success) return bankIdError(c, 400, 'invalidParameters', 'Missing orderRef');
    settle();
    return { order: orders.get(parsed.data.orderRef) };
  }

  app.post('/rp/v6.0/collect', async (c) => {
    const found = await orderOf(c);
    if (found instanceof Response) return found;
    const order = found.order;
    if (!order) return bankIdError(c, 400, 'invalidParameters', 'No such order');
    if (order.status === 'complete' && order.completion) {
      return c.json({ orderRef: order.orderRef, status: 'complete', completionData: order.completion });
    }
    return c.json({ orderRef: order.orderRef, status: order.status, hintCode: order.hintCode });
  });

  app.post('/rp/v6.0/cancel', async (c) => {
    const found = await orderOf(c);
    if (found instanceof Response) return found;
    const order = found.order;
    // Only a pending order can be cancelled; afterwards BankID knows it no more.
    if (!order || order.status !== 'pending') return bankIdError(c, 400, 'invalidParameters', 'No such order');
    orders.delete(order.orderRef);
    return c.json({});
  });

  app.all('/rp/v6.0/:method{auth|collect|cancel}', (c) => bankIdError(c, 405, 'methodNotAllowed', 'Only POST is allowed'));
  app.all('/rp/*', (c) => bankIdError(c, 404, 'notFound', 'No such endpoint'));

  // ---- The test phone: the person's side ----

  const describe = (order: LocalOrder) => ({
    orderRef: order.orderRef,
    status: order.status,
    hintCode: order.hintCode,
    startedAt: new Date(order.startedAt).toISOString(),
  });

  app.get('/test-phone/orders', (c) => {
    settle();
    return c.json({ orders: pendingNewestFirst().map(describe) });
  });

  app.post('/test-phone/act', async (c) => {
    const read = await jsonBody(c);
    if (!read.ok)
      return read.mediaType
        ? bankIdError(c, 415, 'unsupportedMediaType', 'Content-Type must be application/json')
        : bankIdError(c, 400, 'invalidParameters', 'Invalid JSON');
    const parsed = ActBody.safeParse(read.body);
    if (!parsed.success)
      return bankIdError(
        c,
        400,
        'invalidParameters',
        'Expected { action: open | approve | cancel | expire | hint, orderRef?, personalNumber?, name?, status?, hintCode? }',
      );
    const act = parsed.data;
    settle();
    const order = act.orderRef === undefined ? pendingNewestFirst()[0] : orders.get(act.orderRef);
    if (!order || order.status !== 'pending') {
      return bankIdError(c, 404, 'notFound', act.orderRef === undefined ? 'No pending order' : 'No pending order with this orderRef');
    }
    let personalNumber: string | null = null;
    if (act.personalNumber !== undefined) {
      personalNumber = parsePersonalNumber(act.personalNumber, clock.now());
      if (!personalNumber) return bankIdError(c, 400, 'invalidParameters', 'personalNumber is not a valid personnummer');
    }

    switch (act.action) {
      case 'open': {
        if (personalNumber) {
          // The app got a new order while this person had another one open: BankID fails the older one.
          for (const other of orders.values()) {
            if (other !== order && other.status === 'pending' && other.personalNumber === personalNumber) fail(other, 'cancelled');
          }
          order.personalNumber = personalNumber;
        }
        order.hintCode = 'userSign';
        break;
      }
      case 'approve': {
        if (!personalNumber) return bankIdError(c, 400, 'invalidParameters', 'approve needs the personalNumber of the person identifying themselves');
        const person: Person = { personalNumber, ...(act.name ? splitName(act.name) : madeUpName(personalNumber)) };
        const now = clock.now();
        order.status = 'complete';
        order.hintCode = null;
        order.personalNumber = personalNumber;
        order.endedAt = now.getTime();
        order.completion = {
          user: person,
          device: { ipAddress: order.endUserIp, uhi: base64(crypto.getRandomValues(new Uint8Array(18))) },
          bankIdIssueDate: new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10),
          // Stand-ins of the right kind (base64): this server signs nothing.
          signature: btoa('<not-a-signature>local BankID test server</not-a-signature>'),
          ocspResponse: base64(crypto.getRandomValues(new Uint8Array(64))),
        };
        break;
      }
      case 'cancel':
        fail(order, 'userCancel');
        break;
      case 'expire':
        fail(order, 'expiredTransaction');
        break;
      case 'hint': {
        if (!act.hintCode) return bankIdError(c, 400, 'invalidParameters', 'hint needs a hintCode');
        if ((act.status ?? 'pending') === 'failed') fail(order, act.hintCode);
        else order.hintCode = act.hintCode;
        break;
      }
    }
    return c.json({ orderRef: order.orderRef, status: order.status, hintCode: order.hintCode });
  });

  return app;
}
