import type { SupportOperations } from '../services/support-operations.ts';
import type { ActivityLog } from '../services/activity-log.ts';
import type { AccountInvitations } from '../services/account-invitations.ts';
import type { Policy, PresetName } from '@portico/contract';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerAccounts } from '../services/customer-accounts.ts';
import type { KnownBrowsers } from '../services/known-browsers.ts';
import type { AttemptLimiter } from '../services/limits/attempt-limiter.ts';
import type { Budgets } from '../services/limits/budgets.ts';
import type { DevOutboxRetention } from '../services/messages/dev-outbox-retention.ts';
import type { MailService } from '../services/mail/mail-service.ts';
import type { MessageDelivery } from '../services/messages/message-delivery.ts';
import type { MailedLinks } from '../services/mailed-links.ts';
import type { MfaSignIn } from '../services/mfa/mfa-sign-in.ts';
import type { SecondFactors } from '../services/mfa/second-factors.ts';
import type { SecuritySettings } from '../services/mfa/security-settings.ts';
import type { TrustedDevices } from '../services/mfa/trusted-devices.ts';
import type { PasswordFlows } from '../services/password-flows.ts';
import type { SignUpFlows } from '../services/sign-up-flows.ts';
import type { PasswordPolicy } from '../services/password-policy.ts';
import type { SignInService } from '../services/sign-in-service.ts';
import type { SignInSessions } from '../services/sign-in-sessions.ts';
import type { CustomerIdLogins } from '../services/customer-id-logins.ts';
import type { BankIdSignIn } from '../services/bankid/bankid-sign-in.ts';
import type { PersonalNumbers } from '../services/bankid/personal-numbers.ts';
import type { PersonalNumberSettings } from '../services/bankid/personal-number-settings.ts';
import type { SessionService, SignedInSession } from '../services/session-service.ts';
import type { SessionTokens } from '../services/session-tokens/session-tokens.ts';
import type { SigningKeys } from '../services/session-tokens/signing-keys.ts';
import type { UserService } from '../services/user-service.ts';
import type { VerificationService } from '../services/verification-service.ts';
import type { WebhookDelivery } from '../services/webhooks/webhook-delivery.ts';
import type { WebhookEndpoint, WebhookEvents } from '../services/webhooks/webhook-events.ts';
import type { Passkeys } from '../services/passkeys/passkeys.ts';
import type { PageSources } from './middleware/security-headers.ts';
import type { SecureCookies } from './middleware/session-cookie.ts';

/** The session a signed-in request works with: the session service's own type. */
export type { SignedInSession };

export interface Services {
  customerAccounts: CustomerAccounts;
  mail: MailService;
  /** Keeps the development outbox's messages no longer than their codes and links live (see `sweep`). */
  devOutbox: DevOutboxRetention;
  /** Delivers the outbox of mails and texts (`settled()` waits for everything due). */
  delivery: MessageDelivery;
  /** Writes webhook events into the transaction of their change (nothing without endpoints). */
  webhooks: WebhookEvents;
  /** Sends the queued webhooks (`settled()` waits for everything due). */
  webhookDelivery: WebhookDelivery;
  knownBrowsers: KnownBrowsers;
  limiter: AttemptLimiter;
  budgets: Budgets;
  links: MailedLinks;
  factors: SecondFactors;
  mfaSignIn: MfaSignIn;
  securitySettings: SecuritySettings;
  trustedDevices: TrustedDevices;
  passwordFlows: PasswordFlows;
  signUpFlows: SignUpFlows;
  passwords: PasswordPolicy;
  sessions: SessionService;
  /** Signed session tokens (JWT) for host back ends, and their instant validation. */
  sessionTokens: SessionTokens;
  /** The keys tokens are signed with (JWKS, rotation, revocation). */
  signingKeys: SigningKeys;
  signIn: SignInService;
  /** What follows a proven sign-in: a second step, or the session (and the offers made with it). */
  signInSessions: SignInSessions;
  customerIdLogins: CustomerIdLogins;
  /** The activity log. */
  activity: ActivityLog;
  /** What support does: find people, see them, reset their second factors. */
  support: SupportOperations;
  /** Joining a customer account by a Confirm link: order onboarding and colleagues' invitations. */
  accountInvitations: AccountInvitations;
  /** The policy the services follow (routes check switches such as `bankid`). */
  policy: Policy;
  personalNumbers: PersonalNumbers;
  /** The personnummer as the signed-in user changes it under My details. */
  personalNumberSettings: PersonalNumberSettings;
  /** Passkeys and security keys (WebAuthn). */
  passkeys: Passkeys;
  bankidSignIn: BankIdSignIn;
  users: UserService;
  verifications: VerificationService;
}

/** Session tokens for host back ends (PORTICO_TOKEN_*, PORTICO_KEY_ROTATION_DAYS). */
export interface TokenSettings {
  /**
   * `iss` of every token; null: the public URL, or (development, tests) the origin each request came to. Development
   * sets the server's loopback address, so a page opened as localhost and one opened as 127.0.0.1 get the same issuer.
   */
  issuer: string | null;
  /** Lifetime of a token, seconds (default 300, at most 3600). */
  ttlSeconds: number;
  /** `aud` of every token; null: the issuer (the public URL). */
  audience: string | null;
  /** Also set the token as an HttpOnly cookie (`portico_token`) for same-site host back ends. */
  cookie: boolean;
  /** Days a signing key signs before the next replaces it. */
  rotationDays: number;
}

