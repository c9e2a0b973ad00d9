import { type Passkey, type PasskeyAssertion, type PasskeyAttestation, PasskeyCreationOptions, PasskeyRequestOptions, type Policy } from '@portico/contract';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { PasskeyRecord, Store, UserRecord, WebAuthnChallengeRecord, WebAuthnPurpose } from '../../ports/store.ts';
import type { Requester } from '../limits/budgets.ts';
import type { Outbox } from '../messages/outbox.ts';
import { deviceLabel } from '../mfa/device-label.ts';
import { limitFailure } from '../mfa/mfa-sign-in.ts';
import type { FlowError } from '../password-flows.ts';
import type { SignInService } from '../sign-in-service.ts';
import { fromBase64Url, generateToken, hashToken, toBase64Url } from '../tokens.ts';
import type { WebhookEvents } from '../webhooks/webhook-events.ts';

/**
 * Who the passkeys are for: the relying party ID (a domain the host page's origin is, or is under) and the origins
 * whose pages may run a ceremony. Worked out per request by the routes, as development serves any host it is reached by.
 */
export interface RelyingParty {
  id: string;
  /** Shown by some authenticators when a passkey is created: the product name. */
  name: string;
  origins: readonly string[];
}

/** A challenge handed to a browser: the options for it, and the token its cookie keeps. */
export interface Ceremony<Options> {
  options: Options;
  token: string;
  expiresAt: Date;
}

/** A passkey checked: its owner, and the record as it was before this use. */
export interface PasskeyPassed {
  user: UserRecord;
  passkey: PasskeyRecord;
}

/** How long a browser has to answer a challenge; the options tell the browser the same. */
const ceremonySeconds = 5 * 60;

/** "Not now" to the offer after a password sign-in holds this long in that browser, so it is not met at every sign-in. */
const offerPauseDays = 30;

/** ES256 (every passkey provider) and RS256 (Windows Hello's older keys). */
const algorithms = [-7, -257];

/**
 * Passkeys and security keys (WebAuthn) on `@simplewebauthn/server`: adding one, signing in with one, and answering
 * the second step with one. Every challenge is stored with the SHA-256 of a token only the asking browser's cookie
 * holds, works once (the answer takes it out of the store before anything is checked), and expires in five minutes.
 * A sign-in needs user verification (a PIN or biometrics on the authenticator): possession plus that is two factors.
 */
