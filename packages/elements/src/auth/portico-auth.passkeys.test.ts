import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoAuth } from './portico-auth.ts';
import './portico-auth.ts';
import { configFor } from '../api/api.ts';
import { button, findButton, licensingApi, licensingServerReady, waitUntil } from '../test-helpers.ts';

// Against the real servers (proxied same-origin by web-test-runner.config.mjs): the default one has passkeys on (its
// preset's), the licensing one off. Chromium's own WebAuthn is replaced where a test plays the authenticator.

const usernameInput = (el: PorticoAuth) => el.querySelector<HTMLInputElement>('portico-login-form input[name="username"]');
const passkeyButton = (el: PorticoAuth) => findButton(el, 'Sign in with a passkey');

/** A fresh `<portico-auth>` once its policy has arrived (the sign-in form re-renders with it). */
async function signInForm(api = ''): Promise<PorticoAuth> {
  const el = await fixture<PorticoAuth>(html`<portico-auth .api=${api}></portico-auth>`);
  // The element asks for the policy as it connects (one request per page and API): once it is here, so is the form.
  await configFor(api);
  await el.updateComplete;
  return el;
}

const base64Url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const bytesOf = (text: string) => new TextEncoder().encode(text).buffer;

/**
 * Replaces `navigator.credentials.get` for one test: `answer` gets the request's options and returns what the
 * browser would (or throws what it would). Restored by the returned function.
 */
function playAuthenticator(answer: (options: CredentialRequestOptions) => Promise<Credential | null>): () => void {
  const real = navigator.credentials.get.bind(navigator.credentials);
  Object.defineProperty(navigator.credentials, 'get', { configurable: true, value: answer });
  return () => Object.defineProperty(navigator.credentials, 'get', { configurable: true, value: real });
}

describe('<portico-auth> passkeys', () => {
  before(licensingServerReady);

  it('offers passkeys where the policy does: the e-mail field lists them in its autofill, and a button opens the dialog', async () => {
    const el = await signInForm();
    expect(usernameInput(el)?.getAttribute('autocomplete')).to.equal('username webauthn');
    const passkey = passkeyButton(el);
    expect(passkey, 'the passkey button').to.exist;
    expect(passkey?.closest('portico-button')?.getAttribute('variant')).to.equal('secondary');
    await expect(el).to.be.accessible();
  });

  it('offers none where the policy has passkeys off', async () => {
    const el = await signInForm(licensingApi);
    expect(usernameInput(el)?.getAttribute('autocomplete')).to.equal('username');
    expect(passkeyButton(el)).to.equal(undefined);
  });

  it('shows no passkey button, and no error, in a browser without WebAuthn', async () => {
    const real = window.PublicKeyCredential;
    Object.defineProperty(window, 'PublicKeyCredential', { configurable: true, value: undefined });
    try {
      const el = await signInForm();
      expect(usernameInput(el)?.getAttribute('autocomplete')).to.equal('username');
      expect(passkeyButton(el)).to.equal(undefined);
      expect(el.querySelector('[role="alert"]')?.textContent?.trim() ?? '').to.equal('');
    } finally {
      Object.defineProperty(window, 'PublicKeyCredential', { configurable: true, value: real });
    }
  });

  it('says nothing when the user closes the browser’s passkey dialog, and the button is ready again', async () => {
    const el = await signInForm();
    let asked = 0;
    const restore = playAuthenticator(async (options) => {
      // The autofill's request waits for a choice that never comes; the dialog's is closed by the user.
      if (options.mediation === 'conditional') return new Promise<never>(() => undefined);
      asked += 1;
      throw new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');
    });
    try {
      button(el, 'Sign in with a passkey').click();
      await waitUntil(() => asked === 1, 'the dialog was not opened');
      await waitUntil(() => passkeyButton(el)?.getAttribute('aria-busy') === 'false', 'the button stays busy');
      expect(el.querySelector('[role="alert"]')?.textContent?.trim() ?? '').to.equal('');
    } finally {
      restore();
    }
  });

  it('says a passkey the server does not know is not registered, and tells the browser to forget it', async () => {
    const el = await signInForm();
    const forgotten: { rpId: string; credentialId: string }[] = [];
    const realSignal = Object.getOwnPropertyDescriptor(PublicKeyCredential, 'signalUnknownCredential');
    Object.defineProperty(PublicKeyCredential, 'signalUnknownCredential', {
      configurable: true,
      value: async (options: { rpId: string; credentialId: string }) => void forgotten.push(options),
    });
    const credentialId = base64Url(crypto.getRandomValues(new Uint8Array(32)).buffer);
    const restore = playAuthenticator(async (options) => {
      if (options.mediation === 'conditional') return new Promise<never>(() => undefined);
      const challenge = base64Url(options.publicKey!.challenge as ArrayBuffer);
      const clientData = JSON.stringify({ type: 'webauthn.get', challenge, origin: location.origin, crossOrigin: false });
      // A well-formed answer of a passkey this site never registered.
      const raw = Uint8Array.from(atob(credentialId.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
      return {
        id: credentialId,
        rawId: raw,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        response: { clientDataJSON: bytesOf(clientData), authenticatorData: new Uint8Array(37).buffer, signature: new Uint8Array(70).buffer, userHandle: null },
        getClientExtensionResults: () => ({}),
      } as unknown as Credential;
    });
    try {
      button(el, 'Sign in with a passkey').click();
      await waitUntil(() => (el.querySelector('[role="alert"]')?.textContent ?? '').includes('not registered'), 'no refusal shown');
      expect(el.querySelector('[role="alert"]')?.textContent?.trim()).to.equal('This passkey is not registered here, or it was removed. Sign in another way.');
      expect(forgotten).to.deep.equal([{ rpId: location.hostname, credentialId }]);
    } finally {
      restore();
      if (realSignal) Object.defineProperty(PublicKeyCredential, 'signalUnknownCredential', realSignal);
      else delete (PublicKeyCredential as unknown as Record<string, unknown>).signalUnknownCredential;
    }
  });
});
