import type {
  PasskeyAttestation,
  PasskeyCreationOptions,
  PhoneCodeSent,
  Policy,
  ReauthCodeSent,
  ReauthRequest,
  SecurityOverview,
  TotpSetup,
} from '@portico/contract';
import type { z } from 'zod';
import type { Clock } from '../../ports/clock.ts';
import type { PasswordHasher } from '../../ports/password-hasher.ts';
import type { SessionRecord, UserRecord } from '../../ports/store.ts';
import type { Requester } from '../limits/budgets.ts';
import type { FlowError } from '../password-flows.ts';
import type { Ceremony, Passkeys, RelyingParty } from '../passkeys/passkeys.ts';
import type { SessionService, SignedInSession } from '../session-service.ts';
import type { SignInService } from '../sign-in-service.ts';
import { formatPhoneNumber, maskEmailAddress, maskPhoneNumber } from './phone-numbers.ts';
import { codeFailure, limitFailure } from './mfa-sign-in.ts';
import type { PhoneKind, SecondFactors } from './second-factors.ts';
import type { TrustedDevices } from './trusted-devices.ts';

/**
 * The profile's two-factor section (two-step verification): enabling and disabling methods, the recovery phone and codes, trusted
 * devices. Every change of factors or recovery data needs a recent proof of identity in this session (sign-in or
 * re-authentication within the policy's minutes), so a session left open on someone's desk cannot be used to take
 * the account over.
 */
export class SecuritySettings {
  constructor(
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly policy: Policy,
    private readonly sessions: SessionService,
    private readonly factors: SecondFactors,
    private readonly devices: TrustedDevices,
    /** Wrong passwords and codes count as failed sign-ins: re-authenticating must not be a way round those budgets. */
    private readonly signIn: SignInService,
    private readonly passkeys: Passkeys,
  ) {}

  async overview(signedIn: SignedInSession, deviceToken: string | undefined): Promise<SecurityOverview> {
    const { user, record } = signedIn;
    const held = await this.factors.held(user.id);
    const until = this.reauthenticatedUntil(await this.sessions.reauthenticatedAt(record));
    return {
      available: this.factors.setupMethods,
      required: this.policy.mfa.required,
      emailCode: held.email,
      totp: held.totp ? { enabledAt: held.totp.enabledAt.toISOString() } : null,
      sms: held.sms?.phone ? { phone: held.sms.phone, display: formatPhoneNumber(held.sms.phone), enabledAt: held.sms.enabledAt.toISOString() } : null,
      recoveryPhone: held.recoveryPhone?.phone
        ? {
            phone: held.recoveryPhone.phone,
            display: formatPhoneNumber(held.recoveryPhone.phone),
            verifiedAt: held.recoveryPhone.enabledAt.toISOString(),
          }
        : null,
      recoveryCodesLeft: this.factors.recoveryAllowed ? await this.factors.recoveryCodesLeft(user.id) : null,
      trustedDevices: this.devices.offered ? await this.devices.list(user.id, deviceToken) : [],
      passkeys: this.passkeys.offered ? await this.passkeys.list(user.id) : null,
      passkeySecondFactor: this.policy.mfa.methods.includes('webauthn'),
      trustDeviceDays: this.devices.offered ? this.policy.mfa.trustDeviceDays : null,
      reauthenticatedUntil: until && until > this.clock.now() ? until.toISOString() : null,
    };
  }

