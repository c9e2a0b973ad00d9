import { expect } from '@open-wc/testing';
import { seedUser } from '../../../test/support/seed-user.ts';
import { createPorticoClient, PorticoApiError } from './index.ts';
import { validateWithContract } from './validate.ts';
import { readMailedLinkToken, readTextedCode, totpCode } from './test-support.ts';

// Runs in Chromium against the real server, proxied same-origin by web-test-runner.config.mjs.

async function rejection(promise: Promise<unknown>): Promise<PorticoApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(PorticoApiError);
    return error as PorticoApiError;
  }
  throw new Error('expected the call to fail');
}

describe('createPorticoClient', () => {
  // Every answer of the real server in these tests is also checked against the contract's schemas.
  const client = createPorticoClient({ validate: validateWithContract });

  it('getSession resolves null when signed out', async () => {
    // Cookies are shared by every test file in the browser: make sure no earlier sign-in is still active.
    await client.signOut();
    expect(await client.getSession()).to.equal(null);
  });

  it('signs in, sees the session, and signs out', async () => {
    const { email, password } = await seedUser('client');
    const step = await client.signIn({ identifier: email.toUpperCase(), password });
    if (step.step !== 'done') throw new Error(`expected the done step, got ${step.step}`);
    expect(step.user.email).to.equal(email);

    const session = await client.getSession();
    expect(session?.user.email).to.equal(email);

    expect(await client.signOut()).to.deep.equal({ signedOut: true });
    expect(await client.getSession()).to.equal(null);
  });

  it('getToken: null signed out; a cached token, renewed before it expires and after any change', async () => {
    let clock = Date.now();
    const tokenFetches: string[] = [];
    const counting = createPorticoClient({
      validate: validateWithContract,
      now: () => clock,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).endsWith('/api/session/token') && response.ok) tokenFetches.push('token');
        return response;
      },
    });
    await counting.signOut();
    expect(await counting.getToken()).to.equal(null);
    const { email, password } = await seedUser('client');
    await counting.signIn({ identifier: email, password });
    const [first, again] = await Promise.all([counting.getToken(), counting.getToken()]);
    expect(first).to.be.a('string');
    expect(again).to.equal(first);
    expect(await counting.getToken()).to.equal(first);
    expect(tokenFetches.length).to.equal(1, 'one fetch for three calls');
    const payload = JSON.parse(atob(first!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { email: string; exp: number };
    expect(payload.email).to.equal(email);

    // Two minutes before it expires, still the same; within the last minute, a new one. Counted from the token's own
    // expiry, not from when the test began: a slow sign-in must not move the moments.
    clock = payload.exp * 1000 - 120_000;
    expect(await counting.getToken()).to.equal(first);
    clock = payload.exp * 1000 - 59_000;
    const renewed = await counting.getToken();
    expect(renewed).to.be.a('string').and.not.equal(first);
    expect(tokenFetches.length).to.equal(2);

    // A change through the client (here: a profile update) may change the claims: fetched anew.
    await counting.updateProfile({ name: 'Token Tester' });
    const named = await counting.getToken();
    expect(tokenFetches.length).to.equal(3);
    expect((JSON.parse(atob(named!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { name: string }).name).to.equal('Token Tester');

    await counting.signOut();
    expect(await counting.getToken()).to.equal(null);
  });

  it('rejects a wrong password with PorticoApiError invalid_credentials', async () => {
    const { email } = await seedUser('client');
    const error = await rejection(client.signIn({ identifier: email, password: 'not the password' }));
    expect(error.status).to.equal(401);
    expect(error.code).to.equal('invalid_credentials');
    expect(error.message).to.be.a('string').and.not.equal('');
  });

  it('rejects an invalid request with the offending fields', async () => {
    const error = await rejection(client.signIn({ identifier: '', password: '' }));
    expect(error.status).to.equal(400);
    expect(error.code).to.equal('invalid_request');
    expect(error.fields).to.include.members(['identifier', 'password']);
  });

  it('turns an unreachable API into network_error with status 0', async () => {
    const unreachable = createPorticoClient({ baseUrl: 'http://127.0.0.1:1' });
    const error = await rejection(unreachable.getSession());
    expect(error.status).to.equal(0);
    expect(error.code).to.equal('network_error');
  });

  it('turns an answer that is not the contract into network_error', async () => {
    // A gateway's error page: the real server never answers like this, so this one fetch is injected.
    const html = createPorticoClient({ fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502 }) });
    const error = await rejection(html.signOut());
    expect(error.code).to.equal('network_error');
    expect(error.status).to.equal(0);
  });

  it('with validateWithContract, rejects a JSON answer that does not match the contract; without, accepts any object', async () => {
    const wrongShape = async () => Response.json({ signedOut: 'yes' });
    const checked = createPorticoClient({ fetch: wrongShape, validate: validateWithContract });
    const error = await rejection(checked.signOut());
    expect(error.code).to.equal('network_error');
    expect(error.message).to.match(/unexpected body/);

    const unchecked = createPorticoClient({ fetch: wrongShape });
    expect(await unchecked.signOut()).to.deep.equal({ signedOut: 'yes' });
    const notAnObject = createPorticoClient({ fetch: async () => Response.json(['signedOut']) });
    expect((await rejection(notAnObject.signOut())).code).to.equal('network_error');
  });

  it('turns an error answer without a code into network_error, with or without validation', async () => {
    for (const validate of [undefined, validateWithContract]) {
      const odd = createPorticoClient({
        fetch: async () => Response.json({ error: { message: 'no code' } }, { status: 400 }),
        ...(validate ? { validate } : {}),
      });
      expect((await rejection(odd.signOut())).code).to.equal('network_error');
    }
  });

  it('getConfig returns the hosting preset and its password rules', async () => {
    const config = await client.getConfig();
    expect(config.preset).to.equal('hosting');
    expect(config.passwords).to.include({ minLength: 8, requireLowercase: true, requireUppercase: true, requireDigit: true, requireSpecial: true });
    expect(config.codeLength).to.equal(6);
  });

  it('forgotPassword answers check_email for an unknown address too', async () => {
    const email = `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`;
    expect(await client.forgotPassword({ email })).to.deep.equal({ step: 'check_email', email });
  });

  it('forgotPassword is refused with rate_limited and a wait time when asked again at once', async () => {
    const email = `again-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await client.forgotPassword({ email });
    const error = await rejection(client.forgotPassword({ email }));
    expect(error.status).to.equal(429);
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfterSeconds).to.be.greaterThan(0);
  });

  it('inspectLink: an unknown well-formed token is invalid_link, a malformed one invalid_request', async () => {
    const unknown = await rejection(client.inspectLink({ token: 'A'.repeat(43) }));
    expect(unknown.status).to.equal(400);
    expect(unknown.code).to.equal('invalid_link');
    const malformed = await rejection(client.inspectLink({ token: 'not a token!' }));
    expect(malformed.code).to.equal('invalid_request');
    expect(malformed.fields).to.include('token');
  });

  it('resets a password by mailed link: inspect, weak_password with rules, set, sign in', async () => {
    const { email } = await seedUser('client-reset');
    expect(await client.forgotPassword({ email })).to.deep.equal({ step: 'check_email', email });
    const token = await readMailedLinkToken(email);

    expect(await client.inspectLink({ token })).to.deep.equal({ step: 'set_password', purpose: 'password_reset', email, token });
    const weak = await rejection(client.setPassword({ token, password: 'short' }));
    expect(weak.status).to.equal(400);
    expect(weak.code).to.equal('weak_password');
    expect(weak.rules).to.include.members(['minLength', 'uppercase', 'digit', 'special']);

    const password = `New-Password-${crypto.randomUUID().slice(0, 8)}x-7`;
    expect(await client.setPassword({ token, password })).to.deep.equal({ step: 'sign_in', notice: 'password_set', identifier: email });
    const used = await rejection(client.setPassword({ token, password }));
    expect(used.code).to.equal('invalid_link');

    const step = await client.signIn({ identifier: email, password });
    expect(step.step).to.equal('done');
    await client.signOut();
  });

  it('changePassword: wrong current is invalid_credentials, weak is weak_password, then it changes', async () => {
    const { email, password } = await seedUser('client-change');
    await client.signIn({ identifier: email, password });

    const wrong = await rejection(client.changePassword({ currentPassword: 'not the password', newPassword: 'Another-One-42!' }));
    expect(wrong.status).to.equal(401);
    expect(wrong.code).to.equal('invalid_credentials');
    const same = await rejection(client.changePassword({ currentPassword: password, newPassword: password }));
    expect(same.code).to.equal('weak_password');
    expect(same.rules).to.include('notCurrent');

    const newPassword = `Changed-${crypto.randomUUID().slice(0, 8)}x-5`;
    expect(await client.changePassword({ currentPassword: password, newPassword })).to.deep.equal({ changed: true, otherSessionsEnded: 0 });
    await client.signOut();
    expect((await client.signIn({ identifier: email, password: newPassword })).step).to.equal('done');
    await client.signOut();
  });

  it('changePassword without a session is unauthenticated', async () => {
    await client.signOut();
    const error = await rejection(client.changePassword({ currentPassword: 'whatever-1A!', newPassword: 'Whatever-2B!' }));
    expect(error.status).to.equal(401);
    expect(error.code).to.equal('unauthenticated');
  });
  it('signUp answers check_email in the default (hosting) preset, and a link sign-up ends in sign_in registered', async () => {
    const email = `signup-${crypto.randomUUID().slice(0, 8)}@example.test`;
    expect(await client.signUp({ email })).to.deep.equal({ step: 'check_email', email });
    const again = await rejection(client.signUp({ email }));
    expect(again.code).to.equal('rate_limited');

    const token = await readMailedLinkToken(email);
    const step = await client.inspectLink({ token });
    expect(step).to.deep.equal({ step: 'set_password', purpose: 'sign_up', email, token });
    const password = `Signed-Up-${crypto.randomUUID().slice(0, 8)}x-3`;
    expect(await client.setPassword({ token, password })).to.deep.equal({ step: 'sign_in', notice: 'registered', identifier: email });
  });

  it('verifySignUpCode rejects a code nobody was sent', async () => {
    const email = `nocode-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const error = await rejection(client.verifySignUpCode({ email, code: '123456' }));
    expect(error.status).to.be.within(400, 429);
    expect(['invalid_code', 'code_expired', 'too_many_attempts']).to.include(error.code);
  });

  it('submitInvitationEmail rejects an unknown invitation token', async () => {
    const error = await rejection(client.submitInvitationEmail({ token: 'A'.repeat(43), email: 'someone@example.test' }));
    expect(error.status).to.equal(400);
    expect(error.code).to.be.a('string');
  });

  it("two-factor: the overview, a sign-in that asks for the app's code, and re-authentication by a texted code", async () => {
    const { email, password } = await seedUser('client-mfa');
    await client.signIn({ identifier: email, password });
    const before = await client.getSecurity();
    expect(before).to.include({ totp: null, sms: null, recoveryPhone: null, recoveryCodesLeft: null, emailCode: false });
    expect(before.available).to.have.members(['totp', 'sms']);

    const { secret, uri } = await client.startTotpSetup();
    expect(uri).to.match(/^otpauth:\/\/totp\/.+secret=/);
    const after = await client.confirmTotpSetup({ code: await totpCode(secret) });
    expect(after.totp?.enabledAt).to.be.a('string');
    const phone = `+4670${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
    await client.startSmsSetup({ phone });
    expect((await client.confirmSmsSetup({ code: (await readTextedCode(phone)).code })).sms?.phone).to.equal(phone);

    await client.signOut();
    const step = await client.signIn({ identifier: email, password });
    if (step.step !== 'mfa') throw new Error(`expected the mfa step, got ${step.step}`);
    expect(step).to.include({ channel: 'totp', codeLength: 6, trustDeviceDays: 30 });
    const wrong = await rejection(client.verifyMfa({ challenge: step.challenge, channel: 'totp', code: '12345' }));
    expect(wrong.code).to.equal('invalid_request');
    const done = await client.verifyMfa({ challenge: step.challenge, channel: 'totp', code: await totpCode(secret, { steps: 1 }) });
    expect(done.step).to.equal('done');

    const texted = await readTextedCode(phone);
    const sent = await client.sendReauthCode({ channel: 'sms' });
    expect(sent.channel).to.equal('sms');
    expect(sent.destination).to.not.include(phone.slice(3, -2));
    const { code } = await readTextedCode(phone, { after: texted.messageId });
    const { reauthenticatedUntil } = await client.reauthenticate({ channel: 'sms', code });
    expect(Date.parse(reauthenticatedUntil)).to.be.greaterThan(Date.now());
    await client.signOut();
  });
});
