import {
  type ClientMethod,
  type EndpointAnswer,
  type EndpointName,
  type EndpointRequest,
  type EndpointRoute,
  browserEndpointRoutes,
  type endpointRoutes,
} from '@portico/contract';
import type {
  AccountMembers,
  ActivityPage,
  ActivityPageQuery,
  ActiveSessions,
  EndSessionRequest,
  ChangeMemberRoleRequest,
  InviteMemberRequest,
  InviteMemberResponse,
  RemoveMemberRequest,
  ErrorBody,
  AuthStep,
  BankIdCancelResponse,
  BankIdOrderRequest,
  ChallengeCodeRequest,
  ChallengePhoneRequest,
  ChallengeRequest,
  ChangePasswordRequest,
  ChangePasswordResponse,
  ChooseAccountRequest,
  ConfirmCodeRequest,
  DisableMfaRequest,
  DoneStep,
  EndOtherSessionsResponse,
  ForgotPasswordRequest,
  InspectLinkRequest,
  InvitationEmailRequest,
  LinkCustomerIdRequest,
  LinkCustomerIdResponse,
  MfaSendRequest,
  MfaStep,
  MfaVerifyRequest,
  AddPasskeyRequest,
  MfaPasskeyOptionsRequest,
  PasskeyCreationOptionsResponse,
  PasskeyRequestOptionsResponse,
  PasskeySignInRequest,
  RemovePasskeyRequest,
  RenamePasskeyRequest,
  PersonalNumberInfo,
  PhoneCodeSent,
  PhoneRequest,
  PublicConfig,
  ReauthCodeSent,
  ReauthRequest,
  ReauthResponse,
  ReauthSendRequest,
  RecoveryCodes,
  RegisterEmailRequest,
  RevokeTrustedDeviceRequest,
  SecurityOverview,
  SessionInfo,
  SessionToken,
  SetCredentialsRequest,
  SetPasswordRequest,
  SetPersonalNumberRequest,
  SignInRequest,
  SignOutResponse,
  SignUpRequest,
  TotpSetup,
  UpdateProfileRequest,
  UpdateProfileResponse,
  VerifyCodeRequest,
} from '@portico/contract';
import { PorticoApiError } from './errors.ts';

/** The contract schemas the API's answers match, by name, with what they parse to. */
export interface Answers {
  AccountMembers: AccountMembers;
  ActivityPage: ActivityPage;
  ActiveSessions: ActiveSessions;
  AuthStep: AuthStep;
  BankIdCancelResponse: BankIdCancelResponse;
  ChangePasswordResponse: ChangePasswordResponse;
  DoneStep: DoneStep;
  EndOtherSessionsResponse: EndOtherSessionsResponse;
  InviteMemberResponse: InviteMemberResponse;
  ErrorBody: ErrorBody;
  LinkCustomerIdResponse: LinkCustomerIdResponse;
  MfaStep: MfaStep;
  PasskeyCreationOptionsResponse: PasskeyCreationOptionsResponse;
  PasskeyRequestOptionsResponse: PasskeyRequestOptionsResponse;
  PersonalNumberInfo: PersonalNumberInfo;
  PhoneCodeSent: PhoneCodeSent;
  PublicConfig: PublicConfig;
  ReauthCodeSent: ReauthCodeSent;
  ReauthResponse: ReauthResponse;
  RecoveryCodes: RecoveryCodes;
  SecurityOverview: SecurityOverview;
  SessionInfo: SessionInfo;
  SessionToken: SessionToken;
  SignOutResponse: SignOutResponse;
  TotpSetup: TotpSetup;
  UpdateProfileResponse: UpdateProfileResponse;
}

export type AnswerSchemaName = keyof Answers;
type AnswerOf<Name extends AnswerSchemaName> = Answers[Name];

type Routes = typeof endpointRoutes;

/** The endpoints the browser client has a method for (their entry names one). */
type ClientEndpointName = { [Name in EndpointName]: Routes[Name] extends { client: ClientMethod } ? Name : never }[EndpointName];

