import {
  AccountMembers,
  ChangeMemberRoleRequest,
  InviteMemberRequest,
  InviteMemberResponse,
  OnboardRequest,
  OnboardResponse,
  RemoveMemberRequest,
} from './accounts.ts';
import { ChooseAccountRequest, CreateCustomerAccountRequest, CreateCustomerAccountResponse, LinkAccountRequest, LinkAccountResponse } from './accounts.ts';
import { ActivityPage } from './activity.ts';
import {
  CreateUserRequest,
  CreateUserResponse,
  LoginStatusResponse,
  ResetFactorsResponse,
  SupportSearchResult,
  SupportUserView,
  UnlinkAccountRequest,
  UnlinkAccountResponse,
  UnlockRequest,
  UnlockResponse,
  UserList,
} from './admin.ts';
import { AuthStep, CheckEmailStep, DoneStep, PasskeySignInRequest, SessionInfo, SignInRequest, SignOutResponse } from './auth.ts';
import { BankIdCancelResponse, BankIdOrderRequest, PersonalNumberInfo, SetPersonalNumberRequest } from './bankid.ts';
import { LinkCustomerIdRequest, LinkCustomerIdResponse, RegisterEmailRequest, SetCredentialsRequest } from './customer-id-logins.ts';
import { OutboxResponse } from './dev.ts';
import { ErrorBody, type ErrorCode } from './errors.ts';
import {
  ActiveSessions,
  ChallengeCodeRequest,
  ChallengePhoneRequest,
  ChallengeRequest,
  ConfirmCodeRequest,
  DisableMfaRequest,
  EmptyRequest,
  EndOtherSessionsResponse,
  EndSessionRequest,
  MfaPasskeyOptionsRequest,
  MfaSendRequest,
  MfaStep,
  MfaVerifyRequest,
  PhoneCodeSent,
  PhoneRequest,
  ReauthCodeSent,
  ReauthRequest,
  ReauthResponse,
  ReauthSendRequest,
  RecoveryCodes,
  RevokeTrustedDeviceRequest,
  SecurityOverview,
  TotpSetup,
} from './mfa.ts';
import {
  AddPasskeyRequest,
  PasskeyCreationOptionsResponse,
  PasskeyRequestOptionsResponse,
  RemovePasskeyRequest,
  RenamePasskeyRequest,
  WebAuthnRelatedOrigins,
} from './passkeys.ts';
import { ChangePasswordRequest, ChangePasswordResponse, ForgotPasswordRequest, InspectLinkRequest, SetPasswordRequest } from './password-flows.ts';
import { type EndpointAccess, type EndpointName, type EndpointRoute, endpointRoutes } from './endpoint-routes.ts';
import { PublicConfig } from './policy.ts';
import { UpdateProfileRequest, UpdateProfileResponse } from './profile.ts';
import {
  Jwks,
  OpenIdConfiguration,
  RevokeKeyRequest,
  RotateKeyResponse,
  SessionToken,
  SigningKeyList,
  ValidateSessionAnswer,
  ValidateSessionRequest,
} from './session-tokens.ts';
import { CreateInvitationRequest, CreateInvitationResponse, InvitationEmailRequest, SignUpRequest, VerifyCodeRequest } from './sign-up.ts';
import { RetryWebhooksRequest, RetryWebhooksResponse, WebhookDeliveryList } from './webhooks.ts';
import { z } from './zod.ts';

/** One endpoint of the API: where it is and who may call it, what it takes, what it answers and may refuse with. */
export interface Endpoint extends EndpointRoute {
  /** The JSON body of a POST (null for a GET, or a POST that reads none). */
  readonly request: z.ZodType | null;
  /** Each shape a successful (2xx) answer may have. A failure is always an `ErrorBody`. */
  readonly answers: readonly z.ZodType[];
  /**
   * A session that changes factors or recovery data must have signed in or re-authenticated within the policy's
   * minutes (`POST /api/account/reauth`), or is refused with `reauth_required`.
   */
  readonly reauth: boolean;
  /**
   * The codes its failures may carry beyond those of every endpoint (`commonErrorCodes`), of its access
   * (`accessErrorCodes`) and of re-authentication: what a client of it must be ready for.
   */
  readonly errors: readonly ErrorCode[];
}

/** What any request may be refused with: a malformed or oversized body, another origin, or a fault of the server. */
export const commonErrorCodes = [
  'invalid_request',
  'unsupported_media_type',
  'forbidden_origin',
  'payload_too_large',
  'internal_error',
] as const satisfies readonly ErrorCode[];

