import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { localBankIdServer } from '../src/adapters/bankid/local-bankid-server.ts';
import { createBankIdRpClient } from '../src/adapters/bankid/rp-client.ts';
import { BankIdError } from '../src/ports/bankid.ts';
import { TestClock } from './support/test-clock.ts';

/**
 * The RP client against the local BankID test server over real HTTP, with the test phone playing the person:
 * the same requests and answers as with BankID's own servers.
 */
describe('BankID RP client against the local BankID test server', () => {
  const clock = new TestClock();
  let server: ServerType;
  let origin: string;
  const personnummer = '191212121212';

  before(async () => {
    const app = localBankIdServer({ clock });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => createBankIdRpClient({ baseUrl: `${origin}/rp/v6.0/` });
  const phone = async (body: object) => {
    const response = await fetch(`${origin}/test-phone/act`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const pendingOrders = async () => ((await (await fetch(`${origin}/test-phone/orders`)).json()) as { orders: Array<Record<string, unknown>> }).orders;

  it('auth, then pending until the person opens the order and approves it', async () => {
    const bankid = client();
    const order = await bankid.auth({ endUserIp: '192.0.2.10' });
    for (const key of ['orderRef', 'autoStartToken', 'qrStartToken', 'qrStartSecret'] as const) assert.match(order[key], /^[0-9a-f-]{36}$/);
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'pending', hintCode: 'outstandingTransaction' });

    const listed = await pendingOrders();
    assert.equal(listed[0]?.orderRef, order.orderRef);
    assert.equal(listed[0]?.startedAt, clock.now().toISOString());
    assert.equal(JSON.stringify(listed).includes(order.qrStartSecret), false);

    assert.deepEqual((await phone({ action: 'open' })).body, { orderRef: order.orderRef, status: 'pending', hintCode: 'userSign' });
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'pending', hintCode: 'userSign' });

    const approved = await phone({ action: 'approve', personalNumber: '19121212-1212', name: 'Tolvan Tolvansson' });
    assert.deepEqual(approved.body, { orderRef: order.orderRef, status: 'complete', hintCode: null });
    assert.deepEqual(await bankid.collect(order.orderRef), {
      status: 'complete',
      completion: { personalNumber: personnummer, name: 'Tolvan Tolvansson', givenName: 'Tolvan', surname: 'Tolvansson' },
    });
    // Complete orders stay collectable for a while, then BankID forgets them.
    clock.advance(170);
    assert.equal((await bankid.collect(order.orderRef)).status, 'complete');
    clock.advance(20);
    await assert.rejects(bankid.collect(order.orderRef), (error: unknown) => error instanceof BankIdError && error.errorCode === 'notFound');
  });

  it("the completion data has the shape of BankID's, with the end user's address", async () => {
    const bankid = client();
    const order = await bankid.auth({ endUserIp: '2001:db8::7' });
    await phone({ action: 'approve', orderRef: order.orderRef, personalNumber: personnummer });
    const response = await fetch(`${origin}/rp/v6.0/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderRef: order.orderRef }),
    });
    const body = (await response.json()) as { completionData: Record<string, unknown> & { user: Record<string, string>; device: Record<string, string> } };
    assert.equal(body.completionData.user.personalNumber, personnummer);
    assert.ok(body.completionData.user.name && body.completionData.user.givenName && body.completionData.user.surname);
    assert.equal(body.completionData.device.ipAddress, '2001:db8::7');
    assert.match(String(body.completionData.bankIdIssueDate), /^\d{4}-\d{2}-\d{2}$/);
    for (const key of ['signature', 'ocspResponse']) assert.match(String(body.completionData[key]), /^[A-Za-z0-9+/]+=*$/);
  });

  it('approve needs a valid personnummer', async () => {
    const bankid = client();
    const order = await bankid.auth({ endUserIp: '192.0.2.10' });
    assert.equal((await phone({ action: 'approve' })).status, 400);
    assert.equal((await phone({ action: 'approve', personalNumber: '191212121213' })).status, 400);
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'pending', hintCode: 'outstandingTransaction' });
    await bankid.cancel(order.orderRef);
  });

  it('cancel by the relying party: the order is gone; cancelling again is no error', async () => {
    const bankid = client();
    const order = await bankid.auth({ endUserIp: '192.0.2.10' });
    await bankid.cancel(order.orderRef);
    await assert.rejects(bankid.collect(order.orderRef), (error: unknown) => error instanceof BankIdError && error.errorCode === 'notFound');
    await bankid.cancel(order.orderRef);
    assert.equal((await phone({ action: 'open', orderRef: order.orderRef })).status, 404);
  });

  it('the person cancels in the app: failed with userCancel', async () => {
    const bankid = client();
    const order = await bankid.auth({ endUserIp: '192.0.2.10' });
    await phone({ action: 'open' });
    assert.deepEqual((await phone({ action: 'cancel' })).body, { orderRef: order.orderRef, status: 'failed', hintCode: 'userCancel' });
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'failed', hintCode: 'userCancel' });
    await bankid.cancel(order.orderRef);
  });

  it('expire by the test phone, and by itself after 3 minutes', async () => {
    const bankid = client();
    const first = await bankid.auth({ endUserIp: '192.0.2.10' });
    await phone({ action: 'expire' });
    assert.deepEqual(await bankid.collect(first.orderRef), { status: 'failed', hintCode: 'expiredTransaction' });

    const second = await bankid.auth({ endUserIp: '192.0.2.10' });
    clock.advance(179);
    assert.equal((await bankid.collect(second.orderRef)).status, 'pending');
    clock.advance(1);
    assert.deepEqual(await bankid.collect(second.orderRef), { status: 'failed', hintCode: 'expiredTransaction' });
    assert.deepEqual(await pendingOrders(), []);
    // Failed orders are collectable for 5 minutes, then forgotten.
    clock.advance(300);
    assert.equal((await bankid.collect(second.orderRef)).status, 'failed');
    clock.advance(1);
    await assert.rejects(bankid.collect(second.orderRef), (error: unknown) => error instanceof BankIdError && error.errorCode === 'notFound');
  });

  it('a second order opened by the same person cancels the first', async () => {
    const bankid = client();
    const first = await bankid.auth({ endUserIp: '192.0.2.10' });
    await phone({ action: 'open', orderRef: first.orderRef, personalNumber: personnummer });
    const second = await bankid.auth({ endUserIp: '192.0.2.10' });
    await phone({ action: 'open', orderRef: second.orderRef, personalNumber: personnummer });
    assert.deepEqual(await bankid.collect(first.orderRef), { status: 'failed', hintCode: 'cancelled' });
    assert.deepEqual(await bankid.collect(second.orderRef), { status: 'pending', hintCode: 'userSign' });
    await bankid.cancel(second.orderRef);
  });

  it('an unknown orderRef is notFound; the test phone answers 404 without a pending order', async () => {
    const bankid = client();
    await assert.rejects(bankid.collect('00000000-0000-4000-8000-000000000000'), (error: unknown) => {
      assert.ok(error instanceof BankIdError);
      assert.equal(error.errorCode, 'notFound');
      assert.equal(error.httpStatus, 400);
      return true;
    });
    assert.deepEqual(await pendingOrders(), []);
    const answer = await phone({ action: 'approve', personalNumber: personnummer });
    assert.equal(answer.status, 404);
    assert.equal(answer.body.errorCode, 'notFound');
  });

  it('hint codes unknown to Portico pass through', async () => {
    const bankid = client();
    const order = await bankid.auth({ endUserIp: '192.0.2.10' });
    await phone({ action: 'hint', hintCode: 'started' });
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'pending', hintCode: 'started' });
    await phone({ action: 'hint', hintCode: 'someFuturePendingHint' });
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'pending', hintCode: 'someFuturePendingHint' });
    await phone({ action: 'hint', status: 'failed', hintCode: 'someFutureFailure' });
    assert.deepEqual(await bankid.collect(order.orderRef), { status: 'failed', hintCode: 'someFutureFailure' });
  });

  it("error answers become BankIdError with BankID's errorCode", async () => {
    const bankid = client();
    await assert.rejects(bankid.auth({ endUserIp: 'not an address' }), (error: unknown) => {
      assert.ok(error instanceof BankIdError);
      assert.equal(error.errorCode, 'invalidParameters');
      assert.equal(error.httpStatus, 400);
      return true;
    });
    const wrongPath = createBankIdRpClient({ baseUrl: `${origin}/rp/v5.1` });
    await assert.rejects(
      wrongPath.collect('x'),
      (error: unknown) => error instanceof BankIdError && error.errorCode === 'notFound' && error.httpStatus === 404,
    );
    // The local server refuses what BankID refuses.
    const text = await fetch(`${origin}/rp/v6.0/auth`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(text.status, 415);
    const get = await fetch(`${origin}/rp/v6.0/collect`);
    assert.equal(get.status, 405);
    assert.equal(((await get.json()) as { errorCode: string }).errorCode, 'methodNotAllowed');
  });

  it('no answer at all: unreachable; plain HTTP only to this machine', async () => {
    const nowhere = createBankIdRpClient({ baseUrl: 'http://127.0.0.1:1/rp/v6.0/' });
    await assert.rejects(
      nowhere.auth({ endUserIp: '192.0.2.10' }),
      (error: unknown) => error instanceof BankIdError && error.errorCode === 'unreachable' && error.httpStatus === null,
    );
    const plainRemote = createBankIdRpClient({ baseUrl: 'http://appapi2.test.bankid.com/rp/v6.0/' });
    await assert.rejects(plainRemote.auth({ endUserIp: '192.0.2.10' }), (error: unknown) => error instanceof BankIdError && /HTTPS/.test(error.message));
  });

  it('a base URL resolved on every request', async () => {
    let base = 'http://127.0.0.1:1/rp/v6.0/';
    const lazy = createBankIdRpClient({ baseUrl: () => base });
    await assert.rejects(lazy.auth({ endUserIp: '192.0.2.10' }), BankIdError);
    base = `${origin}/rp/v6.0/`;
    const order = await lazy.auth({ endUserIp: '192.0.2.10' });
    await lazy.cancel(order.orderRef);
  });
});
