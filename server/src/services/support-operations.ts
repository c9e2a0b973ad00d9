import {
  isCustomerId,
  type LoginStatusResponse,
  normalizeEmail,
  type ResetFactorsResponse,
  type SupportSearchResult,
  type SupportUserView,
} from '@portico/contract';
import type { Clock } from '../ports/clock.ts';
import type { Store, UserRecord } from '../ports/store.ts';
import { toActivityEntry, type ActivityLog } from './activity-log.ts';
import { toCustomerAccount } from './customer-accounts.ts';
import type { Outbox } from './messages/outbox.ts';
import { maskPhoneNumber } from './mfa/phone-numbers.ts';
import { type SessionService, toActiveSession } from './session-service.ts';
import { toUser } from './user-service.ts';
import type { WebhookEvents } from './webhooks/webhook-events.ts';

const searchLimit = 20;

/**
 * What support does for a customer (admin API, CLI): find a person, see their accounts, factors, sessions and recent
 * activity (never a secret), and reset their second factors after a lost phone. Every call is an `admin.action`
 * entry of the activity log (the admin routes write it), and the changes tell their own events.
 */
export class SupportOperations {
  constructor(
    private readonly store: Store,
    private readonly outbox: Outbox,
    private readonly webhooks: WebhookEvents,
    private readonly sessions: SessionService,
    private readonly activity: ActivityLog,
    private readonly locale: string,
    private readonly clock: Clock,
  ) {}

  /** People by e-mail address, customer ID (everyone linked to it) or a part of their name. */
  async search(query: string): Promise<SupportSearchResult> {
    let found: UserRecord[];
    if (query.includes('@')) {
      const user = await this.store.findUserByEmail(normalizeEmail(query));
      found = user ? [user] : [];
    } else if (isCustomerId(query)) {
      const members = await this.store.listAccountMembers(query.replace(/\s/g, '').toUpperCase());
      found = members.map((member) => member.user).slice(0, searchLimit);
    } else {
      found = await this.store.findUsersByName(query, searchLimit);
    }
    const users = await Promise.all(
      found.map(async (user) => ({
        user: toUser(user),
        accounts: (await this.store.listUserAccounts(user.id)).map(toCustomerAccount),
        disabledAt: user.disabledAt?.toISOString() ?? null,
      })),
    );
    return { users };
  }

  /** One person as support sees them; null for an unknown id. */
  async view(userId: string): Promise<SupportUserView | null> {
    const user = await this.store.findUserById(userId);
    if (!user) return null;
    const [accounts, factors, passkeys, codesLeft, sessions, activity] = await Promise.all([
      this.store.listUserAccounts(user.id),
      this.store.listFactors(user.id),
      this.store.listPasskeys(user.id),
      this.store.countUnusedRecoveryCodes(user.id),
      this.sessions.listForUser(user.id),
      this.activity.list({ subjectUserId: user.id, limit: 20 }),
    ]);
    const phone = (kind: 'sms' | 'recovery_phone') => {
      const factor = factors.find((f) => f.kind === kind);
      return factor?.phone ? maskPhoneNumber(factor.phone) : null;
    };
    return {
      user: toUser(user),
      disabledAt: user.disabledAt?.toISOString() ?? null,
      accounts: accounts.map(toCustomerAccount),
      factors: {
        totp: factors.some((f) => f.kind === 'totp'),
        smsPhone: phone('sms'),
        recoveryPhone: phone('recovery_phone'),
        recoveryCodesLeft: codesLeft,
        passkeys: passkeys.length,
      },
      sessions: sessions.map((session) => toActiveSession(session, this.locale, null)),
      activity: activity.map((row) => toActivityEntry(row, this.locale)),
    };
  }

  /**
   * A lost phone: every second factor and what stands in for one goes (the app, texted codes, the recovery phone,
   * recovery codes, passkeys, trusted browsers, half-finished sign-ins), every session ends (a session on the lost
   * phone included), host back ends hear of each removal, and the person is mailed. Null for an unknown id.
   */
  async resetFactors(userId: string): Promise<ResetFactorsResponse | null> {
    const user = await this.store.findUserById(userId);
    if (!user) return null;
    const removed: ResetFactorsResponse['removed'] = [];
    await this.outbox.commit(async (store) => {
      for (const kind of ['totp', 'sms', 'recovery_phone'] as const) {
        if (!(await store.deleteFactor(user.id, kind))) continue;
        removed.push(kind);
        await this.webhooks.emit(store, 'mfa.disabled', { userId: user.id, email: user.email, method: kind });
      }
      if ((await store.countUnusedRecoveryCodes(user.id)) !== null) {
        await store.deleteRecoveryCodes(user.id);
        removed.push('recovery_codes');
      }
      const passkeys = await store.listPasskeys(user.id);
      for (const passkey of passkeys) {
        await store.deletePasskey(user.id, passkey.id);
        await this.webhooks.emit(store, 'passkey.removed', { userId: user.id, email: user.email, passkeyId: passkey.id, name: passkey.name });
      }
      if (passkeys.length > 0) removed.push('passkeys');
      if ((await store.deleteUserTrustedDevices(user.id)) > 0) removed.push('trusted_devices');
      await store.deleteUserMfaChallenges(user.id);
      await this.outbox.mail(store, user.email, 'securityChanged', { change: 'factors_reset' }, user.locale);
    });
    const sessionsEnded = await this.sessions.endAllForUser(user.id, undefined, undefined, 'factors_reset');
    return { removed, sessionsEnded };
  }

  /**
   * Disables a login (someone who left; a takeover being looked into): from now on every way of signing in answers it
   * like a wrong password, half-finished sign-ins are dropped, and every session ends, on every node. Nobody is mailed:
   * the person may be the one support is keeping out. Disabling a disabled login keeps its first time. Null for an
   * unknown id.
   */
  async disable(userId: string): Promise<LoginStatusResponse | null> {
    const user = await this.store.findUserById(userId);
    if (!user) return null;
    const disabledAt = user.disabledAt ?? this.clock.now();
    if (!user.disabledAt) {
      await this.webhooks.commit(async (store) => {
        await store.setUserDisabled(user.id, disabledAt);
        await this.webhooks.emit(store, 'user.disabled', { userId: user.id, email: user.email });
      });
    }
    await this.store.deleteUserMfaChallenges(user.id);
    // After the flag is stored: a sign-in finishing meanwhile made a session the store now refuses, and ends here.
    const sessionsEnded = await this.sessions.endAllForUser(user.id, undefined, undefined, 'login_disabled');
    return { disabledAt: disabledAt.toISOString(), sessionsEnded };
  }

  /** Lets a disabled login sign in again, with the password and factors it had. Null for an unknown id. */
  async enable(userId: string): Promise<LoginStatusResponse | null> {
    const user = await this.store.findUserById(userId);
    if (!user) return null;
    if (user.disabledAt) {
      await this.webhooks.commit(async (store) => {
        await store.setUserDisabled(user.id, null);
        await this.webhooks.emit(store, 'user.enabled', { userId: user.id, email: user.email });
      });
    }
    return { disabledAt: null, sessionsEnded: 0 };
  }
}
