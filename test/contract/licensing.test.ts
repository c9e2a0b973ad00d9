import assert from 'node:assert/strict';
import { expectApiError, expectStep, sixDigitCode } from './support/expect.ts';
import { contractSuite } from './support/suite.ts';

contractSuite('licensing', {
  async 'config tells the licensing rules'(_backend, { client }) {
    const config = await client.getConfig();
    assert.equal(config.preset, 'licensing');
    assert.equal(config.signUp.mode, 'code');
    assert.equal(config.customerIdLogin, false);
    assert.equal(config.bankid, false);
    assert.equal(config.passkeys, false);
  },

  async 'the policy allows no app or SMS, so those scenarios are absent'({ scenarios }) {
    assert.equal(scenarios.totp, null);
    assert.equal(scenarios.sms, null);
    assert.equal(scenarios.customerId, null);
    assert.equal(scenarios.bankid, null);
  },

  async 'sign-up by code, then the e-mail code at sign-in'(_backend, browser) {
    const { client } = browser;
    const email = 'new.licensee@portico.test';
    const mark = await browser.outboxMark(email);
    const verify = expectStep(await client.signUp({ email }), 'verify_email');
    assert.equal(verify.codeLength, 6);
    const code = sixDigitCode((await browser.nextMessage(email, mark)).text);
    await expectApiError(client.verifySignUpCode({ email, code: code === '000000' ? '000001' : '000000' }), 400, 'invalid_code');
    const setPassword = expectStep(await client.verifySignUpCode({ email, code }), 'set_password');
    assert.equal(setPassword.purpose, 'sign_up');
    // A sign-up that proved the address with a code ends signed in.
    expectStep(await client.setPassword({ token: setPassword.token, password: 'Licensed-Passw0rd!' }), 'done');
    await client.signOut();

    const signInMark = await browser.outboxMark(email);
    const mfa = expectStep(await client.signIn({ identifier: email, password: 'Licensed-Passw0rd!' }), 'mfa');
    assert.equal(mfa.channel, 'email');
    assert.equal(mfa.trustDeviceDays, null);
    const mfaCode = sixDigitCode((await browser.nextMessage(email, signInMark)).text);
    expectStep(await client.verifyMfa({ challenge: mfa.challenge, channel: 'email', code: mfaCode }), 'done');
  },

  async 'a seeded user signs in with the e-mail code too'({ scenarios }, browser) {
    const { plain } = scenarios;
    const mark = await browser.outboxMark(plain.email);
    const mfa = expectStep(await browser.client.signIn({ identifier: plain.email, password: plain.password }), 'mfa');
    const code = sixDigitCode((await browser.nextMessage(plain.email, mark)).text);
    const done = expectStep(await browser.client.verifyMfa({ challenge: mfa.challenge, channel: 'email', code }), 'done');
    assert.equal(done.user.email, plain.email);
  },
});
