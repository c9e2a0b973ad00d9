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
import { ErrorBody } from './errors.ts';
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
import { apiPaths } from './paths.ts';
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

/**
 * Who may call an endpoint: anyone; a signed-in browser (its session cookie); a host back end with an API key; an
 * administrator (admin token, or the CLI through a running server); a development server only.
 */
export type EndpointAccess = 'public' | 'session' | 'api_key' | 'admin' | 'development';

/** One endpoint of the API: its method and path, what it takes, what it answers when it succeeds, who may call it. */
export interface Endpoint {
  readonly method: 'GET' | 'POST';
  /** As `apiPaths` names it; `:name` segments stand for a value (`userPath`, `onboardPath`). */
  readonly path: string;
  /** The JSON body of a POST (null for a GET, or a POST that reads none). */
  readonly request: z.ZodType | null;
  /** Each shape a successful (2xx) answer may have. A failure is always an `ErrorBody`. */
  readonly answers: readonly z.ZodType[];
  readonly access: EndpointAccess;
}

const Health = z.object({ ok: z.literal(true) });
/** `POST /api/auth/forgot-password` for a customer ID: where the link went (never to whom, to a stranger). */
const ForgotPasswordAnswer = z.union([CheckEmailStep, AuthStep]);

// Each entry keeps its own schemas' types, so clients derived from the table know every request and answer.
function get<const Answers extends readonly z.ZodType[], const Access extends EndpointAccess>(path: string, answers: Answers, access: Access) {
  return { method: 'GET', path, request: null, answers, access } as const;
}
function post<Request extends z.ZodType | null, const Answers extends readonly z.ZodType[], const Access extends EndpointAccess>(
  path: string,
  request: Request,
  answers: Answers,
  access: Access,
) {
  return { method: 'POST', path, request, answers, access } as const;
}

/**
 * Every endpoint of the API, the one list the server's routes answer to: a route that answers a shape its entry does
 * not declare fails the server's tests (see `answerViolations`), and so does a route with no entry.
 */
