import type { Policy } from '@portico/contract';
import { Hono } from 'hono';
import { noRequestContext, type Ports } from './ports/index.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { activityRoutes } from './routes/activity-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { type AppEnv, type AppSettings, defaultTokenSettings, type Services } from './routes/app-env.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { devRoutes } from './routes/dev-routes.ts';
import { handleError, handleNotFound } from './routes/middleware/api-error.ts';
import { isCompleteAnswer } from './routes/middleware/answer-headers.ts';
import { allowListedCors } from './routes/middleware/cors.ts';
import { requireJsonFromAllowedOrigin } from './routes/middleware/csrf.ts';
import { isRead } from './routes/middleware/read-request.ts';
import { resolveClient } from './routes/middleware/client-address.ts';
import { noPageSources, securityHeaders } from './routes/middleware/security-headers.ts';
import { limitBody } from './routes/middleware/json-body.ts';
import { configRoutes } from './routes/config-routes.ts';
import { mfaRoutes } from './routes/mfa-routes.ts';
import { passkeyRoutes, webauthnWellKnownRoutes } from './routes/passkey-routes.ts';
import { securityRoutes } from './routes/security-routes.ts';
import { passwordRoutes } from './routes/password-routes.ts';
import { customerIdRoutes } from './routes/customer-id-routes.ts';
import { bankIdRoutes } from './routes/bankid-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { accountMemberRoutes } from './routes/account-member-routes.ts';
import { sessionTokenRoutes } from './routes/session-token-routes.ts';
import { signUpRoutes } from './routes/sign-up-routes.ts';
import { AccountInvitations } from './services/account-invitations.ts';
import { ActivityLog } from './services/activity-log.ts';
import { SupportOperations } from './services/support-operations.ts';
import { CustomerAccounts } from './services/customer-accounts.ts';
import { KnownBrowsers } from './services/known-browsers.ts';
import { AttemptLimiter } from './services/limits/attempt-limiter.ts';
import { Budgets } from './services/limits/budgets.ts';
import { MailService } from './services/mail/mail-service.ts';
import { DevOutboxRetention } from './services/messages/dev-outbox-retention.ts';
import { MessageDelivery } from './services/messages/message-delivery.ts';
import { Outbox } from './services/messages/outbox.ts';
import { MailedLinks } from './services/mailed-links.ts';
import { MfaSignIn } from './services/mfa/mfa-sign-in.ts';
import { SecondFactors } from './services/mfa/second-factors.ts';
import { SecretBox } from './services/mfa/secret-box.ts';
import { SecuritySettings } from './services/mfa/security-settings.ts';
import { TrustedDevices } from './services/mfa/trusted-devices.ts';
import { SmsService } from './services/sms/sms-service.ts';
import { PasswordFlows } from './services/password-flows.ts';
import { SignUpFlows } from './services/sign-up-flows.ts';
import { PasswordPolicy } from './services/password-policy.ts';
import { Passkeys } from './services/passkeys/passkeys.ts';
import { LocalSessionChanges } from './services/session-changes.ts';
import { SessionService } from './services/session-service.ts';
import { SessionTokens } from './services/session-tokens/session-tokens.ts';
import { SigningKeys } from './services/session-tokens/signing-keys.ts';
import { SignInService } from './services/sign-in-service.ts';
import { SignInSessions } from './services/sign-in-sessions.ts';
import { CustomerIdLogins } from './services/customer-id-logins.ts';
import { BankIdSignIn } from './services/bankid/bankid-sign-in.ts';
import { PersonalNumbers } from './services/bankid/personal-numbers.ts';
import { PersonalNumberSettings } from './services/bankid/personal-number-settings.ts';
import { UserService } from './services/user-service.ts';
import { VerificationService } from './services/verification-service.ts';
import { WebhookDelivery } from './services/webhooks/webhook-delivery.ts';
import { WebhookEvents } from './services/webhooks/webhook-events.ts';

export type { AppEnv, AppSettings } from './routes/app-env.ts';

const defaultSettings: AppSettings = {
  tokens: defaultTokenSettings,
  apiKeys: [],
  adminTokens: [],
  secureCookies: 'auto',
  cookieDomain: null,
  allowedOrigins: [],
  trustedProxies: [],
  frameAncestors: [],
  pageSources: noPageSources,
  devOutbox: false,
  devOutboxHostCheck: false,
  productName: 'Portico',
  publicUrl: null,
  preset: null,
  phoneCountry: null,
  secretKey: null,
  webhooks: [],
  webauthn: { rpId: null, origins: [] },
  activityRetentionDays: 365,
};

