import { expect } from '@open-wc/testing';
import { errorMessage } from './error-message.ts';
import { en } from './messages.en.ts';
import { type Catalogue, msg, setCatalogue } from './msg.ts';

describe('msg', () => {
  afterEach(() => setCatalogue(en));

  it('fills in {name} parameters', () => {
    expect(msg('signedInAs', { email: 'ada@example.test' })).to.equal('You are signed in as ada@example.test.');
    expect(msg('errorRateLimitedMinutes', { minutes: 4 })).to.equal('Too many attempts. Try again in 4 minutes.');
  });

  it('reads the active catalogue', () => {
    const pirate: Catalogue = { ...en, signInHeading: 'Board ship' };
    setCatalogue(pirate);
    expect(msg('signInHeading')).to.equal('Board ship');
  });

  it('requires complete catalogues and the right parameters (checked by tsc)', () => {
    // @ts-expect-error: a catalogue missing keys does not compile
    const incomplete: Catalogue = { signInHeading: 'Logga in' };
    // @ts-expect-error: signedInAs needs { email }
    const missingParameter = msg('signedInAs');
    // @ts-expect-error: signInHeading takes no parameters
    msg('signInHeading', { email: 'x' });
    expect(incomplete.signInHeading).to.equal('Logga in');
    expect(missingParameter).to.equal(en.signedInAs);
  });
});

describe('errorMessage', () => {
  it('says how many whole minutes to wait, rounded up', () => {
    expect(errorMessage({ code: 'rate_limited', retryAfterSeconds: 899 })).to.equal(
      'Too many attempts. Try again in 15 minutes.',
    );
    expect(errorMessage({ code: 'rate_limited', retryAfterSeconds: 61 })).to.equal(
      'Too many attempts. Try again in 2 minutes.',
    );
    expect(errorMessage({ code: 'rate_limited', retryAfterSeconds: 5 })).to.equal(
      'Too many attempts. Try again in 1 minute.',
    );
    expect(errorMessage({ code: 'rate_limited' })).to.equal('Too many attempts. Try again later.');
  });

  it('has a message for every code, never the server text', () => {
    expect(errorMessage({ code: 'invalid_credentials' })).to.equal(en.errorInvalidCredentials);
    expect(errorMessage({ code: 'invalid_request' })).to.equal(en.errorInvalidRequest);
    expect(errorMessage({ code: 'network_error' })).to.equal(en.errorNetwork);
    expect(errorMessage({ code: 'internal_error' })).to.equal(en.errorUnexpected);
    expect(errorMessage({ code: 'forbidden_origin' })).to.equal(en.errorUnexpected);
  });
});