export class Passkeys {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy,
    private readonly outbox: Outbox,
    private readonly webhooks: WebhookEvents,
    /** A passkey that fails to verify counts as a failed sign-in to its owner's account. */
    private readonly signIn: SignInService,
  ) {}

  /** Whether users may hold passkeys here: to sign in with, or to answer the second step (`webauthn`). */
  get offered(): boolean {
    return this.policy.passkeys.signIn || this.policy.mfa.methods.includes('webauthn');
  }

  get signInOffered(): boolean {
    return this.policy.passkeys.signIn;
  }

  async list(userId: string): Promise<Passkey[]> {
    return (await this.store.listPasskeys(userId)).map(toPasskey);
  }

  /**
   * Whether to offer a passkey right after a password sign-in (a browser not offered one lately): where the policy
   * prompts and the user has none. The date until which that browser is not to be offered one again, or null.
   */
  async offerAfterPasswordSignIn(userId: string): Promise<Date | null> {
    const { signIn, prompt } = this.policy.passkeys;
    if (!signIn || prompt !== 'after-sign-in') return null;
    if ((await this.store.listPasskeys(userId)).length > 0) return null;
    return new Date(this.clock.now().getTime() + offerPauseDays * 86_400_000);
  }

  /** Options for "Sign in with a passkey" and the autofill: any passkey of this relying party may answer. */
  async signInOptions(rp: RelyingParty, browserToken: string | undefined): Promise<Ceremony<PasskeyRequestOptions>> {
    const options = PasskeyRequestOptions.parse(
      await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required', timeout: ceremonySeconds * 1000 }),
    );
    return { options, ...(await this.issue(browserToken, options.challenge, 'sign_in', null, null)) };
  }

  /**
   * A passkey sign-in. Unknown and removed credentials get one answer (`passkey_unknown`): the credential id is the
   * authenticator's random name for it and tells nothing of any account.
   */
  async verifySignIn(token: string | undefined, credential: PasskeyAssertion, rp: RelyingParty, requester: Requester): Promise<PasskeyPassed | FlowError> {
    const ceremony = await this.take(token, 'sign_in', credential);
    if (!ceremony) return { error: 'passkey_expired' };
    const passkey = await this.store.findPasskeyByCredentialId(credential.id);
    const user = passkey ? await this.store.findUserById(passkey.userId) : null;
    if (!passkey || !user) return { error: 'passkey_unknown' };
    // A disabled login's passkey answers as one that failed to verify: not "unknown", which would have the browser
    // forget a passkey its owner needs again once the login is enabled.
    if (user.disabledAt) return { error: 'passkey_invalid' };
    // The authenticator names the account it made the passkey for: it must be the passkey's owner.
    if (credential.response.userHandle !== undefined && credential.response.userHandle !== userHandle(user.id)) return { error: 'passkey_invalid' };
    const checked = await this.check(ceremony, passkey, user, credential, rp, requester, true);
    if ('error' in checked) return checked;
    await this.signIn.forgiveFailures(user, requester);
    return checked;
  }

  /** Options for the second step: one of the user's own passkeys or security keys. */
  async secondStepOptions(
    user: UserRecord,
    mfaChallengeId: string,
    rp: RelyingParty,
    browserToken: string | undefined,
  ): Promise<Ceremony<PasskeyRequestOptions>> {
    const passkeys = await this.store.listPasskeys(user.id);
    const options = PasskeyRequestOptions.parse(
      await generateAuthenticationOptions({
        rpID: rp.id,
        allowCredentials: passkeys.map(descriptor),
        // The password was the first factor; a security key without a PIN is the second.
        userVerification: 'preferred',
        timeout: ceremonySeconds * 1000,
      }),
    );
    return { options, ...(await this.issue(browserToken, options.challenge, 'mfa', user.id, mfaChallengeId)) };
  }

  /**
   * The second step answered by a passkey: the ceremony must be this browser's for this very `mfa` challenge, and the
   * credential one of the user's. The caller has taken a try from the account's budgets already.
   */
  async verifySecondStep(
    token: string | undefined,
    credential: PasskeyAssertion,
    user: UserRecord,
    mfaChallengeId: string,
    rp: RelyingParty,
  ): Promise<{ ok: true } | FlowError> {
    const ceremony = await this.take(token, 'mfa', credential);
    if (!ceremony || ceremony.userId !== user.id || ceremony.mfaChallengeId !== mfaChallengeId) return { error: 'passkey_expired' };
    const passkey = await this.store.findPasskeyByCredentialId(credential.id);
    if (!passkey || passkey.userId !== user.id) return { error: 'passkey_unknown' };
    const checked = await this.verifyAssertion(ceremony, passkey, credential, rp, false);
    return checked ? { ok: true } : { error: 'passkey_invalid' };
  }

  /** Options to add a passkey: one per authenticator (those already added are excluded), discoverable where passkeys sign in. */
  async registrationOptions(user: UserRecord, rp: RelyingParty, browserToken: string | undefined): Promise<Ceremony<PasskeyCreationOptions>> {
    const existing = await this.store.listPasskeys(user.id);
    const generated = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.email,
      userID: new Uint8Array(fromBase64Url(userHandle(user.id))),
      userDisplayName: user.name ?? user.email,
      timeout: ceremonySeconds * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map(descriptor),
      authenticatorSelection: {
        // Signing in without a username needs a passkey the authenticator can find by itself; a security key that
        // only answers the second step need not be one.
        residentKey: this.policy.passkeys.signIn ? 'required' : 'preferred',
        userVerification: 'preferred',
      },
      supportedAlgorithmIDs: algorithms,
    });
    const options = PasskeyCreationOptions.parse(generated);
    return { options, ...(await this.issue(browserToken, options.challenge, 'register', user.id, null)) };
  }

  /** Adds the passkey the browser made for `registrationOptions`; the user is mailed a notice. */
  async add(
    token: string | undefined,
    user: UserRecord,
    credential: PasskeyAttestation,
    name: string | undefined,
    userAgent: string | undefined,
    rp: RelyingParty,
  ): Promise<{ passkey: Passkey } | FlowError> {
    const ceremony = await this.take(token, 'register', credential);
    if (!ceremony || ceremony.userId !== user.id) return { error: 'passkey_expired' };
    let info;
    try {
      const verified = await verifyRegistrationResponse({
        response: credential as RegistrationResponseJSON,
        expectedChallenge: ceremony.challenge,
        expectedOrigin: [...rp.origins],
        expectedRPID: rp.id,
        requireUserVerification: false,
        supportedAlgorithmIDs: algorithms,
      });
      if (!verified.verified) return { error: 'passkey_invalid' };
      info = verified.registrationInfo;
    } catch {
      return { error: 'passkey_invalid' };
    }
    const record: PasskeyRecord = {
      id: this.random.uuid(),
      userId: user.id,
      credentialId: info.credential.id,
      publicKey: toBase64Url(info.credential.publicKey),
      counter: info.credential.counter,
      transports: (credential.response.transports ?? []).slice(0, 8),
      deviceType: info.credentialDeviceType === 'multiDevice' ? 'multi_device' : 'single_device',
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      name: name ?? deviceLabel(userAgent, user.locale),
      createdAt: this.clock.now(),
      lastUsedAt: null,
    };
    const added = await this.outbox.commit(async (store) => {
      if (!(await store.createPasskey(record))) return false;
      await this.outbox.mail(store, user.email, 'securityChanged', { change: 'passkey_added' }, user.locale);
      await this.webhooks.emit(store, 'passkey.added', { userId: user.id, email: user.email, passkeyId: record.id, name: record.name });
      return true;
    });
    return added ? { passkey: toPasskey(record) } : { error: 'passkey_taken' };
  }

  async rename(user: UserRecord, id: string, name: string): Promise<{ renamed: true } | FlowError> {
    return (await this.store.renamePasskey(user.id, id, name)) ? { renamed: true } : { error: 'not_found' };
  }

  /** Removes a passkey: it signs in no more (the browser may still offer it; the answer is then `passkey_unknown`). */
  async remove(user: UserRecord, id: string): Promise<{ removed: true } | FlowError> {
    const removed = await this.outbox.commit(async (store) => {
      const deleted = await store.deletePasskey(user.id, id);
      if (!deleted) return false;
      await this.outbox.mail(store, user.email, 'securityChanged', { change: 'passkey_removed' }, user.locale);
      await this.webhooks.emit(store, 'passkey.removed', { userId: user.id, email: user.email, passkeyId: deleted.id, name: deleted.name });
      return true;
    });
    return removed ? { removed: true } : { error: 'not_found' };
  }

  /** Drops challenges nobody answered; run now and then. */
  sweep(): Promise<number> {
    return this.store.deleteWebAuthnChallengesExpiredBefore(this.clock.now());
  }

  /**
   * Stores a challenge under the browser's token: the one its cookie already holds (so its other tabs' challenges stay
   * good), or a new one.
   */
  private async issue(
    browserToken: string | undefined,
    challenge: string,
    purpose: WebAuthnPurpose,
    userId: string | null,
    mfaChallengeId: string | null,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = browserToken && /^[A-Za-z0-9_-]{43}$/.test(browserToken) ? browserToken : generateToken(this.random);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ceremonySeconds * 1000);
    await this.store.createWebAuthnChallenge({
      id: this.random.uuid(),
      tokenHash: await hashToken(token),
      challenge,
      purpose,
      userId,
      mfaChallengeId,
      createdAt: now,
      expiresAt,
    });
    return { token, expiresAt };
  }

  /**
   * The live challenge the answer signed, if this browser asked for it for `purpose`, taken out of the store: a second
   * answer to it finds nothing.
   */
  private async take(
    token: string | undefined,
    purpose: WebAuthnPurpose,
    credential: PasskeyAssertion | PasskeyAttestation,
  ): Promise<WebAuthnChallengeRecord | null> {
    const challenge = signedChallenge(credential.response.clientDataJSON);
    if (!token || challenge === null) return null;
    const ceremony = await this.store.takeWebAuthnChallenge(await hashToken(token), challenge);
    if (!ceremony || ceremony.purpose !== purpose || this.clock.now() >= ceremony.expiresAt) return null;
    return ceremony;
  }

  /**
   * A sign-in's check. An answer that fails counts as a failed sign-in of the owner (a try taken from their failure
   * budgets, and kept; past them the answer says so). One that verifies is not held up by those budgets: a signature
   * cannot be guessed, so there is nothing to slow down, and a stranger's wrong passwords must not keep the owner from
   * signing in with their passkey. Checking first costs one signature check per answer, each on a challenge of its own.
   */
  private async check(
    ceremony: WebAuthnChallengeRecord,
    passkey: PasskeyRecord,
    user: UserRecord,
    credential: PasskeyAssertion,
    rp: RelyingParty,
    requester: Requester,
    requireUserVerification: boolean,
  ): Promise<PasskeyPassed | FlowError> {
    if (await this.verifyAssertion(ceremony, passkey, credential, rp, requireUserVerification)) return { user, passkey };
    const reserved = await this.signIn.reserveTry(user.email, requester, user.id);
    return 'reservation' in reserved ? { error: 'passkey_invalid' } : limitFailure(reserved);
  }

  /**
   * Checks the signature, origin, RP ID, challenge and flags, and records the use. A signature counter that did not
   * go up (where the authenticator keeps one) is refused: the passkey may have been cloned. Of two answers racing
   * with the same counter, the store lets one through.
   */
  private async verifyAssertion(
    ceremony: WebAuthnChallengeRecord,
    passkey: PasskeyRecord,
    credential: PasskeyAssertion,
    rp: RelyingParty,
    requireUserVerification: boolean,
  ): Promise<boolean> {
    let info;
    try {
      const verified = await verifyAuthenticationResponse({
        response: credential as AuthenticationResponseJSON,
        expectedChallenge: ceremony.challenge,
        expectedOrigin: [...rp.origins],
        expectedRPID: rp.id,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(fromBase64Url(passkey.publicKey)),
          counter: passkey.counter,
          transports: transports(passkey),
        },
        requireUserVerification,
      });
      if (!verified.verified) return false;
      info = verified.authenticationInfo;
    } catch {
      // A malformed answer, another origin or RP ID, a wrong signature, or a counter that went backwards.
      return false;
    }
    return this.store.recordPasskeyUse(passkey.id, passkey.counter, info.newCounter, info.credentialBackedUp, this.clock.now());
  }
}

/**
 * The WebAuthn user handle of a user: the bytes of their id (a random UUID, nothing personal), which the
 * authenticator returns with a discoverable passkey.
 */
export function userHandle(userId: string): string {
  const hex = userId.replace(/-/g, '');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return toBase64Url(bytes);
}

/** The challenge in the client data the authenticator signed; null for data that is not WebAuthn's JSON. */
function signedChallenge(clientDataJSON: string): string | null {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(fromBase64Url(clientDataJSON)));
    if (typeof parsed !== 'object' || parsed === null || !('challenge' in parsed) || typeof parsed.challenge !== 'string') return null;
    return parsed.challenge;
  } catch {
    return null;
  }
}

function transports(passkey: PasskeyRecord): AuthenticatorTransportFuture[] {
  return passkey.transports as AuthenticatorTransportFuture[];
}

function descriptor(passkey: PasskeyRecord): { id: string; transports: AuthenticatorTransportFuture[] } {
  return { id: passkey.credentialId, transports: transports(passkey) };
}

export function toPasskey(record: PasskeyRecord): Passkey {
  return {
    id: record.id,
    name: record.name,
    deviceType: record.deviceType,
    backedUp: record.backedUp,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
  };
}