/** What the access check itself answers: no live session, no valid token, or (development) no such endpoint here. */
export const accessErrorCodes = {
  public: [],
  session: ['unauthenticated', 'session_renewed'],
  api_key: ['unauthorized'],
  admin: ['unauthorized'],
  development: ['not_found'],
} as const satisfies Record<EndpointAccess, readonly ErrorCode[]>;

/** Every code a failure of `endpoint` may carry. */
export function errorCodesOf(endpoint: Endpoint): ReadonlySet<ErrorCode> {
  return new Set<ErrorCode>([
    ...commonErrorCodes,
    ...accessErrorCodes[endpoint.access],
    ...(endpoint.reauth ? (['reauth_required'] as const) : []),
    ...endpoint.errors,
  ]);
}

const Health = z.object({ ok: z.literal(true) });
/** `POST /api/auth/forgot-password` for a customer ID: where the link went (never to whom, to a stranger). */
const ForgotPasswordAnswer = z.union([CheckEmailStep, AuthStep]);

/** What an entry says beyond its method, path and schemas: the codes particular to it, and whether it needs re-authentication. */
interface EntryOptions {
  readonly errors?: readonly ErrorCode[];
  readonly reauth?: true;
}

// Each entry keeps its route's and its own schemas' types, so clients derived from the table know every request and answer.
function entry<
  const Name extends EndpointName,
  Request extends z.ZodType | null,
  const Answers extends readonly z.ZodType[],
  const Options extends EntryOptions = Record<never, never>,
>(name: Name, request: Request, answers: Answers, options: Options = {} as Options) {
  // The flag keeps its literal type, so types can pick the endpoints that ask for re-authentication.
  const reauth = (options.reauth ?? false) as Options['reauth'] extends true ? true : false;
  return { ...endpointRoutes[name], request, answers, reauth, errors: options.errors ?? [] } as const;
}

// Codes several entries share.
const codeFailures = ['invalid_code', 'code_expired', 'too_many_attempts'] as const satisfies readonly ErrorCode[];
const linkFailures = ['invalid_link', 'link_expired'] as const satisfies readonly ErrorCode[];
const signInLimits = ['rate_limited', 'account_locked', 'invalid_credentials'] as const satisfies readonly ErrorCode[];
const passkeyFailures = ['passkey_unknown', 'passkey_invalid', 'passkey_expired'] as const satisfies readonly ErrorCode[];
const accountRoles = ['no_active_account', 'role_forbidden'] as const satisfies readonly ErrorCode[];
/** A change of factors renews the session; another request renewing it at the same moment answers `conflict`. */
const factorChange = { reauth: true, errors: ['conflict', 'method_not_allowed'] } as const;

/**
 * Every endpoint of the API, the one list the server's routes answer to: a route that answers a shape its entry does
 * not declare fails the server's tests (see `answerViolations`), and so does a route with no entry.
 */