export const defaultTokenSettings: TokenSettings = { issuer: null, ttlSeconds: 300, audience: null, cookie: false, rotationDays: 30 };

/** How the app is deployed, as opposed to the flow rules in Policy. */
export interface AppSettings {
  /** Session tokens: lifetime, audience, cookie, key rotation. */
  tokens: TokenSettings;
  /**
   * Keys a host back end presents (`Authorization: Bearer`) to the instant validation endpoint (PORTICO_API_KEYS); none:
   * the endpoint is closed.
   */
  apiKeys: readonly string[];
  /** Bearer tokens accepted by the admin API (from PORTICO_ADMIN_TOKEN, and the running server's own for the CLI). */
  adminTokens: readonly string[];
  /**
   * Whether requests count as HTTPS (Secure and prefixed cookies, HSTS, the scheme the CSRF check expects): 'auto'
   * when the request URL is https or a trusted proxy says so (X-Forwarded-Proto); 'always' when the operator declares
   * TLS in front of every request.
   */
  secureCookies: SecureCookies;
  /**
   * Cookie Domain (PORTICO_COOKIE_DOMAIN, e.g. `example.com`); null (the default) keeps every cookie host-only, with
   * the `__Host-` prefix over HTTPS. Set it only when the host site's own servers must see the session cookie.
   */
  cookieDomain: string | null;
  /**
   * Origins besides the API's own (PORTICO_ALLOWED_ORIGINS, e.g. `https://www.example.com`) that may call the API
   * from a browser: CORS with credentials, and accepted by the CSRF check. Exact origins only, never `*`.
   */
  allowedOrigins: readonly string[];
  /** Peer addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. */
  trustedProxies: readonly string[];
  /**
   * Origins whose pages may frame Portico's own pages (PORTICO_FRAME_ANCESTORS); empty (the default): no page may,
   * so none can lay a signed-in Portico page under a decoy and trick clicks into it.
   */
  frameAncestors: readonly string[];
  /**
   * What Portico's own pages (HTML it serves) may run beyond files of their own origin: the hashes of their inline
   * scripts and styles, and whether they may compile WebAssembly (the mock backend's password hashing).
   */
  pageSources: PageSources;
  /** Serve GET /api/dev/outbox (every mail the dev mailer stored, codes and links included): development mode only. */
  devOutbox: boolean;
  /**
   * A server others can reach (not the in-page mock): the dev outbox answers only requests naming this machine by an
   * address, `localhost` or the public URL's host, so a page on a domain that resolves here (DNS rebinding) cannot
   * read it.
   */
  devOutboxHostCheck: boolean;
  /** The product named in mails (PORTICO_PRODUCT_NAME). */
  productName: string;
  /**
   * The page (with `<portico-auth>`) that mailed links lead to (PORTICO_PUBLIC_URL). Never taken from request
   * headers in production: a forged Host or Origin would send a victim's reset link to an attacker's site. Null
   * (development only) uses the API's own origin.
   */
  publicUrl: string | null;
  /** The preset the policy came from, told to the UI; null for a policy assembled in code. */
  preset: PresetName | null;
  /** Country whose phone numbers may be typed without +country code (PORTICO_PHONE_COUNTRY); null requires it. */
  phoneCountry: CountryCode | null;
  /**
   * AES-256 key (32 bytes, PORTICO_SECRET_KEY) sealing the authenticator-app secrets in the database; null stores
   * them unsealed.
   */
  secretKey: Uint8Array | null;
  /**
   * Host back ends that hear of every change to users, sessions, factors and account links (PORTICO_WEBHOOKS), each
   * with its Standard Webhooks secret; empty: no events are written.
   */
  webhooks: readonly WebhookEndpoint[];
  /** Passkeys' relying party (PORTICO_WEBAUTHN_RP_ID, PORTICO_WEBAUTHN_ORIGINS). */
  webauthn: WebAuthnSettings;
  /** PORTICO_ACTIVITY_RETENTION_DAYS: how long the activity log keeps an entry (default 365). */
  activityRetentionDays: number;
}

export interface WebAuthnSettings {
  /**
   * The relying party ID passkeys are made for: a domain that the host pages' hosts are, or end in. Null
   * (development) uses the host each request came to, so `localhost` works as it is.
   */
  rpId: string | null;
  /**
   * Origins whose pages may use the passkeys (the public URL's and the allowed host origins by default). The API's own
   * origin is always one. Origins outside `rpId`'s domain are listed at `/.well-known/webauthn` (related origins).
   */
  origins: readonly string[];
}

/** Hono environment: the runtime passes the peer address as a binding (Node's socket, or a test's choice). */
export interface AppEnv {
  Bindings: { remoteAddress?: string };
  Variables: {
    /** The client's address after trusted proxies, for per-IP limits. */
    clientAddress: string;
    /**
     * Whether this request counts as HTTPS, worked out once (see `resolveClient`): it decides Secure cookies and
     * their prefix, HSTS, and the scheme a browser's Origin must have.
     */
    https: boolean;
    /** The signed-in session: set for the routes of `session` endpoints (endpoint-route.ts), and read only in the routes it guards. */
    session: SignedInSession;
    /** Headers set on the context for this answer, by lower-case name (see answer-headers.ts); unset while none is. */
    answerHeaders: Set<string> | undefined;
  };
}