  /**
   * "Sudo mode": the password, or a current code from the app, a text or a mail. A try is taken from the account's
   * failure budgets before either is checked. Passing renews the session under a new token (ASVS 7.2.4): the caller
   * sets the returned one.
   */
  async reauthenticate(
    signedIn: SignedInSession,
    proof: z.output<typeof ReauthRequest>,
    requester: Requester,
  ): Promise<{ until: Date; session: { token: string; record: SessionRecord } } | FlowError> {
    const { user, record, token } = signedIn;
    let held: Awaited<ReturnType<SecondFactors['held']>> | null = null;
    if (!('password' in proof)) {
      held = await this.factors.held(user.id);
      if (!this.factors.channels(held).includes(proof.channel)) return { error: 'method_not_allowed' };
    }
    const reserved = await this.signIn.reserveTry(user.email, requester, user.id);
    if (!('reservation' in reserved)) return limitFailure(reserved);
    if ('password' in proof) {
      if (!user.passwordHash || !(await this.hasher.verify(user.passwordHash, proof.password))) return { error: 'invalid_credentials' };
    } else {
      const result = await this.factors.checkCode('mfa_reauth', user, held!, proof.channel, proof.code);
      if (!result.ok) {
        // An expired code is refused before it is compared: no guess.
        if (result.reason === 'expired') await reserved.reservation.release();
        return codeFailure(result.reason);
      }
    }
    await reserved.reservation.release();
    const session = await this.sessions.renew(token, record, { reauthenticated: true });
    return { until: this.reauthenticatedUntil(session.record.reauthenticatedAt)!, session };
  }

  /** A code to re-authenticate with, by text (the SMS factor) or mail (where the e-mail code is the factor). */
  async sendReauthCode(user: UserRecord, channel: 'sms' | 'email'): Promise<ReauthCodeSent | FlowError> {
    const held = await this.factors.held(user.id);
    const sent = await this.factors.sendCode('mfa_reauth', user, held, channel);
    if (!sent) return { error: 'method_not_allowed' };
    if (sent.status !== 'sent') return { error: 'rate_limited', retryAfterSeconds: sent.retryAfterSeconds };
    const to = this.factors.destination(user, held, channel) ?? '';
    return { channel, destination: channel === 'email' ? maskEmailAddress(to) : maskPhoneNumber(to), resendAfterSeconds: sent.retryAfterSeconds };
  }

  async startTotp(signedIn: SignedInSession): Promise<TotpSetup | FlowError> {
    const refused = (await this.requireFresh(signedIn)) ?? this.requireMethod('totp');
    return refused ?? this.factors.startTotp(signedIn.user);
  }

  async confirmTotp(signedIn: SignedInSession, code: string): Promise<{ changed: true } | FlowError> {
    const refused = (await this.requireFresh(signedIn)) ?? this.requireMethod('totp');
    if (refused) return refused;
    const result = await this.factors.confirmTotp(signedIn.user, code);
    return result.ok ? { changed: true } : codeFailure(result.reason);
  }

  async startPhone(signedIn: SignedInSession, kind: PhoneKind, phone: string, clientAddress: string): Promise<PhoneCodeSent | FlowError> {
    const refused = (await this.requireFresh(signedIn)) ?? this.requirePhoneKind(kind);
    return refused ?? this.factors.startPhone(signedIn.user, kind, phone, clientAddress);
  }

  async confirmPhone(signedIn: SignedInSession, kind: PhoneKind, code: string): Promise<{ changed: true } | FlowError> {
    const refused = (await this.requireFresh(signedIn)) ?? this.requirePhoneKind(kind);
    if (refused) return refused;
    const result = await this.factors.confirmPhone(signedIn.user, kind, code);
    return result.ok ? { changed: true } : codeFailure(result.reason);
  }

  /**
   * Turns a method off ("Disable" and its confirmation, two-step verification). The last one cannot go where the policy requires
   * a factor. With no factor left, trusted devices go too: they were trusted to skip a step that no longer exists,
   * and must not skip it silently if a factor is set up again.
   */
  async disable(signedIn: SignedInSession, method: 'totp' | 'sms'): Promise<{ changed: boolean } | FlowError> {
    const refused = await this.requireFresh(signedIn);
    if (refused) return refused;
    const { user } = signedIn;
    const held = await this.factors.held(user.id);
    if (!held[method]) return { changed: false };
    const remaining = (method === 'totp' ? held.sms !== null : held.totp !== null) || held.webauthn;
    if (this.policy.mfa.required && !held.email && !remaining) return { error: 'factor_required' };
    const changed = await this.factors.remove(user, method);
    if (changed && !remaining) await this.devices.revokeAll(user.id);
    return { changed };
  }

