import { expect } from '@open-wc/testing';
import { seedUser } from '../../../test/support/seed-user.ts';
import { createPorticoClient, PorticoApiError } from './index.ts';

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
  const client = createPorticoClient();

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
});