export const endpoints = {
  // Signing in and out, and the flows that lead to it.
  signIn: entry('signIn', SignInRequest, [AuthStep], { errors: [...signInLimits, 'customer_id_migrated'] }),
  signOut: entry('signOut', null, [SignOutResponse]),
  forgotPassword: entry('forgotPassword', ForgotPasswordRequest, [ForgotPasswordAnswer], { errors: ['rate_limited'] }),
  inspectLink: entry('inspectLink', InspectLinkRequest, [AuthStep], { errors: linkFailures }),
  setPassword: entry('setPassword', SetPasswordRequest, [AuthStep], { errors: [...linkFailures, ...signInLimits, 'weak_password', 'conflict'] }),
  setCredentials: entry('setCredentials', SetCredentialsRequest, [AuthStep], {
    errors: [...linkFailures, ...signInLimits, 'weak_password', 'conflict'],
  }),
  signUp: entry('signUp', SignUpRequest, [AuthStep], { errors: ['sign_up_closed', 'email_domain_not_allowed', 'rate_limited', 'conflict'] }),
  signUpVerify: entry('signUpVerify', VerifyCodeRequest, [AuthStep], { errors: [...codeFailures, 'rate_limited', 'sign_up_closed'] }),
  invitationEmail: entry('invitationEmail', InvitationEmailRequest, [AuthStep], {
    errors: [...linkFailures, 'email_mismatch', 'rate_limited'],
  }),
  mfaVerify: entry('mfaVerify', MfaVerifyRequest, [AuthStep], {
    errors: ['mfa_expired', ...codeFailures, ...signInLimits, ...passkeyFailures, 'method_not_allowed'],
  }),
  mfaSend: entry('mfaSend', MfaSendRequest, [MfaStep], { errors: ['mfa_expired', 'rate_limited', 'method_not_allowed'] }),
  mfaPasskeyOptions: entry('mfaPasskeyOptions', MfaPasskeyOptionsRequest, [PasskeyRequestOptionsResponse], {
    errors: ['mfa_expired', 'method_not_allowed'],
  }),
  mfaSetupTotp: entry('mfaSetupTotp', ChallengeRequest, [TotpSetup], { errors: ['mfa_expired', 'method_not_allowed'] }),
  mfaSetupTotpConfirm: entry('mfaSetupTotpConfirm', ChallengeCodeRequest, [AuthStep], {
    errors: ['mfa_expired', ...codeFailures, ...signInLimits, 'method_not_allowed'],
  }),
  mfaSetupSms: entry('mfaSetupSms', ChallengePhoneRequest, [PhoneCodeSent], {
    errors: ['mfa_expired', 'invalid_phone', 'rate_limited', 'method_not_allowed'],
  }),
  mfaSetupSmsConfirm: entry('mfaSetupSmsConfirm', ChallengeCodeRequest, [AuthStep], {
    errors: ['mfa_expired', ...codeFailures, ...signInLimits, 'method_not_allowed'],
  }),
  passkeySignInOptions: entry('passkeySignInOptions', EmptyRequest, [PasskeyRequestOptionsResponse], { errors: ['method_not_allowed'] }),
  passkeySignIn: entry('passkeySignIn', PasskeySignInRequest, [AuthStep], {
    errors: [...passkeyFailures, ...signInLimits, 'method_not_allowed'],
  }),
  bankidStart: entry('bankidStart', EmptyRequest, [AuthStep], { errors: ['not_found', 'bankid_unavailable', 'rate_limited'] }),
  bankidCollect: entry('bankidCollect', BankIdOrderRequest, [AuthStep], {
    errors: ['not_found', 'bankid_unavailable', 'bankid_unknown_user', 'invalid_credentials'],
  }),
  bankidCancel: entry('bankidCancel', BankIdOrderRequest, [BankIdCancelResponse]),
  customerIdRegisterEmail: entry('customerIdRegisterEmail', RegisterEmailRequest, [AuthStep], {
    errors: [...linkFailures, 'rate_limited', 'conflict', 'customer_id_migrated'],
  }),
  customerIdSetCredentials: entry('customerIdSetCredentials', SetCredentialsRequest, [AuthStep], {
    errors: [...linkFailures, ...signInLimits, 'weak_password', 'conflict', 'customer_id_migrated'],
  }),
  config: entry('config', null, [PublicConfig]),
  health: entry('health', null, [Health]),
  // Not there (404) where no origin outside the RP ID's domain is configured.
  webauthnRelatedOrigins: entry('webauthnRelatedOrigins', null, [WebAuthnRelatedOrigins], { errors: ['not_found'] }),
  jwks: entry('jwks', null, [Jwks]),
  openIdConfiguration: entry('openIdConfiguration', null, [OpenIdConfiguration]),

  // Signed in: the session, My details.
  session: entry('session', null, [SessionInfo]),
  sessionToken: entry('sessionToken', null, [SessionToken]),
  activeAccount: entry('activeAccount', ChooseAccountRequest, [DoneStep], { errors: ['not_found'] }),
  profile: entry('profile', UpdateProfileRequest, [UpdateProfileResponse]),
  changePassword: entry('changePassword', ChangePasswordRequest, [ChangePasswordResponse], {
    errors: [...signInLimits, 'weak_password', 'conflict'],
  }),
  reauth: entry('reauth', ReauthRequest, [ReauthResponse], { errors: [...codeFailures, ...signInLimits, 'method_not_allowed', 'conflict'] }),
  reauthSend: entry('reauthSend', ReauthSendRequest, [ReauthCodeSent], { errors: ['rate_limited', 'method_not_allowed', 'invalid_phone'] }),
  security: entry('security', null, [SecurityOverview]),
  totp: entry('totp', EmptyRequest, [TotpSetup], factorChange),
  totpConfirm: entry('totpConfirm', ConfirmCodeRequest, [SecurityOverview], {
    ...factorChange,
    errors: [...factorChange.errors, ...codeFailures],
  }),
  sms: entry('sms', PhoneRequest, [PhoneCodeSent], { ...factorChange, errors: [...factorChange.errors, 'invalid_phone', 'rate_limited'] }),
  smsConfirm: entry('smsConfirm', ConfirmCodeRequest, [SecurityOverview], {
    ...factorChange,
    errors: [...factorChange.errors, ...codeFailures],
  }),
  mfaDisable: entry('mfaDisable', DisableMfaRequest, [SecurityOverview], {
    ...factorChange,
    errors: [...factorChange.errors, 'factor_required'],
  }),
  recoveryPhone: entry('recoveryPhone', PhoneRequest, [PhoneCodeSent], {
    ...factorChange,
    errors: [...factorChange.errors, 'invalid_phone', 'rate_limited'],
  }),
  recoveryPhoneConfirm: entry('recoveryPhoneConfirm', ConfirmCodeRequest, [SecurityOverview], {
    ...factorChange,
    errors: [...factorChange.errors, ...codeFailures],
  }),
  recoveryPhoneRemove: entry('recoveryPhoneRemove', EmptyRequest, [SecurityOverview], factorChange),
  recoveryCodes: entry('recoveryCodes', EmptyRequest, [RecoveryCodes], factorChange),
  trustedDeviceRevoke: entry('trustedDeviceRevoke', RevokeTrustedDeviceRequest, [SecurityOverview], { errors: ['not_found'] }),
  passkeyRegistrationOptions: entry('passkeyRegistrationOptions', EmptyRequest, [PasskeyCreationOptionsResponse], factorChange),
  passkeys: entry('passkeys', AddPasskeyRequest, [SecurityOverview], {
    ...factorChange,
    errors: [...factorChange.errors, ...passkeyFailures],
  }),
  passkeyRename: entry('passkeyRename', RenamePasskeyRequest, [SecurityOverview], { errors: ['not_found'] }),
  passkeyRemove: entry('passkeyRemove', RemovePasskeyRequest, [SecurityOverview], {
    ...factorChange,
    errors: [...factorChange.errors, 'not_found', 'factor_required'],
  }),
  endOtherSessions: entry('endOtherSessions', EmptyRequest, [EndOtherSessionsResponse]),
  sessions: entry('sessions', null, [ActiveSessions]),
  sessionEnd: entry('sessionEnd', EndSessionRequest, [ActiveSessions], { errors: ['not_found'] }),
  activity: entry('activity', null, [ActivityPage]),
  accountActivity: entry('accountActivity', null, [ActivityPage], { errors: accountRoles }),
  accountMembers: entry('accountMembers', null, [AccountMembers], { errors: accountRoles }),
  accountMemberRole: entry('accountMemberRole', ChangeMemberRoleRequest, [AccountMembers], {
    errors: [...accountRoles, 'last_owner', 'not_found'],
  }),
  accountMemberRemove: entry('accountMemberRemove', RemoveMemberRequest, [AccountMembers], {
    errors: [...accountRoles, 'last_owner', 'not_found'],
  }),
  accountMemberInvite: entry('accountMemberInvite', InviteMemberRequest, [InviteMemberResponse], {
    errors: [...accountRoles, 'already_member', 'rate_limited'],
  }),
  personalNumber: entry('personalNumber', null, [PersonalNumberInfo]),
  setPersonalNumber: entry('setPersonalNumber', SetPersonalNumberRequest, [PersonalNumberInfo], {
    reauth: true,
    errors: ['invalid_personal_number', 'conflict', 'not_found'],
  }),
  personalNumberRemove: entry('personalNumberRemove', EmptyRequest, [PersonalNumberInfo], { reauth: true, errors: ['not_found'] }),
  linkCustomerId: entry('linkCustomerId', LinkCustomerIdRequest, [LinkCustomerIdResponse], {
    errors: [...signInLimits, 'customer_id_migrated'],
  }),

  // Host back ends.
  sessionsValidate: entry('sessionsValidate', ValidateSessionRequest, [ValidateSessionAnswer], { errors: ['unauthenticated'] }),

  // Administrators (admin API, CLI).
  adminUsers: entry('adminUsers', null, [UserList]),
  adminCreateUser: entry('adminCreateUser', CreateUserRequest, [CreateUserResponse], { errors: ['weak_password', 'conflict'] }),
  adminInvitations: entry('adminInvitations', CreateInvitationRequest, [CreateInvitationResponse], { errors: ['conflict'] }),
  adminAccounts: entry('adminAccounts', CreateCustomerAccountRequest, [CreateCustomerAccountResponse], {
    errors: ['weak_password', 'conflict'],
  }),
  adminAccountLinks: entry('adminAccountLinks', LinkAccountRequest, [LinkAccountResponse], { errors: ['not_found'] }),
  adminAccountUnlink: entry('adminAccountUnlink', UnlinkAccountRequest, [UnlinkAccountResponse], { errors: ['not_found', 'last_owner'] }),
  adminAccountOnboard: entry('adminAccountOnboard', OnboardRequest, [OnboardResponse], { errors: ['not_found', 'rate_limited', 'conflict'] }),
  adminUnlock: entry('adminUnlock', UnlockRequest, [UnlockResponse]),
  adminActivity: entry('adminActivity', null, [ActivityPage]),
  adminUserSearch: entry('adminUserSearch', null, [SupportSearchResult]),
  adminUser: entry('adminUser', null, [SupportUserView], { errors: ['not_found'] }),
  adminUserResetFactors: entry('adminUserResetFactors', EmptyRequest, [ResetFactorsResponse], { errors: ['not_found'] }),
  adminUserDisable: entry('adminUserDisable', EmptyRequest, [LoginStatusResponse], { errors: ['not_found'] }),
  adminUserEnable: entry('adminUserEnable', EmptyRequest, [LoginStatusResponse], { errors: ['not_found'] }),
  adminKeys: entry('adminKeys', null, [SigningKeyList]),
  adminKeysRotate: entry('adminKeysRotate', null, [RotateKeyResponse]),
  adminKeysRevoke: entry('adminKeysRevoke', RevokeKeyRequest, [SigningKeyList], { errors: ['not_found'] }),
  adminWebhooks: entry('adminWebhooks', null, [WebhookDeliveryList]),
  adminWebhooksRetry: entry('adminWebhooksRetry', RetryWebhooksRequest, [RetryWebhooksResponse]),

  // Development servers only.
  devOutbox: entry('devOutbox', null, [OutboxResponse]),
} as const satisfies { readonly [Name in EndpointName]: Endpoint };

