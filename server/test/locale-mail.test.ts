import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { presets } from '@portico/contract';
import { openTestPglite } from './support/pglite.ts';
import type { Store } from '../src/ports/store.ts';
import { renderSms } from '../src/services/sms/sms-service.ts';
import { testApp } from './support/test-app.ts';

/** Mails (and texts) go out in the user's language, else in the policy's default: Swedish in the leasing preset. */
describe('the language of mails', () => {
  let store: Store;
  before(async () => {
    store = await openTestPglite();
  });
  after(() => store?.close());

  const requestReset = async (t: ReturnType<typeof testApp>, email: string) => {
    const response = await t.request('POST', '/api/auth/forgot-password', { email });
    assert.equal(response.status, 202);
    await t.services.delivery.settled();
    const mail = await t.latestMail(email);
    assert.ok(mail, `a reset mail to ${email}`);
    return mail;
  };

  it('leasing: a user without a language gets a Swedish reset mail, one with `en` an English one', async () => {
    const t = testApp(store, { policy: presets.leasing, settings: { preset: 'leasing', productName: 'Leasify' } });
    await t.createUser('utan-sprak@example.se', 'Old-Password-2026');
    const swedish = await requestReset(t, 'utan-sprak@example.se');
    assert.equal(swedish.subject, 'Återställ ditt lösenord för Leasify');
    assert.match(swedish.text, /Välj ett nytt lösenord/);
    assert.match(swedish.html ?? '', /<html lang="sv"/);

    await store.createUser({ id: crypto.randomUUID(), email: 'english@example.se', passwordHash: null, locale: 'en', createdAt: new Date() });
    const english = await requestReset(t, 'english@example.se');
    assert.equal(english.subject, 'Reset your Leasify password');
    assert.match(english.html ?? '', /<html lang="en"/);
  });

  it('hosting: English for a user without a language', async () => {
    const t = testApp(store, { policy: presets.hosting, settings: { preset: 'hosting', productName: 'Acme' } });
    await t.createUser('no-language@example.com', 'Old-Password-2026');
    const mail = await requestReset(t, 'no-language@example.com');
    assert.equal(mail.subject, 'Reset your Acme password');
  });

  it('texts follow the same rule', () => {
    assert.equal(renderSms('code', null, { code: '123456' }, 'Leasify', 'sv'), '123456 är din kod för Leasify.');
    assert.equal(renderSms('code', 'en', { code: '123456' }, 'Leasify', 'sv'), '123456 is your Leasify code.');
    assert.equal(renderSms('code', 'sv-SE', { code: '123456' }, 'Leasify'), '123456 är din kod för Leasify.');
  });
});
