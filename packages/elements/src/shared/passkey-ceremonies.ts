import type { PorticoClient } from '@portico/client';
import type { AuthStep, Locale, PasskeyAssertion, PasskeyAttestation, PasskeyRequestOptions, SecurityOverview } from '@portico/contract';
import {
  type AuthenticationResponseJSON,
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
} from '@simplewebauthn/browser';

/*
 * The browser's side of passkeys, on @simplewebauthn/browser. Loaded on first use (never with the sign-in form's
 * first render): the elements import this module dynamically where the policy offers passkeys and the browser has
 * WebAuthn.
 */

/**
 * The user closed the browser's passkey dialog (or chose nothing), or another ceremony took the place of this one:
 * nothing went wrong that is worth a message.
 */
export function isCancelled(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as Error & { code?: string };
  return error.name === 'NotAllowedError' || error.name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED';
}

/** A passkey chosen, and the relying party it answered (to tell the browser when the server does not know it). */
export interface ChosenPasskey {
  credential: PasskeyAssertion;
  rpId: string | undefined;
}

/**
 * Asks the browser for a passkey to sign in with: `modal` opens its dialog (the button); `autofill` waits for the
 * user to choose one from the e-mail field's autofill list (conditional mediation), and resolves null at once where
 * the browser has no such list. Any earlier request of this page is cancelled first. Rejects when cancelled
 * (`isCancelled`) or when the options could not be fetched.
 */
export async function choosePasskey(client: PorticoClient, mode: 'modal' | 'autofill'): Promise<ChosenPasskey | null> {
  if (mode === 'autofill' && !(await browserSupportsWebAuthnAutofill())) return null;
  const { options } = await client.getPasskeySignInOptions();
  const answer = await startAuthentication({ optionsJSON: requestOptions(options), useBrowserAutofill: mode === 'autofill' });
  return { credential: assertion(answer), rpId: options.rpId };
}

/** Signs in with a chosen passkey: the step the server answers (`done`, `choose_account`). */
export function signInWithPasskey(client: PorticoClient, chosen: ChosenPasskey, locale: Locale | undefined): Promise<AuthStep> {
  return client.signInWithPasskey({ credential: chosen.credential, ...(locale ? { locale } : {}) });
}

/** The `mfa` step answered by a passkey or security key: the step that follows. */
export async function answerSecondStep(client: PorticoClient, challenge: string, trustDevice: boolean): Promise<AuthStep> {
  const { options } = await client.getMfaPasskeyOptions({ challenge });
  const credential = assertion(await startAuthentication({ optionsJSON: requestOptions(options) }));
  return client.verifyMfa({ challenge, credential, trustDevice });
}

/** Makes a passkey on this device and adds it to the signed-in user's account: the security overview that follows. */
export async function addPasskey(client: PorticoClient, name?: string): Promise<SecurityOverview> {
  const { options } = await client.getPasskeyRegistrationOptions();
  const answer = await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
  return client.addPasskey({ credential: answer as unknown as PasskeyAttestation, ...(name ? { name } : {}) });
}

/** Stops a passkey request waiting in this page (the autofill's, when the sign-in form goes). */
export function cancelPasskeyRequest(): void {
  WebAuthnAbortService.cancelCeremony();
}

/**
 * The server does not know this passkey (never added, or removed): where the browser supports it (the WebAuthn
 * Signal API), it is told, so the passkey leaves the autofill list instead of failing again.
 */
export function forgetUnknownPasskey(chosen: ChosenPasskey): void {
  const signal = (window.PublicKeyCredential as unknown as { signalUnknownCredential?: (options: { rpId: string; credentialId: string }) => Promise<void> })
    .signalUnknownCredential;
  if (!signal || !chosen.rpId) return;
  signal.call(window.PublicKeyCredential, { rpId: chosen.rpId, credentialId: chosen.credential.id }).catch(() => undefined);
}

/** The browser's answer, as the contract names its JSON (the server checks every field). */
function assertion(answer: AuthenticationResponseJSON): PasskeyAssertion {
  return answer as unknown as PasskeyAssertion;
}

function requestOptions(options: PasskeyRequestOptions): PublicKeyCredentialRequestOptionsJSON {
  // The contract's shape of the same JSON (it keeps fields it does not name): what the browser is to be given.
  return options as unknown as PublicKeyCredentialRequestOptionsJSON;
}