/** The client method entry `Name` names. */
type ClientOf<Name extends ClientEndpointName> = Routes[Name] extends { client: infer Method extends ClientMethod } ? Method : never;

/** The method of endpoint `Name` as its entry makes it: what its `call` takes, and what the entry answers. */
type MethodOf<Name extends ClientEndpointName> = ClientOf<Name>['call'] extends 'get' | 'act'
  ? (options?: CallOptions) => Promise<EndpointAnswer<Name>>
  : ClientOf<Name>['call'] extends 'page'
    ? (query?: ActivityPageQuery, options?: CallOptions) => Promise<EndpointAnswer<Name>>
    : (request: EndpointRequest<Name>, options?: CallOptions) => Promise<EndpointAnswer<Name>>;

/** The methods `createPorticoClient` builds from the endpoint table, by name. */
type TableMethods = { [Name in ClientEndpointName as ClientOf<Name>['name']]: MethodOf<Name> };

// What the compiler checks of the table against this file: each entry names a schema of `Answers` that every answer
// its `endpoints` entry declares matches, and the table's methods are exactly `PorticoClient`'s (but the two written
// here). A mismatch names the entry or method in the error.
type WrongAnswerName = {
  [Name in ClientEndpointName]: ClientOf<Name>['answer'] extends AnswerSchemaName
    ? [EndpointAnswer<Name>] extends [AnswerOf<ClientOf<Name>['answer']>]
      ? never
      : Name
    : Name;
}[ClientEndpointName];
type WrittenHere = 'getSession' | 'getToken';
type MethodsNotInTable = Exclude<keyof PorticoClient, keyof TableMethods | WrittenHere>;
type MethodsNotInInterface = Exclude<keyof TableMethods, keyof PorticoClient>;
type Mismatches = { wrongAnswer: WrongAnswerName; notInTable: MethodsNotInTable; notInInterface: MethodsNotInInterface };
const tableAgreesWithClient: Mismatches extends { wrongAnswer: never; notInTable: never; notInInterface: never } ? true : Mismatches = true;
// Only a type is checked here; nothing of it is left at run time.
void tableAgreesWithClient;

/**
 * Checks an answer against the contract: given the name of the schema an answer must match (`'AuthStep'`,
 * `'ErrorBody'`, …) and the parsed JSON, returns whether it does. `validateWithContract` from
 * `@portico/client/validate` is one made of the contract's zod schemas.
 */
export type AnswerValidator = (schema: AnswerSchemaName, json: unknown) => boolean;

export interface PorticoClientOptions {
  /** Where the API lives, without a trailing slash; '' (the default) means the page's own origin. */
  baseUrl?: string;
  /** A fetch to use instead of the global one (tests, instrumented fetches, non-browser runtimes). */
  fetch?: typeof fetch;
  /**
   * Checks every answer against the contract's schemas; an answer that does not match rejects with `network_error`.
   * Without one, the client only checks that answers are JSON objects (and error answers carry a code), which keeps
   * zod (about 13 KB brotli) out of the browser bundles: the server's answers are checked against the same schemas
   * by its own tests and by the contract suite, which runs every flow on the server and the mock. Pass
   * `validateWithContract` (from `@portico/client/validate`) where the extra bytes do not matter (Node, tests).
   */
  validate?: AnswerValidator;
  /** The time in milliseconds (`Date.now` by default): when a cached session token counts as due for renewal. */
  now?: () => number;
}

/** What any call may take besides its request. */
export interface CallOptions {
  /**
   * Aborts the call: its request is cancelled and the call rejects (with the signal's reason, an `AbortError` by
   * default), e.g. when the element that made it leaves the page.
   */
  signal?: AbortSignal;
}