export function createServices(
  ports: Ports,
  policy: Policy,
  settings: Pick<AppSettings, 'productName'> &
    Partial<Pick<AppSettings, 'phoneCountry' | 'secretKey' | 'tokens' | 'webhooks' | 'activityRetentionDays' | 'devOutbox'>> = defaultSettings,
): Services {
  const { verification } = policy;
  // Every service writes through this store: whatever one changes of a user or their accounts, this node's session
  // checks hear of it as they hear of another node's changes, and none has to remember to tell them.
  const localChanges = new LocalSessionChanges();
  const store = localChanges.watch(ports.store);
  const limiter = new AttemptLimiter(store, ports.clock);
  const budgets = new Budgets(policy);
  const passwords = new PasswordPolicy(policy.passwords, ports.commonPasswords, ports.passwordHasher);
  const verifications = new VerificationService(store, ports.clock, ports.random, verification, limiter, budgets);
  const mail = new MailService(ports.mailer, { productName: settings.productName, defaultLocale: policy.defaultLocale });
  const sms = new SmsService(ports.sms, { productName: settings.productName, defaultLocale: policy.defaultLocale });
  const endpoints = settings.webhooks ?? [];
  const webhookDelivery = new WebhookDelivery(store, ports.clock, endpoints);
  const activity = new ActivityLog(
    store,
    ports.clock,
    ports.requestContext ?? noRequestContext,
    settings.activityRetentionDays ?? defaultSettings.activityRetentionDays,
  );
  const webhooks = new WebhookEvents(store, ports.clock, ports.random, endpoints, () => webhookDelivery.wake(), activity);
  const sessions = new SessionService(store, ports.clock, ports.random, policy.session, webhooks, localChanges);
  const secretBox = new SecretBox(settings.secretKey ?? null, ports.random);
  const delivery = new MessageDelivery(store, ports.clock, ports.random, secretBox, ports.mailer, ports.sms);
  // A commit that queued mail may have queued webhook events too: both deliveries start.
  const outbox = new Outbox(store, ports.clock, secretBox, mail, sms, () => {
    delivery.wake();
    webhookDelivery.wake();
  });
  const signIn = new SignInService(store, ports.passwordHasher, limiter, budgets, ports.random, policy.customerIdLogin, activity);
  const factors = new SecondFactors(
    store,
    ports.clock,
    ports.random,
    policy,
    verifications,
    outbox,
    secretBox,
    {
      productName: settings.productName,
      phoneCountry: settings.phoneCountry ?? null,
    },
    webhooks,
    activity,
  );
  const trustedDevices = new TrustedDevices(store, ports.clock, ports.random, policy.mfa.trustDeviceDays);
  const linkTtlMinutes = Math.round(verification.linkTtlSeconds / 60);
  const passwordFlows = new PasswordFlows(
    store,
    ports.passwordHasher,
    ports.clock,
    passwords,
    verifications,
    sessions,
    outbox,
    signIn,
    linkTtlMinutes,
    webhooks,
  );
  const signUpFlows = new SignUpFlows(
    store,
    ports.passwordHasher,
    ports.clock,
    ports.random,
    policy,
    passwords,
    verifications,
    outbox,
    limiter,
    budgets,
    webhooks,
  );
  const customerIdLogins = new CustomerIdLogins(
    store,
    ports.passwordHasher,
    ports.clock,
    ports.random,
    passwords,
    verifications,
    outbox,
    signIn,
    linkTtlMinutes,
    policy.customerIdLogin,
    webhooks,
    sessions,
  );
  const tokens = settings.tokens ?? defaultTokenSettings;
  const signingKeys = new SigningKeys(store, ports.clock, ports.random, secretBox, {
    rotationDays: tokens.rotationDays,
    tokenTtlSeconds: tokens.ttlSeconds,
  });
  const customerAccounts = new CustomerAccounts(store, ports.passwordHasher, ports.clock, webhooks, outbox, activity);
  const accountInvitations = new AccountInvitations(
    store,
    ports.passwordHasher,
    ports.clock,
    ports.random,
    policy,
    passwords,
    verifications,
    outbox,
    signIn,
    customerAccounts,
    webhooks,
  );
  const sessionTokens = new SessionTokens(store, ports.clock, ports.random, signingKeys, sessions, customerAccounts, tokens);
  const passkeys = new Passkeys(store, ports.clock, ports.random, policy, outbox, webhooks, signIn);
  const personalNumbers = new PersonalNumbers(store, ports.clock, secretBox, settings.secretKey ?? null);
  const securitySettings = new SecuritySettings(ports.clock, ports.passwordHasher, policy, sessions, factors, trustedDevices, signIn, passkeys);
  const mfaSignIn = new MfaSignIn(store, ports.clock, ports.random, policy, factors, trustedDevices, signIn, passkeys);
  const knownBrowsers = new KnownBrowsers(store, ports.clock, ports.random);
  const users = new UserService(store, ports.passwordHasher, ports.clock, ports.random, webhooks);
  return {
    policy,
    personalNumbers,
    bankidSignIn: new BankIdSignIn(store, ports.clock, ports.random, secretBox, personalNumbers, ports.bankid ?? null),
    customerIdLogins,
    customerAccounts,
    signingKeys,
    sessionTokens,
    delivery,
    webhooks,
    webhookDelivery,
    passwordFlows,
    signUpFlows,
    activity,
    support: new SupportOperations(store, outbox, webhooks, sessions, activity, policy.defaultLocale, ports.clock),
    links: new MailedLinks(verifications, passwordFlows, signUpFlows, customerIdLogins, accountInvitations),
    accountInvitations,
    factors,
    mfaSignIn,
    securitySettings,
    personalNumberSettings: new PersonalNumberSettings(personalNumbers, securitySettings, activity),
    passkeys,
    trustedDevices,
    knownBrowsers,
    limiter,
    budgets,
    passwords,
    verifications,
    mail,
    devOutbox: new DevOutboxRetention(store, ports.clock, verification, settings.devOutbox ?? false),
    sessions,
    signIn,
    signInSessions: new SignInSessions(sessions, customerAccounts, knownBrowsers, mfaSignIn, passkeys, trustedDevices, users, policy.defaultLocale),
    users,
  };
}

