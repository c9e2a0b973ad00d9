import { AccountRole } from './accounts.ts';
import { AuthMethod } from './session-tokens.ts';
import { z } from './zod.ts';

/**
 * Webhooks (Standard Webhooks) a host back end receives: one POST per event, signed with the endpoint's secret
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The body is `{ type, timestamp, data }`. Data carries ids,
 * the e-mail address and name where they help, and never a secret: no password hash, token, code or personnummer,
 * and a phone number only masked. Parsing strips anything else, so a field added by mistake never goes out.
 */

/** The user the event is about, as they are after it. */
const UserRef = {
  userId: z.string(),
  email: z.string(),
};

/** How a user came to be. */
export const UserCreatedVia = z.enum([
  /** Self sign-up with a mailed code or link. */
  'sign_up',
  /** Created by the portal with a password (admin API, CLI). */
  'admin',
  /** Created by the portal without a password; the welcome mail leads to choosing one (order onboarding, welcome-mail invitation). */
  'invitation',
  /** An old customer-ID login moved to a new e-mail login (customer-ID migration). */
  'customer_id_migration',
  /** The portal onboarded an order's address (admin API, CLI); the Confirm mail leads to setting credentials. */
  'onboarding',
  /** A colleague's invitation to a customer account was accepted by an address without a login. */
  'account_invitation',
]);
export type UserCreatedVia = z.infer<typeof UserCreatedVia>;

/** Why a session ended. */
export const SessionEndReason = z.enum([
  /** The user signed out. */
  'sign_out',
  /** The browser signed in again (the old session ends, so a planted token gains nothing). */
  'replaced',
  /** The password was changed in another session of the user. */
  'password_changed',
  /** The password was reset by a mailed link: every session of the user ends. */
  'password_reset',
  /** The user ended their other sessions. */
  'ended_by_user',
  /** Support reset the user's second factors (a lost phone): every session ends. */
  'factors_reset',
  /** Support disabled the login: every session ends. */
  'login_disabled',
]);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

/** How a password came to change. */
export const PasswordChangeReason = z.enum([
  /** Changed when signed in, with the current password ("My details"). */
  'changed',
  /** Reset by a mailed link. */
  'reset',
  /** Chosen for the first time by a user who had none (an invited user). */
  'first_set',
]);
export type PasswordChangeReason = z.infer<typeof PasswordChangeReason>;

/**
 * The second-step methods a user sets up or removes one by one. The e-mail code (licensing portal) is the portal's policy for
 * everyone, never turned on or off by a user, so it has no events.
 */
export const WebhookMfaMethod = z.enum(['totp', 'sms', 'recovery_phone']);
export type WebhookMfaMethod = z.infer<typeof WebhookMfaMethod>;

/** How a user came to be linked to a customer account. */
export const AccountLinkVia = z.enum([
  /** The portal linked them (admin API, CLI). */
  'admin',
  /** The customer ID's login moved to the user's e-mail login (customer-ID migration). */
  'customer_id_migration',
  /** The signed-in user proved the customer ID's login under "My details". */
  'customer_id_login',
  /** The portal onboarded an order's address to the account (admin API, CLI). */
  'onboarding',
  /** An owner or admin of the account invited them, and they accepted. */
  'account_invitation',
]);
export type AccountLinkVia = z.infer<typeof AccountLinkVia>;

export const UserCreatedData = z.object({
  ...UserRef,
  name: z.string().nullable(),
  emailVerified: z.boolean(),
  via: UserCreatedVia,
});
export const UserUpdatedData = z.object({
  ...UserRef,
  name: z.string().nullable(),
  locale: z.string().nullable(),
  /**
   * What changed: the name ("My details"), or the language, which follows the UI the user last signed in, signed up
   * or saved their details in.
   */
  changed: z.array(z.enum(['name', 'locale'])).min(1),
});
export const UserEmailVerifiedData = z.object({ ...UserRef });
/** Support disabled the login (its sessions end; it signs in nowhere) or let it sign in again. */
export const UserDisabledData = z.object({ ...UserRef });
export const UserEnabledData = z.object({ ...UserRef });
export const SessionCreatedData = z.object({
  userId: z.string(),
  /** The session's public id (`sid` of its session tokens): the same for the session's whole life, renewals included. */
  sessionId: z.string(),
  authMethods: z.array(AuthMethod),
  /** Customer ID of the account the session works in; null until one is chosen. */
  customerId: z.string().nullable(),
});
export const SessionEndedData = z.object({ userId: z.string(), sessionId: z.string(), reason: SessionEndReason });
export const PasswordChangedData = z.object({ ...UserRef, reason: PasswordChangeReason });
export const MfaEnabledData = z.object({
  ...UserRef,
  method: WebhookMfaMethod,
  /** The phone of `sms` or `recovery_phone`, masked as the profile shows it (`+46 ••••••••67`); null for `totp`. */
  phone: z.string().nullable(),
});
export const MfaDisabledData = z.object({ ...UserRef, method: WebhookMfaMethod });
/** A passkey or security key was added or removed under My details. */
export const PasskeyData = z.object({ ...UserRef, passkeyId: z.string(), name: z.string() });
export const CustomerAccountLinkedData = z.object({
  ...UserRef,
  customerId: z.string(),
  accountName: z.string(),
  via: AccountLinkVia,
  /** Their role in the account. */
  role: AccountRole,
});
/** Someone's role in an account changed; `byUserId` is the owner or admin who changed it. */
export const CustomerAccountRoleChangedData = z.object({
  ...UserRef,
  customerId: z.string(),
  role: AccountRole,
  previousRole: AccountRole,
  byUserId: z.string(),
});
/** Someone was unlinked from an account (their login stays); `byUserId` is who did it, null for an administrator. */
export const CustomerAccountUnlinkedData = z.object({ ...UserRef, customerId: z.string(), role: AccountRole, byUserId: z.string().nullable() });

