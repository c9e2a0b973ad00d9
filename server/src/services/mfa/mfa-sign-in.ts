import type { MfaChannel, MfaSetupStep, MfaStep, PasskeyAssertion, PasskeyRequestOptions, PhoneCodeSent, Policy, TotpSetup } from '@portico/contract';
import type { Clock } from '../../ports/clock.ts';
import type { Random } from '../../ports/random.ts';
import type { MfaChallengeRecord, Store, UserRecord } from '../../ports/store.ts';
import type { Requester } from '../limits/budgets.ts';
import type { FlowError } from '../password-flows.ts';
import type { Ceremony, Passkeys, RelyingParty } from '../passkeys/passkeys.ts';
import type { SignInService } from '../sign-in-service.ts';
import { generateToken, hashToken } from '../tokens.ts';
import type { UseFailure } from '../verification-service.ts';
import type { CheckResult, CodeStatus, HeldFactors, SecondFactors } from './second-factors.ts';
import type { TrustedDevices } from './trusted-devices.ts';

/** What follows a right password: signed in, or a second step (a code, or setting up a required factor). */
export type PasswordAccepted = { outcome: 'done' } | { outcome: 'step'; step: MfaStep | MfaSetupStep };

export interface PasswordContext {
  requester: Requester;
  /** The browser's trusted-device token, if it sent one. */
  deviceToken: string | undefined;
  /** From SignInService: failed attempts on record, forgiven once the sign-in completes. */
  failuresOnRecord: boolean;
  /** The user proved their address a moment ago (a sign-up code): an e-mail code now would prove it again. */
  emailJustProven?: boolean;
}

/** The second step passed: sign `user` in. */
export interface SecondStepPassed {
  user: UserRecord;
}

export const codeFailure = (reason: UseFailure): FlowError => ({
  error: reason === 'expired' ? 'code_expired' : reason === 'too_many_attempts' ? 'too_many_attempts' : 'invalid_code',
});

/** A failure budget refused the try (see SignInService.reserveTry). */
export const limitFailure = (refused: { outcome: 'rate_limited' | 'locked'; retryAfterSeconds: number }): FlowError =>
  refused.outcome === 'locked' ? { error: 'account_locked' } : { error: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };

/**
 * The second step of signing in (hosting's optional factors, the licensing portal's e-mail code). After the password, a user with a factor (or everyone, when
 * the policy's factor is the e-mail code) gets a challenge: a random token, stored hashed, that stands for "password
 * accepted" until it expires or is used. Every code typed takes a try from the challenge (it burns after the policy's
 * tries) and from the account's failure budgets (Budgets.failures), both before the code is compared, so guessing
 * stays bounded however many challenges are opened and however many guesses arrive at once. A user the policy
 * requires to have a factor, and who has none, sets one up with the challenge instead.
 */