/** Removes what can no longer be used (expired sessions, secrets, orders, old limit events, sent messages); run now and then. */
export async function sweep(services: Services): Promise<number> {
  const counts = await Promise.all([
    services.sessions.sweep(),
    services.mfaSignIn.sweep(),
    services.passkeys.sweep(),
    services.bankidSignIn.sweep(),
    services.verifications.sweep(),
    services.knownBrowsers.sweep(),
    services.delivery.sweep(),
    services.webhookDelivery.sweep(),
    services.limiter.sweep(services.budgets.retention),
    services.activity.purge(),
    services.devOutbox.sweep(),
  ]);
  return counts.reduce((sum, n) => sum + n, 0);
}

/**
 * The Portico API as a Hono app. It uses web-standard APIs only (Request/Response, WebCrypto), so it runs under
 * Node, inside tests via `app.request()`, and in the browser, where the mock runs it behind msw's handlers.
 */
export function createApp(ports: Ports, policy: Policy, settings: Partial<AppSettings> = {}): Hono<AppEnv> {
  return createPortico(ports, policy, settings).app;
}

/** `createApp`, also handing back the services for a runtime's own chores (demo user, clean-up timers). */
export function createPortico(ports: Ports, policy: Policy, settings: Partial<AppSettings> = {}) {
  const resolved: AppSettings = { ...defaultSettings, ...settings };
  const services = createServices(ports, policy, resolved);
  const app = new Hono<AppEnv>();

  app.onError(handleError);
  app.notFound(handleNotFound);
  // Every answer, the static files a runtime serves beside the API too: who the client is and whether the request
  // counts as HTTPS (worked out first, as the headers, cookies and the CSRF check all depend on it), then the
  // security headers.
  app.use('*', resolveClient(resolved), securityHeaders(resolved));
  // Who is asking, for the activity log: the signed-in user or an administrator is added once known. A read writes no
  // entry (at most a session's last-seen time, or the end of an expired one) but an administrator's, which is logged
  // as access to someone's data; every other read goes without a scope, since keeping one across a request's awaits
  // (AsyncLocalStorage) cost a session check about a sixth of its time.
  const requestContext = ports.requestContext ?? noRequestContext;
  app.use('/api/*', (c, next) =>
    isRead(c) && !c.req.path.startsWith('/api/admin/')
      ? next()
      : requestContext.run({ clientAddress: c.get('clientAddress'), userAgent: c.req.header('user-agent') ?? null, actorUserId: null, admin: false }, next),
  );
  app.use('/api/*', async (c, next) => {
    // Auth answers are personal: no shared cache may keep them. The endpoints' answers are made with it
    // (answer-headers.ts); any other gets it here.
    await next();
    if (!isCompleteAnswer(c.res) && c.res.headers.get('cache-control') !== 'no-store') c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', allowListedCors(resolved.allowedOrigins), limitBody, requireJsonFromAllowedOrigin(resolved.allowedOrigins));

  app.route('/', authRoutes(services, resolved));
  app.route('/', sessionRoutes(services, resolved));
  app.route('/', accountMemberRoutes(services, resolved));
  app.route('/', activityRoutes(services, resolved));
  app.route('/', sessionTokenRoutes(services, resolved));
  app.route('/', customerIdRoutes(services, resolved));
  app.route('/', bankIdRoutes(services, resolved));
  app.route('/', adminRoutes(services, resolved));
  app.route('/', passwordRoutes(services, resolved));
  app.route('/', accountRoutes(services, resolved));
  app.route('/', mfaRoutes(services, resolved));
  app.route('/', passkeyRoutes(services, resolved));
  app.route('/', securityRoutes(services, resolved));
  app.route('/', signUpRoutes(services, resolved));
  app.route('/', configRoutes(services, resolved));
  app.route('/', webauthnWellKnownRoutes(services, resolved));
  if (resolved.devOutbox) {
    app.route('/', devRoutes(services, resolved, ports.store));
  }
  return { app, services };
}