/** Every event's data by its type. */
export const webhookEventData = {
  'user.created': UserCreatedData,
  'user.updated': UserUpdatedData,
  'user.email_verified': UserEmailVerifiedData,
  'user.disabled': UserDisabledData,
  'user.enabled': UserEnabledData,
  'session.created': SessionCreatedData,
  'session.ended': SessionEndedData,
  'password.changed': PasswordChangedData,
  'mfa.enabled': MfaEnabledData,
  'mfa.disabled': MfaDisabledData,
  'passkey.added': PasskeyData,
  'passkey.removed': PasskeyData,
  'customer_account.linked': CustomerAccountLinkedData,
  'customer_account.role_changed': CustomerAccountRoleChangedData,
  'customer_account.unlinked': CustomerAccountUnlinkedData,
} as const;

export type WebhookEventType = keyof typeof webhookEventData;
export const webhookEventTypes = Object.keys(webhookEventData) as WebhookEventType[];
export const WebhookEventType = z.enum(webhookEventTypes as [WebhookEventType, ...WebhookEventType[]]);

export type WebhookEventData<T extends WebhookEventType> = z.infer<(typeof webhookEventData)[T]>;

function event<T extends WebhookEventType>(type: T) {
  return z.object({
    type: z.literal(type),
    /** When the change happened (ISO time); the `webhook-timestamp` header is when this attempt was sent. */
    timestamp: z.iso.datetime(),
    data: webhookEventData[type],
  });
}

/** The body of a webhook: one of the events, told apart by `type`. */
export const WebhookEvent = z.discriminatedUnion('type', [
  event('user.created'),
  event('user.updated'),
  event('user.email_verified'),
  event('user.disabled'),
  event('user.enabled'),
  event('session.created'),
  event('session.ended'),
  event('password.changed'),
  event('mfa.enabled'),
  event('mfa.disabled'),
  event('passkey.added'),
  event('passkey.removed'),
  event('customer_account.linked'),
  event('customer_account.role_changed'),
  event('customer_account.unlinked'),
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** How a delivery ended: the endpoint answered 2xx, or every retry failed. */
export const WebhookOutcome = z.enum(['delivered', 'gave_up']);
export type WebhookOutcome = z.infer<typeof WebhookOutcome>;

/** One delivery (one event to one endpoint) as `GET /api/admin/webhooks` lists it. */
export const WebhookDeliverySummary = z.object({
  id: z.number().int(),
  /** The `webhook-id` header: the same on every attempt. */
  messageId: z.string(),
  eventType: z.string(),
  endpoint: z.string(),
  createdAt: z.iso.datetime(),
  /** Attempts made, all rounds included. */
  attempts: z.number().int(),
  /** Null while it is still being tried. */
  outcome: WebhookOutcome.nullable(),
  /** When the next attempt is due; null once finished. */
  nextAttemptAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
});
export type WebhookDeliverySummary = z.infer<typeof WebhookDeliverySummary>;

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDeliverySummary) });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

/** `GET /api/admin/webhooks` query: the newest first; `failed=true` lists only those given up. */
export const WebhookListQuery = z.object({
  failed: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** `POST /api/admin/webhooks/retry`: one given-up delivery by id, or every one given up. */
export const RetryWebhooksRequest = z.union([z.object({ id: z.number().int().positive() }), z.object({ failed: z.literal(true) })]);
export type RetryWebhooksRequest = z.infer<typeof RetryWebhooksRequest>;

export const RetryWebhooksResponse = z.object({ retried: z.number().int() });
export type RetryWebhooksResponse = z.infer<typeof RetryWebhooksResponse>;