export interface PorticoClient {
  /** Resolves with the next step the server names; rejects with PorticoApiError. */
  signIn(request: SignInRequest, options?: CallOptions): Promise<AuthStep>;
  /** Ends the current session (harmless when there is none). */
  signOut(options?: CallOptions): Promise<SignOutResponse>;
  /** The current session, or null when signed out. */
  getSession(): Promise<SessionInfo | null>;
  /**
   * A session token (JWT) for the page's own API (`Authorization: Bearer`), or null when signed out. Cached, and
   * fetched anew a minute (or a fifth of its lifetime) before it expires, after any change made through this client
   * (an account switch, sign-out, a new factor), and after an answer that finds no session (401), so it always says
   * what is true now.
   */
  getToken(): Promise<string | null>;
  /** What the UI may know of the server's policy: preset, password rules, sign-up mode. */
  getConfig(options?: CallOptions): Promise<PublicConfig>;
  /**
   * Asks for a password-reset mail. Resolves with the `check_email` step for every address (whether it has an
   * account is not told), or `check_main_contact_email` for a customer ID; rejects with `rate_limited` while the
   * cooldown runs.
   */
  forgotPassword(request: ForgotPasswordRequest, options?: CallOptions): Promise<AuthStep>;
  /** What a mailed link (`#portico-link=<token>`) leads to, without using it up: normally the `set_password` step. */
  inspectLink(request: InspectLinkRequest, options?: CallOptions): Promise<AuthStep>;
  /** Sets a password through a mailed link: the `sign_in` step, or `weak_password` (with `rules`), `invalid_link`, `link_expired`. */
  setPassword(request: SetPasswordRequest, options?: CallOptions): Promise<AuthStep>;
  /** Changes the signed-in user's password; other sessions end. Rejects with `invalid_credentials` for a wrong current password. */
  changePassword(request: ChangePasswordRequest, options?: CallOptions): Promise<ChangePasswordResponse>;
  /** "My details": sets the signed-in user's name (an empty one or null clears it); resolves with the updated user. */
  updateProfile(request: UpdateProfileRequest, options?: CallOptions): Promise<UpdateProfileResponse>;
  /**
   * Starts a self sign-up: the `verify_email` step (a code was mailed; the policy's sign-up mode is `code`) or the
   * `check_email` step (a link was mailed; mode `link`). Rejects with `sign_up_closed`, `email_domain_not_allowed`
   * or `rate_limited`.
   */
  signUp(request: SignUpRequest, options?: CallOptions): Promise<AuthStep>;
  /** Checks a mailed sign-up code: the `set_password` step (purpose `sign_up`); or `invalid_code`, `code_expired`, `too_many_attempts`. */
  verifySignUpCode(request: VerifyCodeRequest, options?: CallOptions): Promise<AuthStep>;
  /** After an invitation's welcome link (`enter_email` step): the invited address; `check_email`, or `email_mismatch`. */
  submitInvitationEmail(request: InvitationEmailRequest, options?: CallOptions): Promise<AuthStep>;

  // Passkeys (where the policy offers them: `passkeys` in getConfig()).

  /**
   * Options for `navigator.credentials.get` to sign in with a passkey (the button, or conditional mediation in the
   * e-mail field's autofill). The challenge belongs to this browser (a cookie) and works once, for five minutes.
   */
  getPasskeySignInOptions(options?: CallOptions): Promise<PasskeyRequestOptionsResponse>;
  /**
   * Signs in with the passkey's answer: `done` or `choose_account` (a passkey with user verification is two factors:
   * no `mfa` step). Rejects with `passkey_unknown` (not registered here, or removed), `passkey_invalid`,
   * `passkey_expired` (ask for new options), `rate_limited`.
   */
  signInWithPasskey(request: PasskeySignInRequest, options?: CallOptions): Promise<AuthStep>;

  // Two-factor authentication at sign-in (the `mfa` and `mfa_setup` steps, identified by their `challenge`).

