import assert from 'node:assert/strict';
import { presets } from '@portico/contract';
import { expectApiError, expectStep, linkToken, sixDigitCode } from './support/expect.ts';
import { contractSuite } from './support/suite.ts';

const newPassword = 'Brand-New-Passw0rd!';

contractSuite('hosting', {
  async 'config tells the hosting rules'(_backend, { client }) {
    const config = await client.getConfig();
    assert.equal(config.preset, 'hosting');
    assert.deepEqual(config.passwords, presets.hosting.passwords);
    assert.equal(config.signUp.mode, 'link');
    assert.equal(config.customerIdLogin, true);
    assert.equal(config.bankid, false);
    assert.equal(config.passkeys, true);
  },

  async 'sign-in, session and sign-out'({ scenarios }, { client }) {
    assert.equal(await client.getSession(), null);
    const done = expectStep(await client.signIn({ identifier: scenarios.plain.email, password: scenarios.plain.password }), 'done');
    assert.equal(done.user.email, scenarios.plain.email);
    assert.equal((await client.getSession())?.user.email, scenarios.plain.email);
    await client.signOut();
    assert.equal(await client.getSession(), null);
  },

  async 'a wrong password and an unknown user get the same answer'({ scenarios }, { client }) {
    const wrong = await expectApiError(client.signIn({ identifier: scenarios.plain.email, password: 'Not-The-Passw0rd!' }), 401, 'invalid_credentials');
    const unknown = await expectApiError(client.signIn({ identifier: 'nobody@portico.test', password: 'Not-The-Passw0rd!' }), 401, 'invalid_credentials');
    assert.equal(unknown.message, wrong.message);
  },

  async 'sign-up by link, then forgot password, set a new one, sign in'(_backend, browser) {
    const { client } = browser;
    const email = 'new.customer@portico.test';
    const mark = await browser.outboxMark(email);
    expectStep(await client.signUp({ email }), 'check_email');
    const signUpMail = await browser.nextMessage(email, mark);
    const signUpLink = expectStep(await client.inspectLink({ token: linkToken(signUpMail.text) }), 'set_password');
    assert.equal(signUpLink.purpose, 'sign_up');
    expectStep(await client.setPassword({ token: signUpLink.token, password: 'First-Passw0rd!x' }), 'sign_in');

    const resetMark = await browser.outboxMark(email);
    expectStep(await client.forgotPassword({ email }), 'check_email');
    const resetMail = await browser.nextMessage(email, resetMark);
    const reset = expectStep(await client.inspectLink({ token: linkToken(resetMail.text) }), 'set_password');
    assert.equal(reset.purpose, 'password_reset');
    const weak = await expectApiError(client.setPassword({ token: reset.token, password: 'short' }), 400, 'weak_password');
    assert.ok(weak.rules?.includes('minLength'));
    expectStep(await client.setPassword({ token: reset.token, password: newPassword }), 'sign_in');
    await expectApiError(client.setPassword({ token: reset.token, password: newPassword }), 400, 'invalid_link');
    expectStep(await client.signIn({ identifier: email, password: newPassword }), 'done');
  },

  async 'profile update and change password'(_backend, { client }) {
    const email = 'new.customer@portico.test';
    expectStep(await client.signIn({ identifier: email, password: newPassword }), 'done');
    const { user } = await client.updateProfile({ name: 'Ada Berg' });
    assert.equal(user.name, 'Ada Berg');
    await expectApiError(client.changePassword({ currentPassword: 'Not-The-Passw0rd!', newPassword: 'Another-Passw0rd!' }), 401, 'invalid_credentials');
    const changed = await client.changePassword({ currentPassword: newPassword, newPassword: 'Another-Passw0rd!' });
    assert.equal(changed.changed, true);
    await client.signOut();
    expectStep(await client.signIn({ identifier: email, password: 'Another-Passw0rd!' }), 'done');
  },

  async 'authenticator app: password, then the app code'({ scenarios }, { client }) {
    const totp = scenarios.totp;
    assert.ok(totp);
    const mfa = expectStep(await client.signIn({ identifier: totp.email, password: totp.password }), 'mfa');
    assert.equal(mfa.channel, 'totp');
    await expectApiError(client.verifyMfa({ challenge: mfa.challenge, channel: 'totp', code: wrongCode(totp.totpCode()) }), 400, 'invalid_code');
    const done = expectStep(await client.verifyMfa({ challenge: mfa.challenge, channel: 'totp', code: totp.totpCode() }), 'done');
    assert.equal(done.user.email, totp.email);
  },

  async 'SMS: password, then the texted code'({ scenarios }, browser) {
    const sms = scenarios.sms;
    assert.ok(sms);
    const mark = await browser.outboxMark(sms.phone);
    const mfa = expectStep(await browser.client.signIn({ identifier: sms.email, password: sms.password }), 'mfa');
    assert.equal(mfa.channel, 'sms');
    const text = await browser.nextMessage(sms.phone, mark);
    assert.equal(text.channel, 'sms');
    expectStep(await browser.client.verifyMfa({ challenge: mfa.challenge, channel: 'sms', code: sixDigitCode(text.text) }), 'done');
  },

  async 'several accounts: choose one, then switch'({ scenarios }, { client }) {
    const { accounts } = scenarios;
    const choose = expectStep(await client.signIn({ identifier: accounts.email, password: accounts.password }), 'choose_account');
    assert.deepEqual(choose.accounts.map((account) => account.customerId).sort(), accounts.accounts.map((account) => account.customerId).sort());
    const [first, second] = choose.accounts;
    assert.ok(first && second);
    assert.equal((await client.chooseAccount({ customerId: first.customerId })).activeAccount?.customerId, first.customerId);
    assert.equal((await client.chooseAccount({ customerId: second.customerId })).activeAccount?.customerId, second.customerId);
    await expectApiError(client.chooseAccount({ customerId: 'NL999999999' }), 404, 'not_found');
  },

  async 'customer-ID login: register an e-mail, confirm it from the mail'({ scenarios }, browser) {
    const { client } = browser;
    const legacy = scenarios.customerId;
    assert.ok(legacy);
    const register = expectStep(await client.signIn({ identifier: legacy.customerId, password: legacy.password }), 'register_email');
    assert.equal(register.customerId, legacy.customerId);
    const email = 'first.login@portico.test';
    const mark = await browser.outboxMark(email);
    expectStep(await client.registerCustomerIdEmail({ token: register.token, email }), 'check_email');
    const mail = await browser.nextMessage(email, mark);
    const credentials = expectStep(await client.inspectLink({ token: linkToken(mail.text) }), 'set_credentials');
    assert.equal(credentials.customerId, legacy.customerId);
    assert.equal(credentials.existingLogin, false);
    expectStep(await client.setCustomerIdCredentials({ token: credentials.token, password: 'Registered-Passw0rd!' }), 'sign_in');
    expectStep(await client.signIn({ identifier: email, password: 'Registered-Passw0rd!' }), 'done');
  },

  // Last: it spends this client's whole budget of failed sign-ins (per account and per address).
  async 'too many failed sign-ins: rate_limited with the time to wait'(_backend, { client }) {
    const identifier = 'nobody.at.all@portico.test';
    let limited = null;
    for (let attempt = 0; attempt < 12 && !limited; attempt++) {
      try {
        await client.signIn({ identifier, password: 'Not-The-Passw0rd!' });
        assert.fail('an unknown user signed in');
      } catch (error) {
        if ((error as { code?: string }).code === 'rate_limited') limited = error as { status: number; retryAfterSeconds?: number };
      }
    }
    assert.ok(limited, 'never rate limited');
    assert.equal(limited.status, 429);
    assert.ok((limited.retryAfterSeconds ?? 0) > 0);
  },
});

function wrongCode(code: string): string {
  return code === '000000' ? '000001' : '000000';
}