/** What a successful answer of endpoint `Name` is (any of its declared shapes). */
export type EndpointAnswer<Name extends EndpointName> = z.output<(typeof endpoints)[Name]['answers'][number]>;

/** The body endpoint `Name` takes (as sent, before defaults), or never for one that takes none. */
export type EndpointRequest<Name extends EndpointName> = (typeof endpoints)[Name]['request'] extends infer R extends z.ZodType ? z.input<R> : never;

/** The endpoints an administrator calls (admin token; the CLI through a running server). */
export type AdminEndpointName = { [Name in EndpointName]: (typeof endpoints)[Name]['access'] extends 'admin' ? Name : never }[EndpointName];

/** Each entry with its path as a pattern (`:name` matches one segment), made once: requests look them up. */
const matchers = Object.values(endpoints).map((endpoint: Endpoint) => ({
  endpoint,
  pattern: new RegExp(`^${endpoint.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`),
}));

/** The endpoint a request goes to (`:name` segments match one path segment), or null for none. */
export function endpointFor(method: string, pathname: string): Endpoint | null {
  return matchers.find(({ endpoint, pattern }) => endpoint.method === method && pattern.test(pathname))?.endpoint ?? null;
}

/**
 * What is wrong with an answer (its status and parsed JSON body) to `method pathname`, by the table: a failure that
 * is not an `ErrorBody`; a success with no entry, or of none of the entry's shapes, or with fields none declares.
 * Empty when it is as declared.
 */
