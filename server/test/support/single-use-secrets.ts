import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiPaths, MfaStep, presets, RecoveryCodes, RegisterEmailStep, SetCredentialsStep, SetPasswordStep, SessionInfo } from '@portico/contract';
import type { Store } from '../../src/ports/store.ts';
import { hashToken } from '../../src/services/tokens.ts';
import { Browser, errorOf } from './browser.ts';
import { browser, enableTotp, nextTotp, password, passwordStep, signedInNewUser } from './mfa.ts';
import { adminToken, type testApp, type TestAppOptions } from './test-app.ts';

type TestApp = ReturnType<typeof testApp>;

const admin = { authorization: `Bearer ${adminToken}` };

/** Sends `count` requests at the same moment. */
export function burst<T>(count: number, request: (i: number) => T | Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => request(i)));
}

/** Each answer's error code, or `ok`. */
export async function codes(responses: Response[]): Promise<string[]> {
  return Promise.all(responses.map(async (r) => (r.ok ? 'ok' : (await errorOf(r)).code)));
}

export const count = (answers: readonly string[], answer: string) => answers.filter((a) => a === answer).length;

/**
 * Every single-use secret used 20 times at once works once: on one node (`app` makes test apps on one store), and
 * across two nodes of one PostgreSQL database (an app whose requests alternate between them, abuse-nodes.test.ts).
 */
