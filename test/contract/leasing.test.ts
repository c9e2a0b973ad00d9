import assert from 'node:assert/strict';
import { expectApiError, expectStep } from './support/expect.ts';
import { contractSuite } from './support/suite.ts';

contractSuite('leasing', {
  async 'config tells the leasing rules'(_backend, { client }) {
    const config = await client.getConfig();
    assert.equal(config.preset, 'leasing');
    assert.equal(config.signUp.mode, 'none');
    assert.equal(config.defaultLocale, 'sv');
    assert.equal(config.bankid, true);
    assert.equal(config.passkeys, true);
  },

  async 'sign-up is closed'(_backend, { client }) {
    await expectApiError(client.signUp({ email: 'someone@portico.test' }), 403, 'sign_up_closed');
  },

  async 'BankID: order, the person approves on the test phone, signed in'({ scenarios }, { client }) {
    const bankid = scenarios.bankid;
    assert.ok(bankid);
    const order = expectStep(await client.startBankId(), 'bankid');
    await bankid.approve();
    // BankID is asked at most every two seconds; the browser polls as the step says until it is done.
    let step = await client.collectBankId({ order: order.order });
    for (let polls = 0; step.step === 'bankid' && polls < 10; polls++) {
      await new Promise((resolve) => setTimeout(resolve, order.pollAfterMs));
      step = await client.collectBankId({ order: order.order });
    }
    const done = expectStep(step, 'done');
    assert.equal(done.user.email, bankid.email);
  },

  async 'BankID: the person cancels in the app'({ scenarios }, { client }) {
    const bankid = scenarios.bankid;
    assert.ok(bankid);
    const order = expectStep(await client.startBankId(), 'bankid');
    await bankid.cancel();
    let step = await client.collectBankId({ order: order.order });
    for (let polls = 0; step.step === 'bankid' && step.status === 'pending' && polls < 10; polls++) {
      await new Promise((resolve) => setTimeout(resolve, order.pollAfterMs));
      step = await client.collectBankId({ order: order.order });
    }
    const failed = expectStep(step, 'bankid');
    assert.equal(failed.status, 'failed');
  },
});
