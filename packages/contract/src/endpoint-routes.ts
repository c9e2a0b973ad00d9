/**
 * Who may call an endpoint: anyone; a signed-in browser (its session cookie); a host back end with an API key; an
 * administrator (admin token, or the CLI through a running server); a development server only.
 */
export type EndpointAccess = 'public' | 'session' | 'api_key' | 'admin' | 'development';

/**
 * How the browser client (`createPorticoClient`) calls an endpoint: `get` reads it; `page` reads it with a page's
 * query (`before`, `limit`); `post` sends the request it is given; `act` sends `{}` (an action with nothing to say
 * but that it is wanted); `keepalive` posts as `post` in a request that outlives the page (sent as it is left).
 */
export type ClientCall = 'get' | 'page' | 'post' | 'act' | 'keepalive';

/** The browser client's method of an endpoint: its name, how it calls, and the answer schema it checks (by name). */
export interface ClientMethod {
  readonly name: string;
  readonly call: ClientCall;
  /** The contract schema the answer matches, by its exported name; the client's types check it against `endpoints`. */
  readonly answer: string;
}

/** Where an endpoint is and who may call it: the part of the endpoint table a browser needs, free of zod. */
export interface EndpointRoute {
  readonly method: 'GET' | 'POST';
  /** `:name` segments stand for a value (`userPath`, `onboardPath`). */
  readonly path: string;
  readonly access: EndpointAccess;
  /** The browser client's method for it; none for endpoints of host back ends, administrators and servers. */
  readonly client?: ClientMethod;
}

/**
 * The endpoint table's first part: the endpoints a browser calls, by name, with method, path, access and browser-client
 * method. `endpoints` adds, under the same name, what each takes, answers and may refuse with (zod schemas; the
 * compiler asks for an entry there for each one here). The browser client builds its methods from this part alone,
 * so it carries no schemas, and no endpoint it never calls.
 */