export const endpoints = {
  // Signing in and out, and the flows that lead to it.
  signIn: post(apiPaths.signIn, SignInRequest, [AuthStep], 'public'),
  signOut: post(apiPaths.signOut, null, [SignOutResponse], 'public'),
  forgotPassword: post(apiPaths.forgotPassword, ForgotPasswordRequest, [ForgotPasswordAnswer], 'public'),
  inspectLink: post(apiPaths.inspectLink, InspectLinkRequest, [AuthStep], 'public'),
  setPassword: post(apiPaths.setPassword, SetPasswordRequest, [AuthStep], 'public'),
  setCredentials: post(apiPaths.setCredentials, SetCredentialsRequest, [AuthStep], 'public'),
  signUp: post(apiPaths.signUp, SignUpRequest, [AuthStep], 'public'),
  signUpVerify: post(apiPaths.signUpVerify, VerifyCodeRequest, [AuthStep], 'public'),
  invitationEmail: post(apiPaths.invitationEmail, InvitationEmailRequest, [AuthStep], 'public'),
  mfaVerify: post(apiPaths.mfaVerify, MfaVerifyRequest, [AuthStep], 'public'),
  mfaSend: post(apiPaths.mfaSend, MfaSendRequest, [MfaStep], 'public'),
  mfaPasskeyOptions: post(apiPaths.mfaPasskeyOptions, MfaPasskeyOptionsRequest, [PasskeyRequestOptionsResponse], 'public'),
  mfaSetupTotp: post(apiPaths.mfaSetupTotp, ChallengeRequest, [TotpSetup], 'public'),
  mfaSetupTotpConfirm: post(apiPaths.mfaSetupTotpConfirm, ChallengeCodeRequest, [AuthStep], 'public'),
  mfaSetupSms: post(apiPaths.mfaSetupSms, ChallengePhoneRequest, [PhoneCodeSent], 'public'),
  mfaSetupSmsConfirm: post(apiPaths.mfaSetupSmsConfirm, ChallengeCodeRequest, [AuthStep], 'public'),
  passkeySignInOptions: post(apiPaths.passkeySignInOptions, EmptyRequest, [PasskeyRequestOptionsResponse], 'public'),
  passkeySignIn: post(apiPaths.passkeySignIn, PasskeySignInRequest, [AuthStep], 'public'),
  bankidStart: post(apiPaths.bankidStart, EmptyRequest, [AuthStep], 'public'),
  bankidCollect: post(apiPaths.bankidCollect, BankIdOrderRequest, [AuthStep], 'public'),
  bankidCancel: post(apiPaths.bankidCancel, BankIdOrderRequest, [BankIdCancelResponse], 'public'),
  customerIdRegisterEmail: post(apiPaths.customerIdRegisterEmail, RegisterEmailRequest, [AuthStep], 'public'),
  customerIdSetCredentials: post(apiPaths.customerIdSetCredentials, SetCredentialsRequest, [AuthStep], 'public'),
  config: get(apiPaths.config, [PublicConfig], 'public'),
  health: get(apiPaths.health, [Health], 'public'),
  webauthnRelatedOrigins: get(apiPaths.webauthnRelatedOrigins, [WebAuthnRelatedOrigins], 'public'),
  jwks: get(apiPaths.jwks, [Jwks], 'public'),
  openIdConfiguration: get(apiPaths.openIdConfiguration, [OpenIdConfiguration], 'public'),

  // Signed in: the session, My details.
  session: get(apiPaths.session, [SessionInfo], 'session'),
  sessionToken: post(apiPaths.sessionToken, null, [SessionToken], 'session'),
  activeAccount: post(apiPaths.activeAccount, ChooseAccountRequest, [DoneStep], 'session'),
  profile: post(apiPaths.profile, UpdateProfileRequest, [UpdateProfileResponse], 'session'),
  changePassword: post(apiPaths.changePassword, ChangePasswordRequest, [ChangePasswordResponse], 'session'),
  reauth: post(apiPaths.reauth, ReauthRequest, [ReauthResponse], 'session'),
  reauthSend: post(apiPaths.reauthSend, ReauthSendRequest, [ReauthCodeSent], 'session'),
  security: get(apiPaths.security, [SecurityOverview], 'session'),
  totp: post(apiPaths.totp, EmptyRequest, [TotpSetup], 'session'),
  totpConfirm: post(apiPaths.totpConfirm, ConfirmCodeRequest, [SecurityOverview], 'session'),
  sms: post(apiPaths.sms, PhoneRequest, [PhoneCodeSent], 'session'),
  smsConfirm: post(apiPaths.smsConfirm, ConfirmCodeRequest, [SecurityOverview], 'session'),
  mfaDisable: post(apiPaths.mfaDisable, DisableMfaRequest, [SecurityOverview], 'session'),
  recoveryPhone: post(apiPaths.recoveryPhone, PhoneRequest, [PhoneCodeSent], 'session'),
  recoveryPhoneConfirm: post(apiPaths.recoveryPhoneConfirm, ConfirmCodeRequest, [SecurityOverview], 'session'),
  recoveryPhoneRemove: post(apiPaths.recoveryPhoneRemove, EmptyRequest, [SecurityOverview], 'session'),
  recoveryCodes: post(apiPaths.recoveryCodes, EmptyRequest, [RecoveryCodes], 'session'),
  trustedDeviceRevoke: post(apiPaths.trustedDeviceRevoke, RevokeTrustedDeviceRequest, [SecurityOverview], 'session'),
  passkeyRegistrationOptions: post(apiPaths.passkeyRegistrationOptions, EmptyRequest, [PasskeyCreationOptionsResponse], 'session'),
  passkeys: post(apiPaths.passkeys, AddPasskeyRequest, [SecurityOverview], 'session'),
  passkeyRename: post(apiPaths.passkeyRename, RenamePasskeyRequest, [SecurityOverview], 'session'),
  passkeyRemove: post(apiPaths.passkeyRemove, RemovePasskeyRequest, [SecurityOverview], 'session'),
  endOtherSessions: post(apiPaths.endOtherSessions, EmptyRequest, [EndOtherSessionsResponse], 'session'),
  sessions: get(apiPaths.sessions, [ActiveSessions], 'session'),
  sessionEnd: post(apiPaths.sessionEnd, EndSessionRequest, [ActiveSessions], 'session'),
  activity: get(apiPaths.activity, [ActivityPage], 'session'),
  accountActivity: get(apiPaths.accountActivity, [ActivityPage], 'session'),
  accountMembers: get(apiPaths.accountMembers, [AccountMembers], 'session'),
  accountMemberRole: post(apiPaths.accountMemberRole, ChangeMemberRoleRequest, [AccountMembers], 'session'),
  accountMemberRemove: post(apiPaths.accountMemberRemove, RemoveMemberRequest, [AccountMembers], 'session'),
  accountMemberInvite: post(apiPaths.accountMemberInvite, InviteMemberRequest, [InviteMemberResponse], 'session'),
  personalNumber: get(apiPaths.personalNumber, [PersonalNumberInfo], 'session'),
  setPersonalNumber: post(apiPaths.personalNumber, SetPersonalNumberRequest, [PersonalNumberInfo], 'session'),
  personalNumberRemove: post(apiPaths.personalNumberRemove, EmptyRequest, [PersonalNumberInfo], 'session'),
  linkCustomerId: post(apiPaths.linkCustomerId, LinkCustomerIdRequest, [LinkCustomerIdResponse], 'session'),

  // Host back ends.
  sessionsValidate: post(apiPaths.sessionsValidate, ValidateSessionRequest, [ValidateSessionAnswer], 'api_key'),

  // Administrators (admin API, CLI).
  adminUsers: get(apiPaths.adminUsers, [UserList], 'admin'),
  adminCreateUser: post(apiPaths.adminUsers, CreateUserRequest, [CreateUserResponse], 'admin'),
  adminInvitations: post(apiPaths.adminInvitations, CreateInvitationRequest, [CreateInvitationResponse], 'admin'),
  adminAccounts: post(apiPaths.adminAccounts, CreateCustomerAccountRequest, [CreateCustomerAccountResponse], 'admin'),
  adminAccountLinks: post(apiPaths.adminAccountLinks, LinkAccountRequest, [LinkAccountResponse], 'admin'),
  adminAccountUnlink: post(apiPaths.adminAccountUnlink, UnlinkAccountRequest, [UnlinkAccountResponse], 'admin'),
  adminAccountOnboard: post(apiPaths.adminAccountOnboard, OnboardRequest, [OnboardResponse], 'admin'),
  adminUnlock: post(apiPaths.adminUnlock, UnlockRequest, [UnlockResponse], 'admin'),
  adminActivity: get(apiPaths.adminActivity, [ActivityPage], 'admin'),
  adminUserSearch: get(apiPaths.adminUserSearch, [SupportSearchResult], 'admin'),
  adminUser: get(apiPaths.adminUser, [SupportUserView], 'admin'),
  adminUserResetFactors: post(apiPaths.adminUserResetFactors, EmptyRequest, [ResetFactorsResponse], 'admin'),
  adminUserDisable: post(apiPaths.adminUserDisable, EmptyRequest, [LoginStatusResponse], 'admin'),
  adminUserEnable: post(apiPaths.adminUserEnable, EmptyRequest, [LoginStatusResponse], 'admin'),
  adminKeys: get(apiPaths.adminKeys, [SigningKeyList], 'admin'),
  adminKeysRotate: post(apiPaths.adminKeysRotate, null, [RotateKeyResponse], 'admin'),
  adminKeysRevoke: post(apiPaths.adminKeysRevoke, RevokeKeyRequest, [SigningKeyList], 'admin'),
  adminWebhooks: get(apiPaths.adminWebhooks, [WebhookDeliveryList], 'admin'),
  adminWebhooksRetry: post(apiPaths.adminWebhooksRetry, RetryWebhooksRequest, [RetryWebhooksResponse], 'admin'),

  // Development servers only.
  devOutbox: get(apiPaths.devOutbox, [OutboxResponse], 'development'),
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;

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
