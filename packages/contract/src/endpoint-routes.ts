import { apiPaths } from './paths.ts';

/**
 * Who may call an endpoint: anyone; a signed-in browser (its session cookie); a host back end with an API key; an
 * administrator (admin token, or the CLI through a running server); a development server only.
 */
export type EndpointAccess = 'public' | 'session' | 'api_key' | 'admin' | 'development';

/** Where an endpoint is and who may call it: the part of the endpoint table a browser needs, free of zod. */
export interface EndpointRoute {
  readonly method: 'GET' | 'POST';
  /** As `apiPaths` names it; `:name` segments stand for a value (`userPath`, `onboardPath`). */
  readonly path: string;
  readonly access: EndpointAccess;
}

/**
 * Every endpoint of the API by name: its method, path and access. `endpoints` adds what each takes, answers and may
 * refuse with (zod schemas); the browser client builds its methods from this part alone, so it carries no schemas.
 */
export const endpointRoutes = {
  // Signing in and out, and the flows that lead to it.
  signIn: { method: 'POST', path: apiPaths.signIn, access: 'public' },
  signOut: { method: 'POST', path: apiPaths.signOut, access: 'public' },
  forgotPassword: { method: 'POST', path: apiPaths.forgotPassword, access: 'public' },
  inspectLink: { method: 'POST', path: apiPaths.inspectLink, access: 'public' },
  setPassword: { method: 'POST', path: apiPaths.setPassword, access: 'public' },
  setCredentials: { method: 'POST', path: apiPaths.setCredentials, access: 'public' },
  signUp: { method: 'POST', path: apiPaths.signUp, access: 'public' },
  signUpVerify: { method: 'POST', path: apiPaths.signUpVerify, access: 'public' },
  invitationEmail: { method: 'POST', path: apiPaths.invitationEmail, access: 'public' },
  mfaVerify: { method: 'POST', path: apiPaths.mfaVerify, access: 'public' },
  mfaSend: { method: 'POST', path: apiPaths.mfaSend, access: 'public' },
  mfaPasskeyOptions: { method: 'POST', path: apiPaths.mfaPasskeyOptions, access: 'public' },
  mfaSetupTotp: { method: 'POST', path: apiPaths.mfaSetupTotp, access: 'public' },
  mfaSetupTotpConfirm: { method: 'POST', path: apiPaths.mfaSetupTotpConfirm, access: 'public' },
  mfaSetupSms: { method: 'POST', path: apiPaths.mfaSetupSms, access: 'public' },
  mfaSetupSmsConfirm: { method: 'POST', path: apiPaths.mfaSetupSmsConfirm, access: 'public' },
  passkeySignInOptions: { method: 'POST', path: apiPaths.passkeySignInOptions, access: 'public' },
  passkeySignIn: { method: 'POST', path: apiPaths.passkeySignIn, access: 'public' },
  bankidStart: { method: 'POST', path: apiPaths.bankidStart, access: 'public' },
  bankidCollect: { method: 'POST', path: apiPaths.bankidCollect, access: 'public' },
  bankidCancel: { method: 'POST', path: apiPaths.bankidCancel, access: 'public' },
  customerIdRegisterEmail: { method: 'POST', path: apiPaths.customerIdRegisterEmail, access: 'public' },
  customerIdSetCredentials: { method: 'POST', path: apiPaths.customerIdSetCredentials, access: 'public' },
  config: { method: 'GET', path: apiPaths.config, access: 'public' },
  health: { method: 'GET', path: apiPaths.health, access: 'public' },
  webauthnRelatedOrigins: { method: 'GET', path: apiPaths.webauthnRelatedOrigins, access: 'public' },
  jwks: { method: 'GET', path: apiPaths.jwks, access: 'public' },
  openIdConfiguration: { method: 'GET', path: apiPaths.openIdConfiguration, access: 'public' },

  // Signed in: the session, My details.
  session: { method: 'GET', path: apiPaths.session, access: 'session' },
  sessionToken: { method: 'POST', path: apiPaths.sessionToken, access: 'session' },
  activeAccount: { method: 'POST', path: apiPaths.activeAccount, access: 'session' },
  profile: { method: 'POST', path: apiPaths.profile, access: 'session' },
  changePassword: { method: 'POST', path: apiPaths.changePassword, access: 'session' },
  reauth: { method: 'POST', path: apiPaths.reauth, access: 'session' },
  reauthSend: { method: 'POST', path: apiPaths.reauthSend, access: 'session' },
  security: { method: 'GET', path: apiPaths.security, access: 'session' },
  totp: { method: 'POST', path: apiPaths.totp, access: 'session' },
  totpConfirm: { method: 'POST', path: apiPaths.totpConfirm, access: 'session' },
  sms: { method: 'POST', path: apiPaths.sms, access: 'session' },
  smsConfirm: { method: 'POST', path: apiPaths.smsConfirm, access: 'session' },
  mfaDisable: { method: 'POST', path: apiPaths.mfaDisable, access: 'session' },
  recoveryPhone: { method: 'POST', path: apiPaths.recoveryPhone, access: 'session' },
  recoveryPhoneConfirm: { method: 'POST', path: apiPaths.recoveryPhoneConfirm, access: 'session' },
  recoveryPhoneRemove: { method: 'POST', path: apiPaths.recoveryPhoneRemove, access: 'session' },
  recoveryCodes: { method: 'POST', path: apiPaths.recoveryCodes, access: 'session' },
  trustedDeviceRevoke: { method: 'POST', path: apiPaths.trustedDeviceRevoke, access: 'session' },
  passkeyRegistrationOptions: { method: 'POST', path: apiPaths.passkeyRegistrationOptions, access: 'session' },
  passkeys: { method: 'POST', path: apiPaths.passkeys, access: 'session' },
  passkeyRename: { method: 'POST', path: apiPaths.passkeyRename, access: 'session' },
  passkeyRemove: { method: 'POST', path: apiPaths.passkeyRemove, access: 'session' },
  endOtherSessions: { method: 'POST', path: apiPaths.endOtherSessions, access: 'session' },
  sessions: { method: 'GET', path: apiPaths.sessions, access: 'session' },
  sessionEnd: { method: 'POST', path: apiPaths.sessionEnd, access: 'session' },
  activity: { method: 'GET', path: apiPaths.activity, access: 'session' },
  accountActivity: { method: 'GET', path: apiPaths.accountActivity, access: 'session' },
  accountMembers: { method: 'GET', path: apiPaths.accountMembers, access: 'session' },
  accountMemberRole: { method: 'POST', path: apiPaths.accountMemberRole, access: 'session' },
  accountMemberRemove: { method: 'POST', path: apiPaths.accountMemberRemove, access: 'session' },
  accountMemberInvite: { method: 'POST', path: apiPaths.accountMemberInvite, access: 'session' },
  personalNumber: { method: 'GET', path: apiPaths.personalNumber, access: 'session' },
  setPersonalNumber: { method: 'POST', path: apiPaths.personalNumber, access: 'session' },
  personalNumberRemove: { method: 'POST', path: apiPaths.personalNumberRemove, access: 'session' },
  linkCustomerId: { method: 'POST', path: apiPaths.linkCustomerId, access: 'session' },

  // Host back ends.
  sessionsValidate: { method: 'POST', path: apiPaths.sessionsValidate, access: 'api_key' },

  // Administrators (admin API, CLI).
  adminUsers: { method: 'GET', path: apiPaths.adminUsers, access: 'admin' },
  adminCreateUser: { method: 'POST', path: apiPaths.adminUsers, access: 'admin' },
  adminInvitations: { method: 'POST', path: apiPaths.adminInvitations, access: 'admin' },
  adminAccounts: { method: 'POST', path: apiPaths.adminAccounts, access: 'admin' },
  adminAccountLinks: { method: 'POST', path: apiPaths.adminAccountLinks, access: 'admin' },
  adminAccountUnlink: { method: 'POST', path: apiPaths.adminAccountUnlink, access: 'admin' },
  adminAccountOnboard: { method: 'POST', path: apiPaths.adminAccountOnboard, access: 'admin' },
  adminUnlock: { method: 'POST', path: apiPaths.adminUnlock, access: 'admin' },
  adminActivity: { method: 'GET', path: apiPaths.adminActivity, access: 'admin' },
  adminUserSearch: { method: 'GET', path: apiPaths.adminUserSearch, access: 'admin' },
  adminUser: { method: 'GET', path: apiPaths.adminUser, access: 'admin' },
  adminUserResetFactors: { method: 'POST', path: apiPaths.adminUserResetFactors, access: 'admin' },
  adminUserDisable: { method: 'POST', path: apiPaths.adminUserDisable, access: 'admin' },
  adminUserEnable: { method: 'POST', path: apiPaths.adminUserEnable, access: 'admin' },
  adminKeys: { method: 'GET', path: apiPaths.adminKeys, access: 'admin' },
  adminKeysRotate: { method: 'POST', path: apiPaths.adminKeysRotate, access: 'admin' },
  adminKeysRevoke: { method: 'POST', path: apiPaths.adminKeysRevoke, access: 'admin' },
  adminWebhooks: { method: 'GET', path: apiPaths.adminWebhooks, access: 'admin' },
  adminWebhooksRetry: { method: 'POST', path: apiPaths.adminWebhooksRetry, access: 'admin' },

  // Development servers only.
  devOutbox: { method: 'GET', path: apiPaths.devOutbox, access: 'development' },
} as const satisfies Record<string, EndpointRoute>;

export type EndpointName = keyof typeof endpointRoutes;
