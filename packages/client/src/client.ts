import {
  apiPaths,
  AuthStep,
  type ChangePasswordRequest,
  ChangePasswordResponse,
  ErrorBody,
  type ForgotPasswordRequest,
  type InspectLinkRequest,
  type InvitationEmailRequest,
  PublicConfig,
  SessionInfo,
  type SetPasswordRequest,
  SignOutResponse,
  type SignInRequest,
  type SignUpRequest,
  type UpdateProfileRequest,
  UpdateProfileResponse,
  type VerifyCodeRequest,
} from '@portico/contract';
import { PorticoApiError } from './errors.ts';

/** What the client needs of a contract schema (so it needs no zod types of its own). */
interface Schema<Output> {
  safeParse(input: unknown): { success: true; data: Output } | { success: false };
}

export interface PorticoClientOptions {
  /** Where the API lives, without a trailing slash; '' (the default) means the page's own origin. */
  baseUrl?: string;
  /** A fetch to use instead of the global one (tests, instrumented fetches, non-browser runtimes). */
  fetch?: typeof fetch;
}

export interface PorticoClient {
  /** Resolves with the next step the server names; rejects with PorticoApiError. */
  signIn(request: SignInRequest): Promise<AuthStep>;
  /** Ends the current session (harmless when there is none). */
  signOut(): Promise<SignOutResponse>;
  /** The current session, or null when signed out. */
  getSession(): Promise<SessionInfo | null>;
  /** What the UI may know of the server's policy: preset, password rules, sign-up mode. */
  getConfig(): Promise<PublicConfig>;
  /**
   * Asks for a password-reset mail. Resolves with the `check_email` step for every address (whether it has an
   * account is not told); rejects with `rate_limited` while the address's cooldown runs.
   */
  forgotPassword(request: ForgotPasswordRequest): Promise<AuthStep>;
  /** What a mailed link (`#portico-link=<token>`) leads to, without using it up: normally the `set_password` step. */
  inspectLink(request: InspectLinkRequest): Promise<AuthStep>;
  /** Sets a password through a mailed link: the `sign_in` step, or `weak_password` (with `rules`), `invalid_link`, `link_expired`. */
  setPassword(request: SetPasswordRequest): Promise<AuthStep>;
  /** Changes the signed-in user's password; other sessions end. Rejects with `invalid_credentials` for a wrong current password. */
  changePassword(request: ChangePasswordRequest): Promise<ChangePasswordResponse>;
  /** "My details": sets the signed-in user's name (an empty one or null clears it); resolves with the updated user. */
  updateProfile(request: UpdateProfileRequest): Promise<UpdateProfileResponse>;
  /**
   * Starts a self sign-up: the `verify_email` step (a code was mailed; the policy's sign-up mode is `code`) or the
   * `check_email` step (a link was mailed; mode `link`). Rejects with `sign_up_closed`, `email_domain_not_allowed`
   * or `rate_limited`.
   */
  signUp(request: SignUpRequest): Promise<AuthStep>;
  /** Checks a mailed sign-up code: the `set_password` step (purpose `sign_up`); or `invalid_code`, `code_expired`, `too_many_attempts`. */
  verifySignUpCode(request: VerifyCodeRequest): Promise<AuthStep>;
  /** After an invitation's welcome link (`enter_email` step): the invited address; `check_email`, or `email_mismatch`. */
  submitInvitationEmail(request: InvitationEmailRequest): Promise<AuthStep>;
}

/** A typed, framework-free client of the Portico API. Every answer is parsed with the contract's schemas. */
export function createPorticoClient(options: PorticoClientOptions = {}): PorticoClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  // Looked up at call time, not captured: a fetch wrapped later (instrumentation, msw) must still be used.
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(path: string, jsonBody?: unknown): Promise<Response> {
    const init: RequestInit = {
      // The session lives in an HttpOnly cookie; 'include' also sends it when the API is on another origin.
      credentials: 'include',
      headers: { accept: 'application/json' },
    };
    if (jsonBody !== undefined) {
      // The server's CSRF guard accepts state changes only as JSON bodies.
      init.method = 'POST';
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
      init.body = JSON.stringify(jsonBody);
    }
    try {
      return await fetchFn(`${baseUrl}${path}`, init);
    } catch {
      throw networkError('The Portico API could not be reached.');
    }
  }

  return {
    async signIn(request) {
      return parse(await send(apiPaths.signIn, request), AuthStep);
    },
    async signOut() {
      return parse(await send(apiPaths.signOut, {}), SignOutResponse);
    },
    async getSession() {
      const response = await send(apiPaths.session);
      if (response.status === 401) {
        // Drain the body: an unread response keeps the request open in the browser (and its connection busy).
        await response.text().catch(() => undefined);
        return null;
      }
      return parse(response, SessionInfo);
    },
    async getConfig() {
      return parse(await send(apiPaths.config), PublicConfig);
    },
    async forgotPassword(request) {
      return parse(await send(apiPaths.forgotPassword, request), AuthStep);
    },
    async inspectLink(request) {
      return parse(await send(apiPaths.inspectLink, request), AuthStep);
    },
    async setPassword(request) {
      return parse(await send(apiPaths.setPassword, request), AuthStep);
    },
    async changePassword(request) {
      return parse(await send(apiPaths.changePassword, request), ChangePasswordResponse);
    },
    async updateProfile(request) {
      return parse(await send(apiPaths.profile, request), UpdateProfileResponse);
    },
    async signUp(request) {
      return parse(await send(apiPaths.signUp, request), AuthStep);
    },
    async verifySignUpCode(request) {
      return parse(await send(apiPaths.signUpVerify, request), AuthStep);
    },
    async submitInvitationEmail(request) {
      return parse(await send(apiPaths.invitationEmail, request), AuthStep);
    },
  };
}

/** A 2xx answer parsed with `schema`; anything else becomes a PorticoApiError. */
async function parse<Output>(response: Response, schema: Schema<Output>): Promise<Output> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw networkError(`The Portico API answered ${response.status} without a JSON body.`);
  }
  if (!response.ok) {
    const parsedError = ErrorBody.safeParse(json);
    if (!parsedError.success) throw networkError(`The Portico API answered ${response.status} with an unknown body.`);
    const { code, message, ...extra } = parsedError.data.error;
    throw new PorticoApiError(response.status, code, message, extra);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw networkError(`The Portico API answered ${response.status} with an unexpected body.`);
  return parsed.data;
}

function networkError(message: string): PorticoApiError {
  return new PorticoApiError(0, 'network_error', message);
}