export const browserEndpointRoutes = {
  // Signing in and out, and the flows that lead to it.
  signIn: { method: 'POST', path: '/api/auth/sign-in', access: 'public', client: { name: 'signIn', call: 'post', answer: 'AuthStep' } },
  signOut: { method: 'POST', path: '/api/auth/sign-out', access: 'public', client: { name: 'signOut', call: 'act', answer: 'SignOutResponse' } },
  forgotPassword: { method: 'POST', path: '/api/auth/forgot-password', access: 'public', client: { name: 'forgotPassword', call: 'post', answer: 'AuthStep' } },
  inspectLink: { method: 'POST', path: '/api/auth/link', access: 'public', client: { name: 'inspectLink', call: 'post', answer: 'AuthStep' } },
  setPassword: { method: 'POST', path: '/api/auth/set-password', access: 'public', client: { name: 'setPassword', call: 'post', answer: 'AuthStep' } },
  setCredentials: { method: 'POST', path: '/api/auth/set-credentials', access: 'public', client: { name: 'setCredentials', call: 'post', answer: 'AuthStep' } },
  signUp: { method: 'POST', path: '/api/sign-up', access: 'public', client: { name: 'signUp', call: 'post', answer: 'AuthStep' } },
  signUpVerify: { method: 'POST', path: '/api/sign-up/verify', access: 'public', client: { name: 'verifySignUpCode', call: 'post', answer: 'AuthStep' } },
  invitationEmail: {
    method: 'POST',
    path: '/api/auth/invitation/email',
    access: 'public',
    client: { name: 'submitInvitationEmail', call: 'post', answer: 'AuthStep' },
  },
  mfaVerify: { method: 'POST', path: '/api/auth/mfa/verify', access: 'public', client: { name: 'verifyMfa', call: 'post', answer: 'AuthStep' } },
  mfaSend: { method: 'POST', path: '/api/auth/mfa/send', access: 'public', client: { name: 'sendMfaCode', call: 'post', answer: 'MfaStep' } },
  mfaPasskeyOptions: {
    method: 'POST',
    path: '/api/auth/mfa/passkey/options',
    access: 'public',
    client: { name: 'getMfaPasskeyOptions', call: 'post', answer: 'PasskeyRequestOptionsResponse' },
  },
  mfaSetupTotp: {
    method: 'POST',
    path: '/api/auth/mfa/setup/totp',
    access: 'public',
    client: { name: 'startChallengeTotpSetup', call: 'post', answer: 'TotpSetup' },
  },
  mfaSetupTotpConfirm: {
    method: 'POST',
    path: '/api/auth/mfa/setup/totp/confirm',
    access: 'public',
    client: { name: 'confirmChallengeTotpSetup', call: 'post', answer: 'AuthStep' },
  },
  mfaSetupSms: {
    method: 'POST',
    path: '/api/auth/mfa/setup/sms',
    access: 'public',
    client: { name: 'startChallengeSmsSetup', call: 'post', answer: 'PhoneCodeSent' },
  },
  mfaSetupSmsConfirm: {
    method: 'POST',
    path: '/api/auth/mfa/setup/sms/confirm',
    access: 'public',
    client: { name: 'confirmChallengeSmsSetup', call: 'post', answer: 'AuthStep' },
  },
  passkeySignInOptions: {
    method: 'POST',
    path: '/api/auth/passkey/options',
    access: 'public',
    client: { name: 'getPasskeySignInOptions', call: 'act', answer: 'PasskeyRequestOptionsResponse' },
  },
  passkeySignIn: { method: 'POST', path: '/api/auth/passkey', access: 'public', client: { name: 'signInWithPasskey', call: 'post', answer: 'AuthStep' } },
  bankidStart: { method: 'POST', path: '/api/auth/bankid/start', access: 'public', client: { name: 'startBankId', call: 'act', answer: 'AuthStep' } },
  bankidCollect: { method: 'POST', path: '/api/auth/bankid/collect', access: 'public', client: { name: 'collectBankId', call: 'post', answer: 'AuthStep' } },
  bankidCancel: {
    method: 'POST',
    path: '/api/auth/bankid/cancel',
    access: 'public',
    client: { name: 'cancelBankId', call: 'keepalive', answer: 'BankIdCancelResponse' },
  },
  customerIdRegisterEmail: {
    method: 'POST',
    path: '/api/auth/customer-id/register-email',
    access: 'public',
    client: { name: 'registerCustomerIdEmail', call: 'post', answer: 'AuthStep' },
  },
  customerIdSetCredentials: {
    method: 'POST',
    path: '/api/auth/customer-id/set-credentials',
    access: 'public',
    client: { name: 'setCustomerIdCredentials', call: 'post', answer: 'AuthStep' },
  },
  config: { method: 'GET', path: '/api/config', access: 'public', client: { name: 'getConfig', call: 'get', answer: 'PublicConfig' } },

  // Signed in: the session, My details.
  session: { method: 'GET', path: '/api/session', access: 'session' },
  sessionToken: { method: 'POST', path: '/api/session/token', access: 'session' },
  activeAccount: { method: 'POST', path: '/api/account/active', access: 'session', client: { name: 'chooseAccount', call: 'post', answer: 'DoneStep' } },
  profile: {
    method: 'POST',
    path: '/api/account/profile',
    access: 'session',
    client: { name: 'updateProfile', call: 'post', answer: 'UpdateProfileResponse' },
  },
  changePassword: {
    method: 'POST',
    path: '/api/account/password',
    access: 'session',
    client: { name: 'changePassword', call: 'post', answer: 'ChangePasswordResponse' },
  },
  reauth: { method: 'POST', path: '/api/account/reauth', access: 'session', client: { name: 'reauthenticate', call: 'post', answer: 'ReauthResponse' } },
  reauthSend: {
    method: 'POST',
    path: '/api/account/reauth/send',
    access: 'session',
    client: { name: 'sendReauthCode', call: 'post', answer: 'ReauthCodeSent' },
  },
  security: { method: 'GET', path: '/api/account/security', access: 'session', client: { name: 'getSecurity', call: 'get', answer: 'SecurityOverview' } },
  totp: { method: 'POST', path: '/api/account/mfa/totp', access: 'session', client: { name: 'startTotpSetup', call: 'act', answer: 'TotpSetup' } },
  totpConfirm: {
    method: 'POST',
    path: '/api/account/mfa/totp/confirm',
    access: 'session',
    client: { name: 'confirmTotpSetup', call: 'post', answer: 'SecurityOverview' },
  },
  sms: { method: 'POST', path: '/api/account/mfa/sms', access: 'session', client: { name: 'startSmsSetup', call: 'post', answer: 'PhoneCodeSent' } },
  smsConfirm: {
    method: 'POST',
    path: '/api/account/mfa/sms/confirm',
    access: 'session',
    client: { name: 'confirmSmsSetup', call: 'post', answer: 'SecurityOverview' },
  },
  mfaDisable: { method: 'POST', path: '/api/account/mfa/disable', access: 'session', client: { name: 'disableMfa', call: 'post', answer: 'SecurityOverview' } },
  recoveryPhone: {
    method: 'POST',
    path: '/api/account/recovery-phone',
    access: 'session',
    client: { name: 'addRecoveryPhone', call: 'post', answer: 'PhoneCodeSent' },
  },
  recoveryPhoneConfirm: {
    method: 'POST',
    path: '/api/account/recovery-phone/confirm',
    access: 'session',
    client: { name: 'confirmRecoveryPhone', call: 'post', answer: 'SecurityOverview' },
  },
  recoveryPhoneRemove: {
    method: 'POST',
    path: '/api/account/recovery-phone/remove',
    access: 'session',
    client: { name: 'removeRecoveryPhone', call: 'act', answer: 'SecurityOverview' },
  },
  recoveryCodes: {
    method: 'POST',
    path: '/api/account/recovery-codes',
    access: 'session',
    client: { name: 'generateRecoveryCodes', call: 'act', answer: 'RecoveryCodes' },
  },
  trustedDeviceRevoke: {
    method: 'POST',
    path: '/api/account/trusted-devices/revoke',
    access: 'session',
    client: { name: 'revokeTrustedDevice', call: 'post', answer: 'SecurityOverview' },
  },
  passkeyRegistrationOptions: {
    method: 'POST',
    path: '/api/account/passkeys/options',
    access: 'session',
    client: { name: 'getPasskeyRegistrationOptions', call: 'act', answer: 'PasskeyCreationOptionsResponse' },
  },
  passkeys: { method: 'POST', path: '/api/account/passkeys', access: 'session', client: { name: 'addPasskey', call: 'post', answer: 'SecurityOverview' } },
  passkeyRename: {
    method: 'POST',
    path: '/api/account/passkeys/rename',
    access: 'session',
    client: { name: 'renamePasskey', call: 'post', answer: 'SecurityOverview' },
  },
  passkeyRemove: {
    method: 'POST',
    path: '/api/account/passkeys/remove',
    access: 'session',
    client: { name: 'removePasskey', call: 'post', answer: 'SecurityOverview' },
  },
  endOtherSessions: {
    method: 'POST',
    path: '/api/account/sessions/end-others',
    access: 'session',
    client: { name: 'endOtherSessions', call: 'act', answer: 'EndOtherSessionsResponse' },
  },
  sessions: { method: 'GET', path: '/api/account/sessions', access: 'session', client: { name: 'getSessions', call: 'get', answer: 'ActiveSessions' } },
  sessionEnd: { method: 'POST', path: '/api/account/sessions/end', access: 'session', client: { name: 'endSession', call: 'post', answer: 'ActiveSessions' } },
  activity: { method: 'GET', path: '/api/account/activity', access: 'session', client: { name: 'getActivity', call: 'page', answer: 'ActivityPage' } },
  accountActivity: {
    method: 'GET',
    path: '/api/account/members/activity',
    access: 'session',
    client: { name: 'getAccountActivity', call: 'page', answer: 'ActivityPage' },
  },
  accountMembers: {
    method: 'GET',
    path: '/api/account/members',
    access: 'session',
    client: { name: 'getAccountMembers', call: 'get', answer: 'AccountMembers' },
  },
  accountMemberRole: {
    method: 'POST',
    path: '/api/account/members/role',
    access: 'session',
    client: { name: 'changeMemberRole', call: 'post', answer: 'AccountMembers' },
  },
  accountMemberRemove: {
    method: 'POST',
    path: '/api/account/members/remove',
    access: 'session',
    client: { name: 'removeMember', call: 'post', answer: 'AccountMembers' },
  },
  accountMemberInvite: {
    method: 'POST',
    path: '/api/account/members/invite',
    access: 'session',
    client: { name: 'inviteMember', call: 'post', answer: 'InviteMemberResponse' },
  },
  personalNumber: {
    method: 'GET',
    path: '/api/account/personal-number',
    access: 'session',
    client: { name: 'getPersonalNumber', call: 'get', answer: 'PersonalNumberInfo' },
  },
  setPersonalNumber: {
    method: 'POST',
    path: '/api/account/personal-number',
    access: 'session',
    client: { name: 'setPersonalNumber', call: 'post', answer: 'PersonalNumberInfo' },
  },
  personalNumberRemove: {
    method: 'POST',
    path: '/api/account/personal-number/remove',
    access: 'session',
    client: { name: 'removePersonalNumber', call: 'act', answer: 'PersonalNumberInfo' },
  },
  linkCustomerId: {
    method: 'POST',
    path: '/api/account/customer-accounts/link',
    access: 'session',
    client: { name: 'linkCustomerId', call: 'post', answer: 'LinkCustomerIdResponse' },
  },
} as const satisfies Record<string, EndpointRoute>;

