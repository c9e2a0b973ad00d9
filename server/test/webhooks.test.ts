import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiPaths,
  CreateUserResponse,
  RetryWebhooksResponse,
  type WebhookEvent,
  WebhookDeliveryList,
  webhookEventData,
  type WebhookEventData,
} from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { webhookRetrySchedule } from '../src/services/webhooks/webhook-delivery.ts';
import { backends } from './support/backends.ts';
import { Browser } from './support/browser.ts';
import { enableTotp, password } from './support/mfa.ts';
import { adminToken, testApp } from './support/test-app.ts';
import { TestClock } from './support/test-clock.ts';
import { type Receiver, startReceiver, webhookSecret } from './support/webhook-receiver.ts';

const admin = { headers: { authorization: `Bearer ${adminToken}` } };
const newPassword = 'Changed-Factor-2027?';

/** The events of one type, data checked against that type's schema. */
function dataOf<T extends WebhookEvent['type']>(events: readonly WebhookEvent[], type: T): WebhookEventData<T>[] {
  return events.filter((event) => event.type === type).map((event) => webhookEventData[type].parse(event.data) as WebhookEventData<T>);
}

for (const backend of backends) {
  describe(`webhooks on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let clock: TestClock;
    let receiver: Receiver;
    let second: Receiver;
    before(async () => {
      store = await backend.open();
      clock = new TestClock();
      receiver = await startReceiver(webhookSecret(1), { now: () => clock.now().getTime() });
      second = await startReceiver(webhookSecret(2), { now: () => clock.now().getTime() });
    });
    after(async () => {
      await receiver?.stop();
      await second?.stop();
      await store?.close();
    });

    /** An app (a node) on the shared store and clock, sending to the receivers. */
    const node = (receivers: Receiver[] = [receiver]) =>
      testApp(store, { clock, settings: { webhooks: receivers.map((r) => ({ url: r.url, secret: r.secret })) } });

    it('tells every endpoint of a whole flow, signed, shaped as the contract says, and without secrets', async () => {
      const t = node([receiver, second]);
      receiver.received.length = 0;
      second.received.length = 0;
      const email = 'flow@example.se';
      const created = await t.request('POST', apiPaths.adminUsers, { email, password }, admin);
      assert.equal(created.status, 201);
      const userId = CreateUserResponse.parse(await created.json()).user.id;
      await t.request('POST', apiPaths.adminAccounts, { customerId: 'NL123421341', name: 'Flow AB', mainContactEmail: email }, admin);
      assert.equal((await t.request('POST', apiPaths.adminAccountLinks, { customerId: 'NL123421341', email }, admin)).status, 200);

      const b = new Browser(t.request, { ip: '192.0.2.10' });
      assert.equal((await b.post(apiPaths.signIn, { identifier: email, password })).status, 200);
      const other = new Browser(t.request, { ip: '192.0.2.11' });
      assert.equal((await other.post(apiPaths.signIn, { identifier: email, password })).status, 200);
      assert.equal((await b.post(apiPaths.profile, { name: 'Flow Person' })).status, 200);
      assert.equal((await b.post(apiPaths.profile, { name: 'Flow Person' })).status, 200, 'the same name again: no event');
      await enableTotp(t, b);
      assert.equal((await b.post(apiPaths.mfaDisable, { method: 'totp' })).status, 200);
      assert.equal((await b.post(apiPaths.changePassword, { currentPassword: password, newPassword })).status, 200);
      assert.equal((await b.post(apiPaths.signOut)).status, 200);
      await t.services.webhookDelivery.settled();

      assert.deepEqual(receiver.rejected, [], 'every signature verifies');
      assert.deepEqual(receiver.types(), [
        'user.created',
        'customer_account.linked',
        'session.created',
        'session.created',
        'user.updated',
        'mfa.enabled',
        'mfa.disabled',
        'session.ended',
        'password.changed',
        'session.ended',
      ]);
      // One delivery per endpoint: the second endpoint got the same messages, under its own secret.
      assert.deepEqual(second.rejected, []);
      assert.deepEqual(
        second.received.map((r) => r.id),
        receiver.received.map((r) => r.id),
      );
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, receiver.received.length, 'a webhook-id per event');
      for (const r of receiver.received) assert.match(r.id, /^msg_[A-Za-z0-9_-]{22}$/);

      const events = receiver.received.map((r) => r.event);
      assert.deepEqual(dataOf(events, 'user.created'), [{ userId, email, name: null, emailVerified: false, via: 'admin' }]);
      assert.deepEqual(dataOf(events, 'customer_account.linked'), [
        { userId, email, customerId: 'NL123421341', accountName: 'Flow AB', via: 'admin', role: 'owner' },
      ]);
      const sessions = dataOf(events, 'session.created');
      assert.equal(sessions.length, 2);
      for (const session of sessions) {
        assert.equal(session.userId, userId);
        assert.deepEqual(session.authMethods, ['pwd']);
        assert.equal(session.customerId, 'NL123421341', 'the only account is the active one');
      }
      const [first, otherSession] = sessions;
      assert.notEqual(first!.sessionId, otherSession!.sessionId);
      const stored = await store.findSessionByPublicId(first!.sessionId);
      assert.equal(stored, null, 'signed out by now');
      assert.deepEqual(dataOf(events, 'user.updated'), [{ userId, email, name: 'Flow Person', locale: null, changed: ['name'] }]);
      assert.deepEqual(dataOf(events, 'mfa.enabled'), [{ userId, email, method: 'totp', phone: null }]);
      assert.deepEqual(dataOf(events, 'mfa.disabled'), [{ userId, email, method: 'totp' }]);
      assert.deepEqual(dataOf(events, 'password.changed'), [{ userId, email, reason: 'changed' }]);
      // The other browser's session ends with the change; this one goes on (renewed, same id) until it signs out.
      assert.deepEqual(dataOf(events, 'session.ended'), [
        { userId, sessionId: otherSession!.sessionId, reason: 'password_changed' },
        { userId, sessionId: first!.sessionId, reason: 'sign_out' },
      ]);

      const user = await store.findUserById(userId);
      for (const r of receiver.received) {
        assert.ok(!r.body.includes(password) && !r.body.includes(newPassword), 'no password');
        assert.ok(!r.body.includes(user!.passwordHash!) && !r.body.includes('$argon2'), 'no password hash');
        for (const cookie of [...b.jar.values(), ...other.jar.values()]) assert.ok(!r.body.includes(cookie), 'no session token');
      }
    });

    it('signs up, resets a password and reports who verified their address', async () => {
      const t = node();
      receiver.received.length = 0;
      const email = 'self@example.se';
      assert.equal((await t.request('POST', apiPaths.signUp, { email })).status, 202);
      const setPassword = await t.request('POST', apiPaths.setPassword, { token: await t.latestLinkToken(email), password });
      assert.equal(setPassword.status, 200);
      assert.equal((await t.request('POST', apiPaths.forgotPassword, { email })).status, 202);
      const reset = await t.request('POST', apiPaths.setPassword, { token: await t.latestLinkToken(email), password: newPassword });
      assert.equal(reset.status, 200);
      await t.services.webhookDelivery.settled();
      assert.deepEqual(receiver.rejected, []);
      assert.deepEqual(receiver.types(), ['user.created', 'user.email_verified', 'password.changed']);
      const events = receiver.received.map((r) => r.event);
      const [created] = dataOf(events, 'user.created');
      assert.deepEqual(created, { userId: created!.userId, email, name: null, emailVerified: true, via: 'sign_up' });
      assert.deepEqual(dataOf(events, 'password.changed'), [{ userId: created.userId, email, reason: 'reset' }]);
    });

    it('tells of a new language once, when the UI a user signs in or saves details in speaks another', async () => {
      const t = node();
      receiver.received.length = 0;
      const email = 'language@example.se';
      const userId = (await t.createUser(email, password)).id;
      const b = new Browser(t.request, { ip: '192.0.2.12' });
      for (const locale of ['sv', 'sv', undefined]) {
        assert.equal((await b.post(apiPaths.signIn, { identifier: email, password, locale })).status, 200);
      }
      assert.equal((await b.post(apiPaths.profile, { name: 'Lang', locale: 'en' })).status, 200);
      assert.equal((await b.post(apiPaths.profile, { name: 'Lang', locale: 'en' })).status, 200);
      await t.services.webhookDelivery.settled();
      assert.deepEqual(
        dataOf(
          receiver.received.map((r) => r.event),
          'user.updated',
        ),
        [
          { userId, email, name: null, locale: 'sv', changed: ['locale'] },
          { userId, email, name: 'Lang', locale: 'en', changed: ['name', 'locale'] },
        ],
      );
    });

    it('writes nothing when no endpoint is configured', async () => {
      const t = testApp(store, { clock });
      const before = (await store.listWebhookDeliveries({ gaveUpOnly: false, limit: 500 })).length;
      await t.createUser('quiet@example.se', password);
      const { response } = await t.signIn('quiet@example.se', password);
      assert.equal(response.status, 200);
      assert.equal((await store.listWebhookDeliveries({ gaveUpOnly: false, limit: 500 })).length, before);
    });

    // The browser mock's memory store runs a transaction as it comes, undoing nothing (see Store.transaction).
    it('writes no event for a change that rolled back', { skip: backend.name === 'memory' && 'no rollback in memory' }, async () => {
      const t = node();
      const before = (await store.listWebhookDeliveries({ gaveUpOnly: false, limit: 500 })).length;
      const logged = (await store.listActivity({ limit: 500 })).length;
      await assert.rejects(
        store.transaction(async (tx) => {
          await t.services.webhooks.emit(tx, 'user.email_verified', { userId: crypto.randomUUID(), email: 'rolled@example.se' });
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      assert.equal((await store.listWebhookDeliveries({ gaveUpOnly: false, limit: 500 })).length, before);
      assert.equal((await store.listActivity({ limit: 500 })).length, logged, 'nor an activity entry');
    });

    it('loses nothing while the receiver is down (503, then refusing connections); retries carry the same webhook-id', async () => {
      const t = node();
      receiver.received.length = 0;
      receiver.answer(() => 503);
      const emails = ['down-1@example.se', 'down-2@example.se', 'down-3@example.se'];
      for (const email of emails) await t.createUser(email, password);
      await t.services.webhookDelivery.settled();
      assert.equal(receiver.received.length, 3, 'each tried once');

      // Not due again before the first wait of the schedule is over.
      clock.advance(webhookRetrySchedule[0]! - 1);
      await t.services.webhookDelivery.settled();
      assert.equal(receiver.received.length, 3);

      await receiver.stop();
      clock.advance(1);
      await t.services.webhookDelivery.settled();
      clock.advance(webhookRetrySchedule[1]!);
      await t.services.webhookDelivery.settled();

      await receiver.reopen();
      receiver.answer(() => 200);
      clock.advance(webhookRetrySchedule[2]!);
      await t.services.webhookDelivery.settled();

      assert.deepEqual(receiver.rejected, []);
      const delivered = receiver.received.filter((r) => r.status === 200);
      assert.equal(delivered.length, 3, 'every event arrived, once acknowledged');
      const firstTries = receiver.received.filter((r) => r.status === 503);
      assert.deepEqual(new Set(delivered.map((r) => r.id)), new Set(firstTries.map((r) => r.id)), 'the retry is the same message');
      for (const r of delivered) {
        const earlier = firstTries.find((f) => f.id === r.id)!;
        assert.equal(r.body, earlier.body, 'the same bytes');
        assert.ok(r.timestamp > earlier.timestamp, 'signed anew at each try');
      }
      const listed = await store.listWebhookDeliveries({ gaveUpOnly: false, limit: 3 });
      for (const delivery of listed) {
        assert.equal(delivery.outcome, 'delivered');
        const attempts = await store.listWebhookAttempts(delivery.id);
        assert.deepEqual(
          attempts.map((a) => a.status),
          [503, null, null, 200],
        );
        assert.equal(attempts[0]!.error, 'answered HTTP 503');
        // The first try after the stop may find the kept-alive connection closed; the next finds nothing listening.
        assert.match(attempts[1]!.error ?? '', /ECONNREFUSED|UND_ERR_SOCKET|ECONNRESET/);
        assert.match(attempts[2]!.error ?? '', /ECONNREFUSED/);
        assert.equal(attempts[3]!.error, null);
        for (const attempt of attempts) assert.ok(attempt.durationMs >= 0);
      }
    });

    it('gives up after about a day, keeps every try, and delivers when retried through the admin API', async () => {
      const t = node();
      receiver.received.length = 0;
      receiver.answer(() => 500);
      await t.createUser('gives-up@example.se', password);
      await t.services.webhookDelivery.settled();
      for (const wait of webhookRetrySchedule) {
        clock.advance(wait);
        await t.services.webhookDelivery.settled();
      }
      assert.equal(receiver.received.length, webhookRetrySchedule.length + 1);
      const span = receiver.received.at(-1)!.timestamp - receiver.received[0]!.timestamp;
      assert.ok(span > 24 * 3600 && span < 30 * 3600, `tried for ${span / 3600} hours`);
      clock.advance(7 * 86_400);
      await t.services.webhookDelivery.settled();
      assert.equal(receiver.received.length, webhookRetrySchedule.length + 1, 'given up: no more tries');

      const failed = WebhookDeliveryList.parse(await (await t.request('GET', `${apiPaths.adminWebhooks}?failed=true`, undefined, admin)).json());
      const [delivery] = failed.deliveries;
      assert.equal(failed.deliveries.length, 1);
      assert.equal(delivery!.outcome, 'gave_up');
      assert.equal(delivery!.eventType, 'user.created');
      assert.equal(delivery!.attempts, 8);
      assert.equal(delivery!.lastError, 'answered HTTP 500');
      assert.equal((await t.request('GET', apiPaths.adminWebhooks)).status, 401, 'admin only');

      receiver.answer(() => 200);
      const retried = await t.request('POST', apiPaths.adminWebhooksRetry, { id: delivery!.id }, admin);
      assert.deepEqual(RetryWebhooksResponse.parse(await retried.json()), { retried: 1 });
      await t.services.webhookDelivery.settled();
      assert.equal(receiver.received.at(-1)!.status, 200);
      assert.equal(receiver.received.at(-1)!.id, delivery!.messageId);
      const after = WebhookDeliveryList.parse(await (await t.request('GET', apiPaths.adminWebhooks, undefined, admin)).json());
      const now = after.deliveries.find((d) => d.id === delivery!.id);
      assert.equal(now?.outcome, 'delivered');
      assert.equal(now?.attempts, 9, 'every try kept');
      const again = await t.request('POST', apiPaths.adminWebhooksRetry, { failed: true }, admin);
      assert.deepEqual(RetryWebhooksResponse.parse(await again.json()), { retried: 0 }, 'nothing left given up');
    });

    it('two nodes on one database send each event once', async () => {
      const [a, b] = [node(), node()];
      receiver.received.length = 0;
      receiver.answer(() => 200);
      for (let i = 0; i < 6; i++) await a.createUser(`twice-${i}@example.se`, password);
      await Promise.all([a.services.webhookDelivery.settled(), b.services.webhookDelivery.settled(), a.services.webhookDelivery.settled()]);
      assert.equal(receiver.received.length, 6);
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, 6);
    });
  });
}
