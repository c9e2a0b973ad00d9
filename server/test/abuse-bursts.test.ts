import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPaths, MfaStep, presets } from '@portico/contract';
import type { Store } from '../src/ports/store.ts';
import { totpCodeAt } from '../src/services/mfa/totp.ts';
import { backends } from './support/backends.ts';
import { browser, enableTotp, password, passwordStep, signedInNewUser, wrongCode } from './support/mfa.ts';
import { burst, codes, count, describeSingleUseSecrets } from './support/single-use-secrets.ts';
import { testApp } from './support/test-app.ts';

// The abuse suite, part one: requests sent all at once. A limit must be taken before the work it guards, so a burst
// is evaluated no further than the limit allows, and a single-use secret used many times at once works exactly once.

for (const backend of backends) {
  describe(`bursts of requests at once on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
    });
    after(() => store?.close());

    it('checks no more passwords than the budget of one network allows: 250 at once, the right one last', async () => {
      const t = testApp(store);
      await t.createUser('burst@example.se', password);
      const verifiedBefore = t.hasher.verifications;
      const answers = await codes(
        await burst(250, (i) =>
          t.request('POST', apiPaths.signIn, { identifier: 'burst@example.se', password: i === 249 ? password : `Wrong-${i}-x` }, { ip: '198.51.100.90' }),
        ),
      );
      const evaluated = t.hasher.verifications - verifiedBefore;
      assert.ok(evaluated <= presets.hosting.signInLimits.maxFailures, `${evaluated} passwords checked`);
      assert.equal(count(answers, 'invalid_credentials') + count(answers, 'ok'), evaluated, 'every check was answered by what it found');
      assert.equal(count(answers, 'rate_limited'), 250 - evaluated, JSON.stringify([...new Set(answers)]));
    });

    it('checks no more passwords than the account allows when a burst comes from 250 networks', async () => {
      const t = testApp(store);
      await t.createUser('spread-burst@example.se', password);
      const verifiedBefore = t.hasher.verifications;
      const answers = await codes(
        await burst(250, (i) =>
          t.request('POST', apiPaths.signIn, { identifier: 'spread-burst@example.se', password: `Wrong-${i}-x` }, { ip: `10.${i >> 8}.${i & 255}.7` }),
        ),
      );
      const evaluated = t.hasher.verifications - verifiedBefore;
      assert.ok(evaluated <= presets.hosting.signInLimits.maxFailures * 2, `${evaluated} passwords checked`);
      assert.equal(count(answers, 'invalid_credentials'), evaluated);
    });

    it('compares no more codes than a challenge allows: 200 guesses at once, the right one among the last', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'guess-burst@example.se', '198.51.100.91');
      const secret = await enableTotp(t, b);
      await b.post(apiPaths.signOut);
      t.clock.advance(30);
      const step = await passwordStep(b, 'guess-burst@example.se');
      const right = totpCodeAt(secret, t.clock.now());
      const answers = await codes(
        await burst(200, (i) => b.post(apiPaths.mfaVerify, { challenge: step.challenge, channel: 'totp', code: i === 198 ? right : wrongCode(right) })),
      );
      const compared = count(answers, 'invalid_code') + count(answers, 'ok');
      assert.ok(
        compared <= presets.hosting.verification.maxCodeAttempts,
        `${compared} codes compared: ${JSON.stringify(Object.fromEntries(new Set(answers).entries()))}`,
      );
      assert.ok(count(answers, 'ok') <= 1);
    });

    it('compares no more mailed codes than one code allows: 240 guesses at once (licensing)', async () => {
      const t = testApp(store, { policy: presets.licensing });
      await t.createUser('mailed-burst@example.se', password);
      const step = MfaStep.parse(
        await (await t.request('POST', apiPaths.signIn, { identifier: 'mailed-burst@example.se', password }, { ip: '198.51.100.92' })).json(),
      );
      const right = await t.latestCode('mailed-burst@example.se');
      const answers = await codes(
        await burst(240, (i) =>
          t.request(
            'POST',
            apiPaths.mfaVerify,
            { challenge: step.challenge, channel: 'email', code: i === 239 ? right : wrongCode(right) },
            { ip: '198.51.100.92' },
          ),
        ),
      );
      assert.ok(count(answers, 'invalid_code') + count(answers, 'ok') <= presets.licensing.verification.maxCodeAttempts, JSON.stringify(answers.slice(0, 12)));
    });

    it('bounds guesses across many challenges: 60 opened with the right password, 4 guesses on each at once', async () => {
      const t = testApp(store);
      const b = await signedInNewUser(t, 'many-challenges@example.se', '198.51.100.93');
      const secret = await enableTotp(t, b);
      await b.post(apiPaths.signOut);
      t.clock.advance(30);
      // The guesser knows the password but has never signed in on this browser.
      const guesser = browser(t, '198.51.100.94');
      const steps: MfaStep[] = [];
      for (let i = 0; i < 60; i++) steps.push(await passwordStep(guesser, 'many-challenges@example.se'));
      const right = totpCodeAt(secret, t.clock.now());
      const answers = await codes(
        await burst(240, (i) => guesser.post(apiPaths.mfaVerify, { challenge: steps[i % 60]!.challenge, channel: 'totp', code: wrongCode(right) })),
      );
      assert.ok(count(answers, 'invalid_code') <= presets.hosting.signInLimits.maxFailures, `${count(answers, 'invalid_code')} wrong codes compared`);
    });

    it('compares no more sign-up codes than one code allows: 100 guesses at once (licensing)', async () => {
      const t = testApp(store, { policy: presets.licensing });
      assert.equal((await t.request('POST', apiPaths.signUp, { email: 'code-burst@example.se' })).status, 202);
      const right = await t.latestCode('code-burst@example.se');
      const answers = await codes(
        await burst(100, (i) => t.request('POST', apiPaths.signUpVerify, { email: 'code-burst@example.se', code: i === 99 ? right : wrongCode(right) })),
      );
      assert.ok(count(answers, 'invalid_code') + count(answers, 'ok') <= presets.licensing.verification.maxCodeAttempts);
    });

    describeSingleUseSecrets(
      () => store,
      (options) => testApp(store, options),
    );
  });
}
