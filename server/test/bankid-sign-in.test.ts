import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { apiPaths, BankIdStep, DoneStep, PersonalNumberInfo, presets, SessionToken } from '@portico/contract';
import { decodeJwt } from 'jose';
import { localBankIdServer } from '../src/adapters/bankid/local-bankid-server.ts';
import { createBankIdRpClient } from '../src/adapters/bankid/rp-client.ts';
import { webCryptoRandom } from '../src/adapters/web-crypto-random.ts';
import type { Store } from '../src/ports/store.ts';
import { bankIdQrData } from '../src/services/bankid/qr.ts';
import { SecretBox } from '../src/services/mfa/secret-box.ts';
import { hashToken } from '../src/services/tokens.ts';
import { backends } from './support/backends.ts';
import { type Browser, errorOf } from './support/browser.ts';
import { browser, password, signedInNewUser } from './support/mfa.ts';
import type { TestClock } from './support/test-clock.ts';
import { testApp } from './support/test-app.ts';

/**
 * BankID sign-in (leasing portal) through the API, with BankID played by the local BankID test server over real HTTP and
 * its test phone playing the person; and the personnummer under My details that BankID signs in with.
 */

const anna = '198112189876';
const annaTyped = '811218-9876';

for (const backend of backends) {
  describe(`BankID sign-in on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let t: ReturnType<typeof testApp>;
    let bankidServer: ServerType;
    let bankidOrigin = '';
    const secretKey = webCryptoRandom.bytes(32);
    /** The server's own box (same key), to read back what it sealed. */
    const box = new SecretBox(secretKey, webCryptoRandom);

    before(async () => {
      store = await backend.open();
      let clock: TestClock | undefined;
      t = testApp(store, {
        policy: presets.leasing,
        settings: { secretKey },
        bankid: (shared) => {
          clock = shared;
          return createBankIdRpClient({ baseUrl: () => `${bankidOrigin}/rp/v6.0/` });
        },
      });
      const app = localBankIdServer({ clock: clock! });
      await new Promise<void>((resolve) => {
        bankidServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
      });
      bankidOrigin = `http://127.0.0.1:${(bankidServer.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => bankidServer.close(() => resolve()));
      await store?.close();
    });

    const phone = async (body: object) => {
      const response = await fetch(`${bankidOrigin}/test-phone/act`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.clone().text());
    };
    const pendingOrders = async () =>
      ((await (await fetch(`${bankidOrigin}/test-phone/orders`)).json()) as { orders: Array<{ orderRef: string; status: string }> }).orders.filter(
        (order) => order.status === 'pending',
      );

    async function start(b: Browser): Promise<BankIdStep> {
      const response = await b.post(apiPaths.bankidStart, {});
      assert.equal(response.status, 200, await response.clone().text());
      return BankIdStep.parse(await response.json());
    }

    /** Polls as the page does (from a page in `locale`, if given), letting BankID's two seconds between collects pass. */
    async function poll(b: Browser, step: BankIdStep, locale?: string): Promise<Response> {
      t.clock.advance(2);
      return b.post(apiPaths.bankidCollect, { order: step.order, locale });
    }

    it('stores the personnummer sealed, with a keyed hash; shows it masked; needs a recent sign-in; one user per number', async () => {
      const b = await signedInNewUser(t, 'anna@example.se', '203.0.113.1');
      assert.deepEqual(PersonalNumberInfo.parse(await (await b.get(apiPaths.personalNumber)).json()), { personalNumber: null });
      const invalid = await b.post(apiPaths.personalNumber, { personalNumber: '811218-9875' });
      assert.equal((await errorOf(invalid)).code, 'invalid_personal_number', 'a wrong check digit');
      const saved = await b.post(apiPaths.personalNumber, { personalNumber: annaTyped });
      assert.equal(saved.status, 200, await saved.clone().text());
      assert.deepEqual(PersonalNumberInfo.parse(await saved.json()), { personalNumber: { masked: '19811218-****' } });

      const stored = await store.findUserByEmail('anna@example.se');
      assert.ok(stored?.personalNumberSealed?.startsWith('aes256gcm.'), 'sealed with AES-256-GCM');
      assert.ok(!stored?.personalNumberSealed?.includes('9876') && !stored?.personalNumberHash?.includes(anna));
      assert.match(stored?.personalNumberHash ?? '', /^[0-9a-f]{64}$/);
      assert.notEqual(stored?.personalNumberHash, await hashToken(anna), 'keyed: an unkeyed hash of a guess does not match');

      const other = await signedInNewUser(t, 'other@example.se', '203.0.113.2');
      const taken = await other.post(apiPaths.personalNumber, { personalNumber: anna });
      assert.equal(taken.status, 409);

      // After the re-authentication window, a change needs the password again.
      t.clock.advance(presets.leasing.mfa.reauthSeconds + 1);
      const stale = await other.post(apiPaths.personalNumber, { personalNumber: '701063-2391' });
      assert.equal((await errorOf(stale)).code, 'reauth_required');
      assert.equal((await other.post(apiPaths.reauth, { password })).status, 200);
      assert.equal((await other.post(apiPaths.personalNumber, { personalNumber: '701063-2391' })).status, 200, 'a samordningsnummer');
      assert.equal((await browser(t, '203.0.113.3').get(apiPaths.personalNumber)).status, 401);
    });

    it('signs in with BankID: a QR code per second computed from the order, the app opens it, the person approves', async () => {
      const b = browser(t, '203.0.113.10');
      const step = await start(b);
      assert.equal(step.status, 'pending');
      assert.equal(step.message, 'RFA1');
      assert.match(step.autoStartUrl ?? '', /^bankid:\/\/\/\?autostarttoken=[0-9a-f-]{36}&redirect=null$/);
      const [order] = await pendingOrders();
      assert.ok(order);
      const row = await store.findBankIdOrder(await hashToken(step.order));
      assert.ok(row, 'the order is stored under the hash of its handle');
      assert.equal(row.orderRef, order.orderRef);
      assert.ok(!JSON.stringify(step).includes(order.orderRef), 'the browser never sees the orderRef');
      const qrSecret = await box.open(row.qrStartSecretSealed, `bankid-order:${row.id}`);
      assert.equal(step.qr, await bankIdQrData(row.qrStartToken, qrSecret, 0));
      assert.ok(!JSON.stringify(step).includes(qrSecret), 'the QR secret stays on the server');

      // A second later the code has moved on, without asking BankID again.
      t.clock.advance(1);
      const next = BankIdStep.parse(await (await b.post(apiPaths.bankidCollect, { order: step.order })).json());
      assert.equal(next.qr, await bankIdQrData(row.qrStartToken, qrSecret, 1));

      // The handle alone is not enough: the order belongs to the browser that started it.
      const thief = browser(t, '203.0.113.11');
      assert.equal((await thief.post(apiPaths.bankidCollect, { order: step.order })).status, 404);

      await phone({ action: 'open', orderRef: order.orderRef });
      const opened = BankIdStep.parse(await (await poll(b, step)).json());
      assert.equal(opened.message, 'RFA9');
      assert.equal(opened.qr, null, 'nothing left to scan');

      await phone({ action: 'approve', orderRef: order.orderRef, personalNumber: anna });
      const done = await poll(b, step, 'en');
      assert.equal(done.status, 200);
      const signedIn = DoneStep.parse(await done.json());
      assert.equal(signedIn.user.email, 'anna@example.se');
      assert.equal((await store.findUserByEmail('anna@example.se'))?.locale, 'en', 'the language of the page signed in on');
      assert.equal(SessionEmail(await (await b.get(apiPaths.session)).json()), 'anna@example.se');
      // A host back end hears how: BankID, which is two factors on its own.
      const { token } = SessionToken.parse(await (await b.post(apiPaths.sessionToken)).json());
      assert.deepEqual(decodeJwt(token).amr, ['bankid', 'mfa']);
      assert.equal((await poll(b, step)).status, 404, 'the order is used up');
    });

    it('says why a BankID order failed: cancelled in the app, expired, or a person no user has added', async () => {
      const b = browser(t, '203.0.113.20');
      for (const [action, message] of [
        ['cancel', 'RFA6'],
        ['expire', 'RFA8'],
      ] as const) {
        const step = await start(b);
        await phone({ action });
        const failed = BankIdStep.parse(await (await poll(b, step)).json());
        assert.deepEqual({ status: failed.status, message: failed.message, qr: failed.qr }, { status: 'failed', message, qr: null });
      }
      const step = await start(b);
      await phone({ action: 'approve', personalNumber: '194910069808' });
      const unknown = await poll(b, step);
      assert.equal((await errorOf(unknown)).code, 'bankid_unknown_user');
      assert.equal(b.jar.size, 0, 'no session');
    });

    it('answers a disabled login as a personnummer no login has', async () => {
      const email = 'disabled.bankid@example.se';
      const b = await signedInNewUser(t, email, '203.0.113.30');
      assert.equal((await b.post(apiPaths.personalNumber, { personalNumber: '19121212-1212' })).status, 200);
      const userId = (await store.findUserByEmail(email))!.id;
      await t.services.support.disable(userId);
      const other = browser(t, '203.0.113.31');
      const step = await start(other);
      await phone({ action: 'approve', personalNumber: '191212121212' });
      assert.equal((await errorOf(await poll(other, step))).code, 'bankid_unknown_user');
      assert.equal((await other.get(apiPaths.session)).status, 401);
    });

    it('cancels the order at BankID when the user leaves', async () => {
      const b = browser(t, '203.0.113.30');
      const before = new Set((await pendingOrders()).map((order) => order.orderRef));
      const step = await start(b);
      const [started] = (await pendingOrders()).filter((order) => !before.has(order.orderRef));
      assert.ok(started, 'BankID has the new order');
      assert.deepEqual(await (await b.post(apiPaths.bankidCancel, { order: step.order })).json(), { cancelled: true });
      assert.ok(!(await pendingOrders()).some((order) => order.orderRef === started.orderRef), 'BankID was told');
      assert.equal((await b.post(apiPaths.bankidCollect, { order: step.order })).status, 404);
    });

    it('cancels at BankID an order whose browser stopped polling for 10 s, unless the app has it', async () => {
      const newOrder = async (b: Browser) => {
        const before = new Set((await pendingOrders()).map((order) => order.orderRef));
        const step = await start(b);
        const [started] = (await pendingOrders()).filter((order) => !before.has(order.orderRef));
        assert.ok(started);
        return { step, orderRef: started.orderRef };
      };
      const left = browser(t, '203.0.113.40');
      const polling = browser(t, '203.0.113.41');
      const inApp = browser(t, '203.0.113.42');
      const gone = await newOrder(left);
      const kept = await newOrder(polling);
      const approving = await newOrder(inApp);
      assert.equal((await left.post(apiPaths.bankidCollect, { order: gone.step.order })).status, 200, 'polled once, then the tab closed');
      // The phone opened the app with this order; its browser sleeps in the background meanwhile.
      await phone({ action: 'open', orderRef: approving.orderRef });

      const still = async () => new Set((await pendingOrders()).map((order) => order.orderRef));
      for (let second = 0; second < 10; second += 2) {
        assert.equal((await poll(polling, kept.step)).status, 200);
        await t.services.bankidSignIn.cancelAbandoned();
      }
      assert.ok((await still()).has(gone.orderRef), 'ten seconds is not over yet');
      await poll(polling, kept.step);
      assert.equal(await t.services.bankidSignIn.cancelAbandoned(), 1);
      const pending = await still();
      assert.ok(!pending.has(gone.orderRef), 'BankID was told');
      assert.ok(pending.has(kept.orderRef), 'a polled order stays');
      assert.ok(pending.has(approving.orderRef), 'an order the app has stays');

      // A browser that comes back is told the order was cancelled, and can try again.
      const back = BankIdStep.parse(await (await left.post(apiPaths.bankidCollect, { order: gone.step.order })).json());
      assert.deepEqual({ status: back.status, message: back.message }, { status: 'failed', message: 'RFA3' });
      assert.equal(await t.services.bankidSignIn.cancelAbandoned(), 0, 'cancelled once');
    });

    // Last: it leaves the older order to the abandoned-order sweep, which the test above counts.
    it("keeps following a new order when the left page's cancel of the old one comes after it started", async () => {
      const b = browser(t, '203.0.113.35');
      const left = await start(b);
      const next = await start(b);
      // The element of the page left cancels its order as it goes; that request can arrive after the new start.
      assert.deepEqual(await (await b.post(apiPaths.bankidCancel, { order: left.order })).json(), { cancelled: true });
      const followed = await poll(b, next);
      assert.equal(followed.status, 200, await followed.clone().text());
      assert.equal(BankIdStep.parse(await followed.json()).order, next.order);
    });

    it("keeps following a new order when the left page's cancel was sent before the new start but answered after it", async () => {
      const b = browser(t, '203.0.113.36');
      const left = await start(b);
      // The cancel leaves with the left order's cookie; under load its answer can reach the browser after the start's.
      const sentEarlier = browser(t, '203.0.113.36');
      for (const [name, value] of b.jar) sentEarlier.jar.set(name, value);
      const cancelled = await sentEarlier.post(apiPaths.bankidCancel, { order: left.order });
      assert.deepEqual(await cancelled.clone().json(), { cancelled: true });
      const next = await start(b);
      b.take(cancelled);
      const followed = await poll(b, next);
      assert.equal(followed.status, 200, await followed.clone().text());
      assert.equal(BankIdStep.parse(await followed.json()).order, next.order);
    });
  });
}

function SessionEmail(body: unknown): string {
  return (body as { user: { email: string } }).user.email;
}