export function describeSingleUseSecrets(store: () => Store, testApp: (options?: TestAppOptions) => TestApp): void {
  describe('a single-use secret used 20 times at once works once', () => {
    it('a password reset link', async () => {
      const t = testApp();
      await t.createUser('reset-race@example.se', password);
      await t.request('POST', apiPaths.forgotPassword, { email: 'reset-race@example.se' });
      const token = await t.latestLinkToken('reset-race@example.se');
      const answers = await codes(await burst(20, (i) => t.request('POST', apiPaths.setPassword, { token, password: `Race-Winner-${i}-2026!` })));
      assert.equal(count(answers, 'ok'), 1, JSON.stringify(answers));
    });

    it('a sign-up code, its ticket, and a sign-up link', async () => {
      const licensing = testApp({ policy: presets.licensing });
      await licensing.request('POST', apiPaths.signUp, { email: 'ticket-race@example.se' });
      const code = await licensing.latestCode('ticket-race@example.se');
      const verified = await burst(20, () => licensing.request('POST', apiPaths.signUpVerify, { email: 'ticket-race@example.se', code }));
      assert.equal(verified.filter((r) => r.ok).length, 1);
      const ticket = SetPasswordStep.parse(await verified.find((r) => r.ok)!.json()).token;
      const created = await codes(await burst(20, () => licensing.request('POST', apiPaths.setPassword, { token: ticket, password })));
      assert.equal(count(created, 'ok'), 1, JSON.stringify(created));

      const hosting = testApp();
      await hosting.request('POST', apiPaths.signUp, { email: 'link-race@example.se' });
      const token = await hosting.latestLinkToken('link-race@example.se');
      assert.equal(count(await codes(await burst(20, () => hosting.request('POST', apiPaths.setPassword, { token, password }))), 'ok'), 1);
    });

    it('an invitation and its confirmation link', async () => {
      const t = testApp({ policy: presets.leasing });
      await t.request('POST', apiPaths.adminInvitations, { email: 'invite-race@example.se' }, { headers: admin });
      const welcome = await t.latestLinkToken('invite-race@example.se');
      const entered = await codes(await burst(20, () => t.request('POST', apiPaths.invitationEmail, { token: welcome, email: 'invite-race@example.se' })));
      assert.equal(count(entered, 'ok'), 1, JSON.stringify(entered));
      const confirmation = await t.latestLinkToken('invite-race@example.se');
      const set = await codes(await burst(20, () => t.request('POST', apiPaths.setPassword, { token: confirmation, password })));
      assert.equal(count(set, 'ok'), 1, JSON.stringify(set));
    });

    it('a customer-ID reset link, and a registration link', async () => {
      const t = testApp();
      await t.services.customerAccounts.create({ customerId: 'SG987654321', name: 'Race Pte Ltd', mainContactEmail: 'race.contact@example.sg' });
      await t.request('POST', apiPaths.forgotPassword, { customerId: 'SG987654321' });
      const reset = await t.latestLinkToken('race.contact@example.sg');
      const idPassword = 'Customer-Id-Race-1!';
      assert.equal(count(await codes(await burst(20, () => t.request('POST', apiPaths.setPassword, { token: reset, password: idPassword }))), 'ok'), 1);
      const ticket = RegisterEmailStep.parse(await (await t.request('POST', apiPaths.signIn, { identifier: 'SG987654321', password: idPassword })).json());
      await t.request('POST', apiPaths.customerIdRegisterEmail, { token: ticket.token, email: 'race.login@example.sg' });
      const link = await t.latestLinkToken('race.login@example.sg');
      SetCredentialsStep.parse(await (await t.request('POST', apiPaths.inspectLink, { token: link })).json());
      const answers = await codes(
        await burst(20, (i) => t.request('POST', apiPaths.customerIdSetCredentials, { token: link, password: `Race-Login-${i}-2026!` })),
      );
      assert.equal(count(answers, 'ok'), 1, JSON.stringify(answers));
    });

    it('an app code, a texted code and a recovery code at the second step', async () => {
      const t = testApp();
      const b = await signedInNewUser(t, 'code-race@example.se', '198.51.100.95');
      const secret = await enableTotp(t, b);
      const recovery = RecoveryCodes.parse(await (await b.post(apiPaths.recoveryCodes)).json()).codes;
      await b.post(apiPaths.signOut);
      const step = await passwordStep(b, 'code-race@example.se');
      const code = nextTotp(t, secret);
      const appAnswers = await codes(await burst(20, () => b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code })));
      assert.equal(count(appAnswers, 'ok'), 1, JSON.stringify(appAnswers));
      await b.post(apiPaths.signOut);
      // One recovery code, 20 challenges at once: it signs in once.
      const steps: MfaStep[] = [];
      for (let i = 0; i < 20; i++) steps.push(await passwordStep(browser(t, `198.51.100.${100 + i}`), 'code-race@example.se'));
      const answers = await codes(
        await burst(20, (i) =>
          t.request('POST', apiPaths.mfaVerify, { challenge: steps[i]!.challenge, recoveryCode: recovery[0] }, { ip: `198.51.100.${100 + i}` }),
        ),
      );
      assert.equal(count(answers, 'ok'), 1, JSON.stringify(answers));
    });

    it('a renewal of the session token: 20 recovery-code regenerations at once leave one session, with the codes it showed', async () => {
      const t = testApp();
      const b = await signedInNewUser(t, 'renew-race@example.se', '198.51.100.96');
      await enableTotp(t, b);
      const user = (await store().findUserByEmail('renew-race@example.se'))!;
      const cookie = b.cookieHeader;
      const responses = await burst(20, () => t.request('POST', apiPaths.recoveryCodes, {}, { cookie, ip: '198.51.100.96' }));
      const answers = await codes(responses);
      assert.equal(count(answers, 'ok'), 1, JSON.stringify(answers));
      // The others are told to try again, whichever node they reach: while the renewal ran (conflict) or once it had
      // (session_renewed, not a sign-out), and keep the cookie.
      assert.equal(count(answers, 'conflict') + count(answers, 'session_renewed'), 19, JSON.stringify(answers));
      assert.ok(responses.filter((r) => !r.ok).every((r) => r.headers.get('set-cookie') === null));
      assert.equal(await store().deleteUserSessions(user.id, await hashToken('none')), 1, 'one session remained');
      const winner = responses.find((r) => r.ok)!;
      const shown = RecoveryCodes.parse(await winner.json()).codes;
      // The codes the winner showed are the ones stored: one of them signs in.
      const step = await passwordStep(browser(t, '198.51.100.97'), 'renew-race@example.se');
      assert.equal((await t.request('POST', apiPaths.mfaVerify, { challenge: step.challenge, recoveryCode: shown[3] }, { ip: '198.51.100.97' })).status, 200);
    });

    it('a re-authentication code', async () => {
      const t = testApp({ policy: presets.licensing });
      await t.createUser('reauth-race@example.se', password);
      const b = new Browser(t.request, { ip: '198.51.100.98' });
      const step = MfaStep.parse(await (await b.post(apiPaths.signIn, { identifier: 'reauth-race@example.se', password })).json());
      assert.equal(
        (await b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'email', code: await t.latestCode('reauth-race@example.se') })).status,
        200,
      );
      SessionInfo.parse(await (await b.get(apiPaths.session)).json());
      t.clock.advance(61);
      assert.equal((await b.post(apiPaths.reauthSend, { channel: 'email' })).status, 200);
      const code = await t.latestCode('reauth-race@example.se');
      const cookie = b.cookieHeader;
      const answers = await codes(await burst(20, () => t.request('POST', apiPaths.reauth, { channel: 'email', code }, { cookie, ip: '198.51.100.98' })));
      assert.equal(count(answers, 'ok'), 1, JSON.stringify(answers));
    });
  });
}