  /** Checks the `mfa` step's code (or a recovery code): normally the `done` step; `invalid_code`, `code_expired`, `too_many_attempts`, `mfa_expired`. */
  verifyMfa(request: MfaVerifyRequest, options?: CallOptions): Promise<AuthStep>;
  /** Sends a code by SMS or e-mail (switching channel, or again on the same one): the `mfa` step anew; `rate_limited`, `mfa_expired`. */
  sendMfaCode(request: MfaSendRequest, options?: CallOptions): Promise<MfaStep>;
  /** `mfa` step with the `webauthn` channel: options for `navigator.credentials.get`; `mfa_expired`, `method_not_allowed`. */
  getMfaPasskeyOptions(request: MfaPasskeyOptionsRequest, options?: CallOptions): Promise<PasskeyRequestOptionsResponse>;
  /** `mfa_setup` step: starts the app method; the secret and its `otpauth://` URI. */
  startChallengeTotpSetup(request: ChallengeRequest, options?: CallOptions): Promise<TotpSetup>;
  /** `mfa_setup` step: enables the app method with a code from it; the `done` step. */
  confirmChallengeTotpSetup(request: ChallengeCodeRequest, options?: CallOptions): Promise<AuthStep>;
  /** `mfa_setup` step: texts a code to `phone`; `invalid_phone`, `rate_limited`. */
  startChallengeSmsSetup(request: ChallengePhoneRequest, options?: CallOptions): Promise<PhoneCodeSent>;
  /** `mfa_setup` step: enables SMS with the texted code; the `done` step. */
  confirmChallengeSmsSetup(request: ChallengeCodeRequest, options?: CallOptions): Promise<AuthStep>;

  // Two-factor authentication in the profile (signed in). Changes need a recent sign-in or `reauthenticate`, else
  // they reject with `reauth_required`.