export function answerViolations(method: string, pathname: string, status: number, body: unknown): string[] {
  // A failure, of any request (an unknown path, a GET on an action), is an ErrorBody.
  if (status >= 400) return ErrorBody.safeParse(body).success ? [] : [`${method} ${pathname} failed with a body that is no ErrorBody`];
  const endpoint = endpointFor(method, pathname);
  if (!endpoint) return [`${method} ${pathname} has no entry in the endpoint table`];
  for (const answer of endpoint.answers) {
    const parsed = answer.safeParse(body);
    // Parsing drops what a shape does not declare: an answer that loses something carried an undeclared field.
    if (parsed.success && JSON.stringify(parsed.data) === JSON.stringify(body)) return [];
  }
  return [`${method} ${pathname} answered ${status} with a shape its entry does not declare: ${JSON.stringify(body).slice(0, 300)}`];
}

/**
 * What is wrong with a failure (its status and parsed JSON body) of `method pathname`, by the table: a code its entry
 * does not list (see `errorCodesOf`), which clients of it would not know to expect. Empty for a success, a body that
 * is no `ErrorBody` (`answerViolations` reports that), and a request of no endpoint (an unknown path answers
 * `not_found`, a GET on an action whatever the guards before the routes answer).
 */
export function errorCodeViolations(method: string, pathname: string, status: number, body: unknown): string[] {
  if (status < 400) return [];
  const failure = ErrorBody.safeParse(body);
  const endpoint = endpointFor(method, pathname);
  if (!failure.success || !endpoint) return [];
  const { code } = failure.data.error;
  return errorCodesOf(endpoint).has(code) ? [] : [`${method} ${pathname} failed with ${code}, a code its entry does not list`];
}