/** The endpoints of the table that browsers do not call: servers', host back ends', administrators'. */
export const serverEndpointRoutes = {
  // Anyone: health checks, keys and metadata read by other servers (and by browsers for passkeys of another site).
  health: { method: 'GET', path: '/api/health', access: 'public' },
  webauthnRelatedOrigins: { method: 'GET', path: '/.well-known/webauthn', access: 'public' },
  jwks: { method: 'GET', path: '/.well-known/jwks.json', access: 'public' },
  openIdConfiguration: { method: 'GET', path: '/.well-known/openid-configuration', access: 'public' },

  // Host back ends.
  sessionsValidate: { method: 'POST', path: '/api/sessions/validate', access: 'api_key' },

  // Administrators (admin API, CLI).
  adminUsers: { method: 'GET', path: '/api/admin/users', access: 'admin' },
  adminCreateUser: { method: 'POST', path: '/api/admin/users', access: 'admin' },
  adminInvitations: { method: 'POST', path: '/api/admin/invitations', access: 'admin' },
  adminAccounts: { method: 'POST', path: '/api/admin/accounts', access: 'admin' },
  adminAccountLinks: { method: 'POST', path: '/api/admin/accounts/link', access: 'admin' },
  adminAccountUnlink: { method: 'POST', path: '/api/admin/accounts/unlink', access: 'admin' },
  adminAccountOnboard: { method: 'POST', path: '/api/admin/accounts/:customerId/onboard', access: 'admin' },
  adminUnlock: { method: 'POST', path: '/api/admin/unlock', access: 'admin' },
  adminActivity: { method: 'GET', path: '/api/admin/activity', access: 'admin' },
  adminUserSearch: { method: 'GET', path: '/api/admin/users/search', access: 'admin' },
  adminUser: { method: 'GET', path: '/api/admin/users/:userId', access: 'admin' },
  adminUserResetFactors: { method: 'POST', path: '/api/admin/users/:userId/reset-factors', access: 'admin' },
  adminUserDisable: { method: 'POST', path: '/api/admin/users/:userId/disable', access: 'admin' },
  adminUserEnable: { method: 'POST', path: '/api/admin/users/:userId/enable', access: 'admin' },
  adminKeys: { method: 'GET', path: '/api/admin/keys', access: 'admin' },
  adminKeysRotate: { method: 'POST', path: '/api/admin/keys/rotate', access: 'admin' },
  adminKeysRevoke: { method: 'POST', path: '/api/admin/keys/revoke', access: 'admin' },
  adminWebhooks: { method: 'GET', path: '/api/admin/webhooks', access: 'admin' },
  adminWebhooksRetry: { method: 'POST', path: '/api/admin/webhooks/retry', access: 'admin' },

  // Development servers only.
  devOutbox: { method: 'GET', path: '/api/dev/outbox', access: 'development' },
} as const satisfies Record<string, EndpointRoute>;

/**
 * Every endpoint of the API by name, in two parts so that a browser bundle carries only the part it calls
 * (`browserEndpointRoutes`, from which `createPorticoClient` builds its methods).
 */
export const endpointRoutes = { ...browserEndpointRoutes, ...serverEndpointRoutes } as const;

export type EndpointName = keyof typeof endpointRoutes;