  /** Options to add a passkey: a factor change like any other, so it needs a recent proof of identity. */
  async passkeyRegistrationOptions(
    signedIn: SignedInSession,
    rp: RelyingParty,
    browserToken: string | undefined,
  ): Promise<Ceremony<PasskeyCreationOptions> | FlowError> {
    const refused = (await this.requireFresh(signedIn)) ?? this.requirePasskeys();
    return refused ?? this.passkeys.registrationOptions(signedIn.user, rp, browserToken);
  }

  async addPasskey(
    signedIn: SignedInSession,
    ceremonyToken: string | undefined,
    credential: PasskeyAttestation,
    name: string | undefined,
    userAgent: string | undefined,
    rp: RelyingParty,
  ): Promise<{ changed: true } | FlowError> {
    const refused = (await this.requireFresh(signedIn)) ?? this.requirePasskeys();
    if (refused) return refused;
    const added = await this.passkeys.add(ceremonyToken, signedIn.user, credential, name, userAgent, rp);
    return 'error' in added ? added : { changed: true };
  }

  /**
   * Removes a passkey. Where passkeys answer the second step and the policy requires one, the last factor cannot go;
   * with no factor left, trusted browsers are forgotten (as when the last method is turned off).
   */
  async removePasskey(signedIn: SignedInSession, id: string): Promise<{ changed: true } | FlowError> {
    const refused = await this.requireFresh(signedIn);
    if (refused) return refused;
    const { user } = signedIn;
    const held = await this.factors.held(user.id);
    const lastPasskey = (await this.passkeys.list(user.id)).length === 1;
    const otherFactor = held.totp !== null || held.sms !== null || held.email;
    if (held.webauthn && lastPasskey && !otherFactor && this.policy.mfa.required) return { error: 'factor_required' };
    const removed = await this.passkeys.remove(user, id);
    if ('error' in removed) return removed;
    if (held.webauthn && lastPasskey && !otherFactor) await this.devices.revokeAll(user.id);
    return { changed: true };
  }

  async removeRecoveryPhone(signedIn: SignedInSession): Promise<{ changed: boolean } | FlowError> {
    const refused = await this.requireFresh(signedIn);
    if (refused) return refused;
    return { changed: await this.factors.remove(signedIn.user, 'recovery_phone') };
  }

  async generateRecoveryCodes(signedIn: SignedInSession): Promise<{ codes: string[] } | FlowError> {
    const refused = (await this.requireFresh(signedIn)) ?? (this.factors.recoveryAllowed ? null : ({ error: 'method_not_allowed' } as const));
    if (refused) return refused;
    return { codes: await this.factors.generateRecoveryCodes(signedIn.user) };
  }

  async revokeTrustedDevice(user: UserRecord, id: string): Promise<{ revoked: true } | FlowError> {
    return (await this.devices.revoke(user.id, id)) ? { revoked: true } : { error: 'not_found' };
  }

  private reauthenticatedUntil(at: Date | null): Date | null {
    return at ? new Date(at.getTime() + this.policy.mfa.reauthSeconds * 1000) : null;
  }

  /** `reauth_required` unless the session signed in or re-authenticated within the policy's minutes. */
  async requireFresh(signedIn: SignedInSession): Promise<FlowError | null> {
    const until = this.reauthenticatedUntil(await this.sessions.reauthenticatedAt(signedIn.record));
    return until && this.clock.now() < until ? null : { error: 'reauth_required' };
  }

  private requireMethod(method: 'totp' | 'sms'): FlowError | null {
    return this.factors.allows(method) ? null : { error: 'method_not_allowed' };
  }

  private requirePasskeys(): FlowError | null {
    return this.passkeys.offered ? null : { error: 'method_not_allowed' };
  }

  private requirePhoneKind(kind: PhoneKind): FlowError | null {
    return kind === 'sms' ? this.requireMethod('sms') : this.factors.recoveryAllowed ? null : { error: 'method_not_allowed' };
  }
}