  /** Confirms it is the user ("sudo mode") with the password or a current code; `invalid_credentials`, `invalid_code`. */
  reauthenticate(request: ReauthRequest, options?: CallOptions): Promise<ReauthResponse>;
  /** Sends a code by SMS or e-mail for `reauthenticate({ channel, code })` (users who re-authenticate with a code). */
  sendReauthCode(request: ReauthSendRequest, options?: CallOptions): Promise<ReauthCodeSent>;
  /** The profile's two-factor section: methods, recovery phone and codes, trusted devices. */
  getSecurity(options?: CallOptions): Promise<SecurityOverview>;
  /** Starts the app method: the secret and its `otpauth://` URI. */
  startTotpSetup(options?: CallOptions): Promise<TotpSetup>;
  /** Enables the app method with a code from it; `invalid_code`. */
  confirmTotpSetup(request: ConfirmCodeRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Texts a code to `phone` to enable SMS; `invalid_phone`, `rate_limited`, `method_not_allowed`. */
  startSmsSetup(request: PhoneRequest, options?: CallOptions): Promise<PhoneCodeSent>;
  /** Enables SMS with the texted code; `invalid_code`, `code_expired`, `too_many_attempts`. */
  confirmSmsSetup(request: ConfirmCodeRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Turns a method off; `factor_required` when the policy needs a second factor and this is the last. */
  disableMfa(request: DisableMfaRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Texts a code to a recovery phone number; `invalid_phone`, `rate_limited`. */
  addRecoveryPhone(request: PhoneRequest, options?: CallOptions): Promise<PhoneCodeSent>;
  /** Verifies the recovery phone number with the texted code. */
  confirmRecoveryPhone(request: ConfirmCodeRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Removes the recovery phone number. */
  removeRecoveryPhone(options?: CallOptions): Promise<SecurityOverview>;
  /** Ten new recovery codes, shown once; the earlier ones stop working. */
  generateRecoveryCodes(options?: CallOptions): Promise<RecoveryCodes>;
  /** Stops trusting a device: it is asked for a code at its next sign-in. */
  revokeTrustedDevice(request: RevokeTrustedDeviceRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Options for `navigator.credentials.create` to add a passkey or security key; `reauth_required`, `method_not_allowed`. */
  getPasskeyRegistrationOptions(options?: CallOptions): Promise<PasskeyCreationOptionsResponse>;
  /** Adds the new passkey (mails the user a notice); `passkey_invalid`, `passkey_expired`, `conflict` (already added), `reauth_required`. */
  addPasskey(request: AddPasskeyRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Renames a passkey; `not_found`. */
  renamePasskey(request: RenamePasskeyRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Removes a passkey (mails the user a notice): it signs in no more; `reauth_required`, `not_found`. */
  removePasskey(request: RemovePasskeyRequest, options?: CallOptions): Promise<SecurityOverview>;
  /** Ends every other session of the signed-in user; how many ended. */
  endOtherSessions(options?: CallOptions): Promise<EndOtherSessionsResponse>;
  /**
   * The signed-in user's recent activity (sign-ins, failed ones, changes of password, factors, accounts), newest
   * first; `{ before: page.nextBefore }` for the next page, `limit` 1–100 (20).
   */
  getActivity(query?: ActivityPageQuery, options?: CallOptions): Promise<ActivityPage>;
  /** The active account's activity, for its owners (`role_forbidden` otherwise); paged as `getActivity`. */
  getAccountActivity(query?: ActivityPageQuery, options?: CallOptions): Promise<ActivityPage>;
  /** Where the signed-in user is signed in: device, address, sign-in and last use, the current one marked. */
  getSessions(options?: CallOptions): Promise<ActiveSessions>;
  /** Signs one of the user's other sessions out (by its `id`); resolves with the list as it is now; `not_found`. */
  endSession(request: EndSessionRequest, options?: CallOptions): Promise<ActiveSessions>;

  // Customer accounts (signed in).

  /**
   * Chooses the account the session works in: after the `choose_account` step, or to switch later without signing
   * in again. Resolves with the `done` step (its `activeAccount` the one chosen); `not_found` for an account the user
   * is not linked to, `unauthenticated` without a session.
   */
  chooseAccount(request: ChooseAccountRequest, options?: CallOptions): Promise<DoneStep>;
  /**
   * Links an account to the signed-in user by its old customer-ID login (customer-ID migration): the customer ID and its password.
   * Rejects with `invalid_credentials` for a wrong pair and `customer_id_migrated` once the ID has an e-mail login.
   */
  linkCustomerId(request: LinkCustomerIdRequest, options?: CallOptions): Promise<LinkCustomerIdResponse>;
  /**
   * The people of the active account (owners, admins, members; with their last sign-in), for its owners and admins.
   * Rejects with `role_forbidden` for a member and `no_active_account` before an account is chosen.
   */
  getAccountMembers(options?: CallOptions): Promise<AccountMembers>;
  /**
   * Gives someone of the active account another role; resolves with the people as they are now. Rejects with
   * `role_forbidden` (an admin acting on an owner or making one), `last_owner`, or `not_found` (not in the account).
   */
  changeMemberRole(request: ChangeMemberRoleRequest, options?: CallOptions): Promise<AccountMembers>;
  /** Unlinks someone from the active account (their login stays); rejects as `changeMemberRole`. */
  removeMember(request: RemoveMemberRequest, options?: CallOptions): Promise<AccountMembers>;
  /**
   * Invites a colleague by e-mail to the active account with a role (owners and admins; an admin never as owner):
   * the mail's link links them when they accept, creating their login if needed. Rejects with `role_forbidden`,
   * `already_member`, `rate_limited`.
   */
  inviteMember(request: InviteMemberRequest, options?: CallOptions): Promise<InviteMemberResponse>;

  /** "My details": the signed-in user's personnummer, masked (null if none). */
  getPersonalNumber(options?: CallOptions): Promise<PersonalNumberInfo>;
  /**
   * Sets the personnummer BankID signs in with (10 or 12 digits; samordningsnummer too). Rejects with
   * `invalid_personal_number`, `reauth_required` (re-authenticate first), or `conflict` (another login has it).
   */
  setPersonalNumber(request: SetPersonalNumberRequest, options?: CallOptions): Promise<PersonalNumberInfo>;
  /** Removes the personnummer: BankID no longer signs this user in. Needs a recent sign-in (`reauth_required`). */
  removePersonalNumber(options?: CallOptions): Promise<PersonalNumberInfo>;

  // BankID sign-in (leasing portal).

  /** Starts a BankID order: the `bankid` step (QR content, "open on this device" link, message). `bankid_unavailable`. */
  startBankId(options?: CallOptions): Promise<AuthStep>;
  /**
   * Polls the order (every `pollAfterMs`): the `bankid` step again (a new QR each second), or, once BankID approved,
   * `done` / `choose_account`. Rejects with `bankid_unknown_user` when no user has added the personnummer.
   */
  collectBankId(request: BankIdOrderRequest, options?: CallOptions): Promise<AuthStep>;
  /**
   * Cancels the order (the user left or chose another way). Harmless for an order that is over. A keepalive request,
   * so it also reaches the server when sent as the page is left.
   */
  cancelBankId(request: BankIdOrderRequest, options?: CallOptions): Promise<BankIdCancelResponse>;

  // Old customer-ID logins (customer-ID migration), after signIn answered `register_email`.

  /**
   * Registers a user e-mail address for the customer ID: resolves with `check_email` whether or not the address has a
   * login; the mail's link leads to `set_credentials`. `invalid_link` or `link_expired` once the ticket is stale.
   */
  registerCustomerIdEmail(request: RegisterEmailRequest, options?: CallOptions): Promise<AuthStep>;
  /**
   * Completes `set_credentials`: a new password (it must differ from the customer ID's; `weak_password` with
   * `notCurrent` otherwise), or the existing login's password. Resolves with `sign_in` (notice `registered` or
   * `account_linked`).
   */
  setCustomerIdCredentials(request: SetCredentialsRequest, options?: CallOptions): Promise<AuthStep>;
  /**
   * Completes any `set_credentials` step (a customer ID's new e-mail login, an order's onboarding, a colleague's
   * invitation): the new password and, where the step has `askName`, the name (`invalid_request` naming `name`
   * without it); or the existing login's password (`invalid_credentials` when wrong). Resolves with `sign_in`
   * (notice `registered` or `account_linked`).
   */
  setCredentials(request: SetCredentialsRequest, options?: CallOptions): Promise<AuthStep>;
}

/** A typed, framework-free client of the Portico API, typed by the contract (see `validate` for runtime checks). */
export function createPorticoClient(options: PorticoClientOptions = {}): PorticoClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  // Looked up at call time, not captured: a fetch wrapped later (instrumentation, msw) must still be used.
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const validate = options.validate ?? isJsonObject;
  const now = options.now ?? Date.now;
  /** The last token fetched (or being fetched), and when it should be replaced. */
  let token: { value: Promise<string | null>; renewAt: number } | null = null;

  /** A 2xx answer matching `schema`; anything else becomes a PorticoApiError. */
  async function parse<Name extends AnswerSchemaName>(response: Response, schema: Name): Promise<AnswerOf<Name>> {
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw networkError(`The Portico API answered ${response.status} without a JSON body.`);
    }
    if (!response.ok) {
      if (!validate('ErrorBody', json) || !isErrorBody(json)) {
        throw networkError(`The Portico API answered ${response.status} with an unknown body.`);
      }
      const { code, message, ...extra } = json.error;
      throw new PorticoApiError(response.status, code, message, extra);
    }
    if (!validate(schema, json)) throw networkError(`The Portico API answered ${response.status} with an unexpected body.`);
    return json as AnswerOf<Name>;
  }

  /** The method of the table entry `route`: it sends what its `call` says to the entry's path and checks its answer. */
  function methodOf(route: EndpointRoute & { client: ClientMethod }): (...args: never[]) => Promise<unknown> {
    const { path, client } = route;
    const answer = client.answer as AnswerSchemaName;
    switch (client.call) {
      case 'get':
        return async (options?: CallOptions) => parse(await send(path, undefined, false, options?.signal), answer);
      case 'page':
        return async (query: ActivityPageQuery = {}, options?: CallOptions) => {
          const params = new URLSearchParams();
          if (query.before !== undefined) params.set('before', query.before);
          if (query.limit !== undefined) params.set('limit', `${Number(query.limit)}`);
          const search = params.toString();
          return parse(await send(search ? `${path}?${search}` : path, undefined, false, options?.signal), answer);
        };
      case 'act':
        // Every state change is a JSON body (see `send`), even one with nothing in it.
        return async (options?: CallOptions) => parse(await send(path, {}, false, options?.signal), answer);
      case 'post':
      case 'keepalive':
        return async (request: object = {}, options?: CallOptions) => parse(await send(path, request, client.call === 'keepalive', options?.signal), answer);
    }
  }

  async function fetchToken(entry: { renewAt: number }): Promise<string | null> {
    const response = await send(browserEndpointRoutes.sessionToken.path, {});
    if (response.status === 401) {
      await response.text().catch(() => undefined);
      return null;
    }
    const issued = await parse(response, 'SessionToken');
    const expiresAt = Date.parse(issued.expiresAt);
    // Renewed ahead of expiry, so a request made with it does not arrive after it lapsed.
    entry.renewAt = expiresAt - Math.min(60_000, (expiresAt - now()) / 5);
    return issued.token;
  }

  /** Whether a 401 says the session was renewed by another request a moment ago (its body left unread). */
  async function renewedMeanwhile(response: Response): Promise<boolean> {
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { error?: { code?: unknown } } | null;
    return body?.error?.code === 'session_renewed';
  }

  /** `keepalive`: the request outlives the page (sent as it is left). `signal`: aborts it. */
  async function send(path: string, jsonBody?: unknown, keepalive = false, signal?: AbortSignal): Promise<Response> {
    // Any change may change what a token says (account, factors) or end the session: the next one is fetched anew.
    if (jsonBody !== undefined && path !== browserEndpointRoutes.sessionToken.path) token = null;
    const init: RequestInit = {
      // The session lives in an HttpOnly cookie; 'include' also sends it when the API is on another origin.
      credentials: 'include',
      headers: { accept: 'application/json' },
    };
    if (signal) init.signal = signal;
    if (jsonBody !== undefined) {
      // The server's CSRF guard accepts state changes only as JSON bodies.
      init.method = 'POST';
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
      init.body = JSON.stringify(jsonBody);
      init.keepalive = keepalive;
    }
    let response: Response;
    try {
      response = await fetchFn(`${baseUrl}${path}`, init);
    } catch {
      // Aborted by its caller: not a network failure, and said as the caller's signal says it.
      if (signal?.aborted) throw signal.reason;
      throw networkError('The Portico API could not be reached.');
    }
    // No session (any more): a cached token would say otherwise.
    if (response.status === 401 && path !== browserEndpointRoutes.sessionToken.path) token = null;
    return response;
  }

  // Every method but the two below is its entry's in the endpoint table, checked against this interface by the
  // compiler (`TableMethods`): a new endpoint with a `client` entry is a new method here.
  const methods: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const route of Object.values<EndpointRoute>(browserEndpointRoutes))
    if (route.client) methods[route.client.name] = methodOf({ ...route, client: route.client });
  return {
    ...(methods as unknown as TableMethods),
    async getSession() {
      const response = await send(browserEndpointRoutes.session.path);
      // `session_renewed`: asked with the token another request of the page renewed a moment ago; not "signed out",
      // so it is thrown (ask again) rather than answered as no session.
      if (response.status === 401 && !(await renewedMeanwhile(response))) {
        // Drain the body: an unread response keeps the request open in the browser (and its connection busy).
        await response.text().catch(() => undefined);
        return null;
      }
      return parse(response, 'SessionInfo');
    },
    getToken() {
      if (!token || now() >= token.renewAt) {
        const fetching: { value: Promise<string | null>; renewAt: number } = { value: Promise.resolve(null), renewAt: Infinity };
        fetching.value = fetchToken(fetching);
        token = fetching;
        // Neither a failure nor "signed out" is kept: the next call asks again.
        fetching.value.then(
          (value) => value === null && token === fetching && (token = null),
          () => token === fetching && (token = null),
        );
      }
      return token.value;
    },
  };
}

/** The least any answer is: a JSON object. */
function isJsonObject(_schema: AnswerSchemaName, json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/** An error answer's shape, checked by hand so that the default path needs no schema library. */
function isErrorBody(json: unknown): json is ErrorBody {
  if (typeof json !== 'object' || json === null || !('error' in json)) return false;
  const { error } = json;
  return (
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && 'message' in error && typeof error.message === 'string'
  );
}

function networkError(message: string): PorticoApiError {
  return new PorticoApiError(0, 'network_error', message);
}