export class MfaSignIn {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly policy: Policy,
    private readonly factors: SecondFactors,
    private readonly devices: TrustedDevices,
    private readonly signIn: SignInService,
    private readonly passkeys: Passkeys,
  ) {}

  async afterPassword(user: UserRecord, context: PasswordContext): Promise<PasswordAccepted> {
    const held = await this.factors.held(user.id);
    const codeDue = held.webauthn || held.totp !== null || held.sms !== null || (held.email && !context.emailJustProven);
    if (codeDue) {
      if (context.deviceToken && (await this.devices.recognise(context.deviceToken, user.id))) return this.done(user, context);
      return { outcome: 'step', step: await this.startMfa(user, held) };
    }
    const setupDue = this.policy.mfa.required && !held.email && this.factors.setupMethods.length > 0;
    if (setupDue) return { outcome: 'step', step: await this.startSetup(user) };
    return this.done(user, context);
  }

  /** `POST /api/auth/mfa/verify`: a code from one of the user's channels, or a recovery code. */
  async verify(
    token: string,
    proof: { channel: MfaChannel; code: string } | { recoveryCode: string },
    requester: Requester,
  ): Promise<SecondStepPassed | FlowError> {
    const opened = await this.open(token, 'mfa');
    if ('error' in opened) return opened;
    const { challenge, user } = opened;
    const held = await this.factors.held(user.id);
    if ('recoveryCode' in proof) {
      if (!this.factors.recoveryAllowed) return { error: 'method_not_allowed' };
    } else if (!this.factors.channels(held).includes(proof.channel)) {
      return { error: 'method_not_allowed' };
    }
    return this.attempt(challenge, user, requester, async () =>
      'recoveryCode' in proof
        ? (await this.factors.useRecoveryCode(user, proof.recoveryCode))
          ? { ok: true }
          : { ok: false, reason: 'invalid' }
        : this.factors.checkCode('mfa_sign_in', user, held, proof.channel, proof.code),
    );
  }

  /** `POST /api/auth/mfa/passkey/options`: a challenge for one of the user's passkeys or security keys. */
  async passkeyOptions(token: string, rp: RelyingParty, browserToken: string | undefined): Promise<Ceremony<PasskeyRequestOptions> | FlowError> {
    const opened = await this.open(token, 'mfa');
    if ('error' in opened) return opened;
    const held = await this.factors.held(opened.user.id);
    if (!held.webauthn) return { error: 'method_not_allowed' };
    return this.passkeys.secondStepOptions(opened.user, opened.challenge.id, rp, browserToken);
  }

  /**
   * `POST /api/auth/mfa/verify` with a passkey's answer. Like a code it takes a try from the challenge and the account's
   * budgets first; `ceremonyToken` is the browser's cookie of the options it asked for.
   */
  async verifyPasskey(
    token: string,
    ceremonyToken: string | undefined,
    credential: PasskeyAssertion,
    rp: RelyingParty,
    requester: Requester,
  ): Promise<SecondStepPassed | FlowError> {
    const opened = await this.open(token, 'mfa');
    if ('error' in opened) return opened;
    const { challenge, user } = opened;
    if (!(await this.factors.held(user.id)).webauthn) return { error: 'method_not_allowed' };
    let refusal: FlowError | null = null;
    const passed = await this.attempt(challenge, user, requester, async () => {
      const checked = await this.passkeys.verifySecondStep(ceremonyToken, credential, user, challenge.id, rp);
      if ('error' in checked) refusal = checked;
      return 'error' in checked ? { ok: false, reason: 'invalid' } : { ok: true };
    });
    // The try is spent as for a wrong code, but the answer says what went wrong with the passkey.
    return 'error' in passed && passed.error === 'invalid_code' && refusal ? refusal : passed;
  }

  /** `POST /api/auth/mfa/send`: a code by SMS or e-mail, switching channel or again on the same one. */
  async send(token: string, channel: 'sms' | 'email' | 'recovery_phone'): Promise<MfaStep | FlowError> {
    const opened = await this.open(token, 'mfa');
    if ('error' in opened) return opened;
    const { challenge, user } = opened;
    const held = await this.factors.held(user.id);
    if (!this.factors.channels(held).includes(channel)) return { error: 'method_not_allowed' };
    const sent = await this.factors.sendCode('mfa_sign_in', user, held, channel);
    if (!sent) return { error: 'method_not_allowed' };
    // Asked for again and refused: say so, rather than pretend a code is on its way.
    if (sent.status !== 'sent') return { error: 'rate_limited', retryAfterSeconds: sent.retryAfterSeconds };
    await this.store.setMfaChallengeChannel(challenge.id, channel);
    return this.mfaStep(token, { ...challenge, channel }, user, held, sent.status, sent.retryAfterSeconds);
  }

  /** `mfa_setup`: starts the app method for the challenge's user. */
  async startTotpSetup(token: string): Promise<TotpSetup | FlowError> {
    const opened = await this.open(token, 'setup');
    if ('error' in opened) return opened;
    if (!this.factors.allows('totp')) return { error: 'method_not_allowed' };
    return this.factors.startTotp(opened.user);
  }

  /** `mfa_setup`: texts a code to the number that is to become the SMS factor. */
  async startSmsSetup(token: string, phone: string, clientAddress: string): Promise<PhoneCodeSent | FlowError> {
    const opened = await this.open(token, 'setup');
    if ('error' in opened) return opened;
    if (!this.factors.allows('sms')) return { error: 'method_not_allowed' };
    return this.factors.startPhone(opened.user, 'sms', phone, clientAddress);
  }

  /** `mfa_setup`: the code that enables the factor also completes the sign-in. */
  async confirmSetup(token: string, method: 'totp' | 'sms', code: string, requester: Requester): Promise<SecondStepPassed | FlowError> {
    const opened = await this.open(token, 'setup');
    if ('error' in opened) return opened;
    const { challenge, user } = opened;
    if (!this.factors.allows(method)) return { error: 'method_not_allowed' };
    return this.attempt(challenge, user, requester, () =>
      method === 'totp' ? this.factors.confirmTotp(user, code) : this.factors.confirmPhone(user, 'sms', code),
    );
  }

  /** Drops expired challenges (with pending setups and trusted devices); run now and then. */
  sweep(): Promise<number> {
    return this.store.deleteExpiredMfaRecords(this.clock.now());
  }

  private async done(user: UserRecord, context: PasswordContext): Promise<PasswordAccepted> {
    if (context.failuresOnRecord) await this.signIn.forgiveFailures(user, context.requester);
    return { outcome: 'done' };
  }

  private async startMfa(user: UserRecord, held: HeldFactors): Promise<MfaStep> {
    // The app first (the two-step verification guide advises it), then a texted code, then the mailed one; codes go out at once.
    const channel: MfaChannel = held.webauthn ? 'webauthn' : held.totp ? 'totp' : held.sms ? 'sms' : 'email';
    const { token, challenge } = await this.createChallenge(user, 'mfa', channel);
    if (channel === 'totp' || channel === 'webauthn') return this.mfaStep(token, challenge, user, held, 'none', 0);
    const sent = await this.factors.sendCode('mfa_sign_in', user, held, channel);
    // Within the cooldown the code sent a moment ago is still the one to enter; past a limit, the step says so.
    return this.mfaStep(token, challenge, user, held, sent?.status ?? 'limited', sent?.retryAfterSeconds ?? 0);
  }

  private async startSetup(user: UserRecord): Promise<MfaSetupStep> {
    const { token, challenge } = await this.createChallenge(user, 'setup', null);
    return { step: 'mfa_setup', challenge: token, expiresAt: challenge.expiresAt.toISOString(), methods: this.factors.setupMethods };
  }

  private async createChallenge(
    user: UserRecord,
    kind: MfaChallengeRecord['kind'],
    channel: MfaChannel | null,
  ): Promise<{ token: string; challenge: MfaChallengeRecord }> {
    const token = generateToken(this.random);
    const now = this.clock.now();
    const challenge: MfaChallengeRecord = {
      id: this.random.uuid(),
      tokenHash: await hashToken(token),
      userId: user.id,
      kind,
      channel,
      failedAttempts: 0,
      credentialVersion: user.credentialVersion,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.policy.mfa.challengeTtlSeconds * 1000),
      usedAt: null,
    };
    await this.store.createMfaChallenge(challenge);
    return { token, challenge };
  }

  private async mfaStep(
    token: string,
    challenge: MfaChallengeRecord,
    user: UserRecord,
    held: HeldFactors,
    codeStatus: CodeStatus | 'none',
    resendAfterSeconds: number,
  ): Promise<MfaStep> {
    const codesLeft = this.factors.recoveryAllowed ? await this.factors.recoveryCodesLeft(user.id) : null;
    return {
      step: 'mfa',
      challenge: token,
      expiresAt: challenge.expiresAt.toISOString(),
      channel: challenge.channel ?? 'totp',
      options: this.factors.options(user, held),
      recoveryCodes: (codesLeft ?? 0) > 0,
      trustDeviceDays: this.devices.offered ? this.policy.mfa.trustDeviceDays : null,
      codeLength: 6,
      resendAfterSeconds,
      codeStatus,
    };
  }

  /** The live challenge behind `token` and its user; `mfa_expired` for unknown, used, expired or of the other kind. */
  private async open(token: string, kind: MfaChallengeRecord['kind']): Promise<{ challenge: MfaChallengeRecord; user: UserRecord } | FlowError> {
    const challenge = await this.store.findMfaChallenge(await hashToken(token));
    if (!challenge || challenge.kind !== kind || challenge.usedAt || this.clock.now() >= challenge.expiresAt) return { error: 'mfa_expired' };
    // Every try used up: spent, like a used one.
    if (challenge.failedAttempts >= this.policy.verification.maxCodeAttempts) return { error: 'mfa_expired' };
    const user = await this.store.findUserById(challenge.userId);
    // The password it stands for has changed since (a reset), or the login was disabled: it proves nothing any more.
    if (!user || user.credentialVersion !== challenge.credentialVersion || user.disabledAt) return { error: 'mfa_expired' };
    if (kind === 'setup') {
      // A setup is for a user without a factor. One who has set one up meanwhile signs in with it: a setup challenge
      // (in someone else's hands, say) must not put another app or number in its place.
      const held = await this.factors.held(user.id);
      if (held.totp || held.sms || held.webauthn) return { error: 'mfa_expired' };
    }
    return { challenge, user };
  }

  /**
   * One code typed at the challenge: a try is taken from the account's failure budgets and from the challenge before
   * `check` compares anything. A wrong code keeps both tries (the challenge is spent at the policy's count); an expired
   * code was refused before it was compared, so the budgets get theirs back.
   */
  private async attempt(
    challenge: MfaChallengeRecord,
    user: UserRecord,
    requester: Requester,
    check: () => Promise<CheckResult>,
  ): Promise<SecondStepPassed | FlowError> {
    const reserved = await this.signIn.reserveTry(user.email, requester, user.id);
    if (!('reservation' in reserved)) return limitFailure(reserved);
    const max = this.policy.verification.maxCodeAttempts;
    const tries = await this.store.reserveMfaChallengeAttempt(challenge.id, max);
    if (tries === null) {
      await reserved.reservation.release();
      return (await this.store.findMfaChallenge(challenge.tokenHash))?.usedAt ? { error: 'mfa_expired' } : { error: 'too_many_attempts' };
    }
    const result = await check();
    if (result.ok) {
      await reserved.reservation.release();
      return this.complete(challenge, user, requester);
    }
    if (result.reason === 'expired') {
      await reserved.reservation.release();
      return codeFailure(result.reason);
    }
    this.signIn.noteFailure(user, 'mfa.failed', { reason: result.reason });
    // The last try gone, the challenge is spent (`open` says so from now on): the next try needs the password again.
    // It is not marked used here, or a right code arriving at the same moment could lose to a wrong one.
    return tries >= max ? { error: 'too_many_attempts' } : codeFailure(result.reason);
  }

  /** Uses the challenge (once, whoever comes first) and forgives the account's failed attempts. */
  private async complete(challenge: MfaChallengeRecord, user: UserRecord, requester: Requester): Promise<SecondStepPassed | FlowError> {
    if (!(await this.store.consumeMfaChallenge(challenge.id, this.clock.now()))) return { error: 'mfa_expired' };
    await this.signIn.forgiveFailures(user, requester);
    return { user };
  }
}
