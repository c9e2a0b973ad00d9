import { expect } from '@open-wc/testing';
import { errorMessage } from './index.ts';
import { en } from './messages.en.ts';
import { localeOf, matchLocale } from './locale.ts';
import { sv } from './messages.sv.ts';
import { type Catalogue, currentLocale, hasCatalogue, inLocale, loadCatalogue, msg, setCatalogue } from './msg.ts';

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

  it('takes a catalogue with some texts only, the others staying English', () => {
    setCatalogue({ signInHeading: 'Board ship' });
    expect(msg('signInHeading')).to.equal('Board ship');
    expect(msg('signInButton')).to.equal(en.signInButton);
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
    expect(errorMessage({ code: 'rate_limited', retryAfterSeconds: 899 })).to.equal('Too many attempts. Try again in 15 minutes.');
    expect(errorMessage({ code: 'rate_limited', retryAfterSeconds: 61 })).to.equal('Too many attempts. Try again in 2 minutes.');
    expect(errorMessage({ code: 'rate_limited', retryAfterSeconds: 5 })).to.equal('Too many attempts. Try again in 1 minute.');
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

describe('languages', () => {
  it('loads Swedish on first use only, and speaks English until then', async () => {
    // Nothing on this page has rendered in Swedish yet: its catalogue is not part of the main bundle.
    expect(hasCatalogue('sv')).to.equal(false);
    expect(inLocale('sv', () => msg('signInHeading'))).to.equal('Sign in');
    const [first, second] = await Promise.all([loadCatalogue('sv'), loadCatalogue('sv')]);
    expect(first).to.equal(second);
    expect(first.signInHeading).to.equal(sv.signInHeading);
    expect(hasCatalogue('sv')).to.equal(true);
    expect(hasCatalogue('en')).to.equal(true);
  });

  it('renders in a language for the duration of a call, then restores the one before', async () => {
    await loadCatalogue('sv');
    expect(inLocale('sv', () => msg('signedInAs', { email: 'ada@example.se' }))).to.equal('Du är inloggad som ada@example.se.');
    expect(inLocale('sv', () => inLocale('en', () => msg('signInHeading')) + ' / ' + msg('signInHeading'))).to.equal('Sign in / Logga in');
    expect(inLocale('sv', () => errorMessage({ code: 'rate_limited', retryAfterSeconds: 120 }))).to.equal(sv.errorRateLimitedMinutes.replace('{minutes}', '2'));
    expect(inLocale('sv', currentLocale)).to.equal('sv');
    expect(msg('signInHeading')).to.equal('Sign in');
    expect(() =>
      inLocale('sv', () => {
        throw new Error('boom');
      }),
    ).to.throw('boom');
    expect(currentLocale()).to.equal('en');
  });

  it('reads language tags', () => {
    expect(matchLocale('sv-SE')).to.equal('sv');
    expect(matchLocale(' EN_gb ')).to.equal('en');
    expect(matchLocale('de')).to.equal(null);
    expect(matchLocale('')).to.equal(null);
    expect(matchLocale(null)).to.equal(null);
  });

  it('takes the nearest known lang, across shadow roots', () => {
    const outer = document.createElement('div');
    outer.lang = 'sv';
    const host = document.createElement('div');
    host.lang = 'de';
    outer.append(host);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    document.body.append(outer);
    try {
      expect(localeOf(inner)).to.equal('sv');
      inner.lang = 'en-US';
      expect(localeOf(inner)).to.equal('en');
    } finally {
      outer.remove();
    }
  });
});
