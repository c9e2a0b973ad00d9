import {
  apiPaths,
  AuthStep,
  type CustomerAccount,
  type AdminEndpointName,
  type CustomerAccountSummary,
  type EndpointAnswer,
  type EndpointRequest,
  ErrorBody,
  OutboxResponse,
  PersonalNumberInfo,
  type Policy,
  PhoneCodeSent,
  SecurityOverview,
  TotpSetup,
} from '@portico/contract';
import { createAdminClient, PorticoApiError } from '@portico/client/admin';
import type { Clock } from '@portico/server/ports';
import { authenticatorAppCode } from './authenticator-app.ts';
import { CookieJar } from './cookie-jar.ts';

/**
 * The seeded users: one per kind of sign-in the seeds describe. The same function seeds the mock and a real
 * development server, through the API alone (the admin API for users and accounts, then each user's own requests
 * for their second factor or personnummer), so both hold the same people and the contract tests can run the same
 * flows on either.
 */

/** Sends one request to the API as one browser would: keeping the cookies of earlier answers. */
export type SendRequest = (request: Request) => Promise<Response>;

export interface SeedTarget {
  /** Where the API is, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  origin: string;
  /** A new browser, with no cookies yet (each seeded user signs in in one of their own). */
  newBrowser(): SendRequest;
  /** A bearer token the admin API accepts. */
  adminToken: string;
  /** The policy the backend follows: which scenarios it can hold. */
  policy: Policy;
  /** The backend's clock, for the authenticator-app codes. */
  clock: Clock;
}

export interface PasswordScenario {
  email: string;
  password: string;
}

/** Signs in with an authenticator app (two-step verification): the `mfa` step, then `totpCode()`. */
export interface TotpScenario extends PasswordScenario {
  /** The app's shared secret (base32). */
  secret: string;
  /**
   * The code the app shows at the backend's time (or `at`). A code works once: a second sign-in within the same
   * 30 seconds needs the clock moved on (`clock.advance(30)` on the mock), as it would in life.
   */
  totpCode(at?: Date): string;
}

/** Signs in with a texted code (two-step verification): the `mfa` step; the code is in the outbox for `phone`. */
export interface SmsScenario extends PasswordScenario {
  /** E.164. */
  phone: string;
}

/** Linked to several customer accounts (order onboarding): the `choose_account` step after the password. */
export interface AccountsScenario extends PasswordScenario {
  accounts: CustomerAccount[];
}

/**
 * One customer account and three of its people, one per role: the owner and the admin see and manage the others
 * under My details (`<portico-account-members>`); the member sees who manages the account instead.
 */
export interface TeamScenario {
  account: CustomerAccountSummary;
  owner: PasswordScenario;
  admin: PasswordScenario;
  member: PasswordScenario;
}

/** An old customer-ID login (customer-ID migration): signing in with it leads to the `register_email` step. */
export interface CustomerIdScenario {
  customerId: string;
  password: string;
  /** Where the customer ID's password reset goes. */
  mainContactEmail: string;
  name: string;
}

/** Has added a personnummer (leasing portal): "Sign in with BankID", then the test phone approves. */
export interface BankIdScenario extends PasswordScenario {
  /** 12 digits. */
  personalNumber: string;
  /** The person identifies themselves in the BankID app: completes the newest pending order (or `orderRef`). */
  approve(orderRef?: string): Promise<void>;
  /** The app has the order and asks for the security code (hint `userSign`). */
  open(orderRef?: string): Promise<void>;
  /** The person pressed Cancel in the app (`userCancel`). */
  cancel(orderRef?: string): Promise<void>;
}

/**
 * Every scenario the policy allows; `null` where it does not (no app or SMS where the policy allows neither method,
 * no customer-ID login where those are off, no BankID where it is off).
 */
export interface Scenarios {
  plain: PasswordScenario;
  totp: TotpScenario | null;
  sms: SmsScenario | null;
  accounts: AccountsScenario;
  team: TeamScenario;
  customerId: CustomerIdScenario | null;
  bankid: BankIdScenario | null;
}

/** The fixed data of the scenarios: the same on every backend, so docs and tests can name them. */
export const scenarioData = {
  plain: { email: 'plain@portico.test', password: 'Plain-Portico-2026!' },
  totp: { email: 'totp@portico.test', password: 'Authenticator-App-2026!' },
  sms: { email: 'sms@portico.test', password: 'Text-Message-2026!', phone: '+46701740605' },
  accounts: {
    email: 'accounts@portico.test',
    password: 'Several-Accounts-2026!',
    accounts: [
      { customerId: 'SG123456789', name: 'Lim Trading Pte Ltd', role: 'owner' },
      { customerId: 'DE123456789', name: 'Berg Hosting GmbH', role: 'owner' },
    ],
  },
  team: {
    account: { customerId: 'SE556012345', name: 'Team Leasing AB' },
    owner: { email: 'owner@portico.test', password: 'Account-Owner-2026!' },
    admin: { email: 'admin@portico.test', password: 'Account-Admin-2026!' },
    member: { email: 'member@portico.test', password: 'Account-Member-2026!' },
  },
  customerId: {
    customerId: 'NL123421341',
    password: 'Old-Customer-Login-2026!',
    mainContactEmail: 'main.contact@portico.test',
    name: 'Berg Hosting BV',
  },
  bankid: { email: 'bankid@portico.test', password: 'Bank-Identity-2026!', personalNumber: '199001011239' },
} as const;

/** The path the local BankID test server is mounted under, on the mock as on a development server. */
export const bankIdTestPath = '/bankid-test';

export class SeedError extends Error {
  override name = 'SeedError';
}

/** Creates every scenario the policy allows on an empty backend, and describes them. */
export async function seedScenarios(target: SeedTarget): Promise<Scenarios> {
  const { policy } = target;
  const methods = new Set(policy.mfa.methods);
  const send = target.newBrowser();
  const adminClient = createAdminClient({
    baseUrl: target.origin,
    token: target.adminToken,
    fetch: (input, init) => send(new Request(input, init)),
  });
  /** An admin call typed by its endpoint-table entry; a refusal names what seeding was doing. */
  const admin = async <Name extends AdminEndpointName>(name: Name, body: EndpointRequest<Name>, what: string): Promise<EndpointAnswer<Name>> => {
    try {
      return await adminClient.call(name, { body });
    } catch (error) {
      throw new SeedError(`Seeding failed while ${what}: ${error instanceof PorticoApiError ? `${error.status} ${error.code}` : String(error)}`);
    }
  };

  const createUser = async ({ email, password }: PasswordScenario) => {
    await admin('adminCreateUser', { email, password }, `creating ${email}`);
  };

  await createUser(scenarioData.plain);

  const { accounts: accountData } = scenarioData;
  await createUser(accountData);
  for (const { customerId, name, role } of accountData.accounts) {
    await admin('adminAccounts', { customerId, name, mainContactEmail: accountData.email }, `creating ${customerId}`);
    await admin('adminAccountLinks', { customerId, email: accountData.email, role }, `linking ${customerId}`);
  }

  const { team } = scenarioData;
  await admin('adminAccounts', { ...team.account, mainContactEmail: team.owner.email }, `creating ${team.account.customerId}`);
  for (const role of ['owner', 'admin', 'member'] as const) {
    await createUser(team[role]);
    const linked = { customerId: team.account.customerId, email: team[role].email, role };
    await admin('adminAccountLinks', linked, `linking ${team[role].email}`);
  }

  let customerId: CustomerIdScenario | null = null;
  if (policy.customerIdLogin) {
    const data = scenarioData.customerId;
    await admin(
      'adminAccounts',
      { customerId: data.customerId, name: data.name, mainContactEmail: data.mainContactEmail, legacyPassword: data.password },
      `creating ${data.customerId}`,
    );
    customerId = { ...data };
  }

  let totp: TotpScenario | null = null;
  if (methods.has('totp')) {
    const data = scenarioData.totp;
    await createUser(data);
    const session = await signedIn(target, data);
    const { secret } = TotpSetup.parse(await expectOk(await session.post(apiPaths.totp, {}), 'starting the app method'));
    // Confirmed with the previous time step's code (one step of drift is accepted), so that the code of the current
    // step, which a test signs in with next, is not refused as a replay of the one used here.
    const earlier = new Date(target.clock.now().getTime() - 30_000);
    let confirmed = await session.post(apiPaths.totpConfirm, { code: authenticatorAppCode(secret, earlier) });
    if (confirmed.status !== 200) confirmed = await session.post(apiPaths.totpConfirm, { code: authenticatorAppCode(secret, target.clock.now()) });
    SecurityOverview.parse(await expectOk(confirmed, 'confirming the app method'));
    await session.signOut();
    totp = { ...data, secret, totpCode: (at) => authenticatorAppCode(secret, at ?? target.clock.now()) };
  }

  let sms: SmsScenario | null = null;
  if (methods.has('sms')) {
    const data = scenarioData.sms;
    await createUser(data);
    const session = await signedIn(target, data);
    PhoneCodeSent.parse(await expectOk(await session.post(apiPaths.sms, { phone: data.phone }), 'texting the setup code'));
    const code = await latestCode(send, target.origin, data.phone);
    SecurityOverview.parse(await expectOk(await session.post(apiPaths.smsConfirm, { code }), 'confirming the phone'));
    await session.signOut();
    sms = { ...data };
  }

  let bankid: BankIdScenario | null = null;
  if (policy.bankid) {
    const data = scenarioData.bankid;
    await createUser(data);
    const session = await signedIn(target, data);
    PersonalNumberInfo.parse(await expectOk(await session.post(apiPaths.personalNumber, { personalNumber: data.personalNumber }), 'adding the personnummer'));
    await session.signOut();
    const act = (action: 'approve' | 'open' | 'cancel') => async (orderRef?: string) => {
      const body = { action, ...(orderRef ? { orderRef } : {}), ...(action === 'cancel' ? {} : { personalNumber: data.personalNumber }) };
      await expectOk(await call(send, target.origin, `${bankIdTestPath}/test-phone/act`, body), `BankID test phone: ${action}`);
    };
    bankid = { ...data, approve: act('approve'), open: act('open'), cancel: act('cancel') };
  }

  return {
    plain: { ...scenarioData.plain },
    totp,
    sms,
    accounts: { email: accountData.email, password: accountData.password, accounts: accountData.accounts.map((a) => ({ ...a })) },
    team: { account: { ...team.account }, owner: { ...team.owner }, admin: { ...team.admin }, member: { ...team.member } },
    customerId,
    bankid,
  };
}

/** POSTs JSON (or GETs, without a body) to the API. */
function call(send: SendRequest, origin: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = { headers: { accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  return send(new Request(`${origin}${path}`, init));
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = ErrorBody.safeParse(body);
  throw new SeedError(`Seeding failed while ${what}: ${response.status} ${error.success ? error.data.error.code : JSON.stringify(body)}`);
}

/** Signs a seeded user in with the password, in a browser of their own; the session is fresh (no re-authentication asked). */
async function signedIn(target: SeedTarget, { email, password }: PasswordScenario) {
  const send = target.newBrowser();
  const post = (path: string, body: unknown) => call(send, target.origin, path, body);
  const step = AuthStep.parse(await expectOk(await post(apiPaths.signIn, { identifier: email, password }), `signing in ${email}`));
  if (step.step !== 'done') throw new SeedError(`Seeding ${email} needs a plain sign-in, but the policy asks for the '${step.step}' step first`);
  return { post, signOut: async () => void (await post(apiPaths.signOut, {})).body?.cancel() };
}

/**
 * A browser over the network with the platform's `fetch` (Node, or a page talking to another origin's server
 * without ambient cookies): it keeps the cookies itself. For seeding a real development server.
 */
export function cookieKeepingFetch(
  clock: Clock = { now: () => new Date() },
  send: (request: Request) => Promise<Response> = (request) => fetch(request),
): SendRequest {
  const jar = new CookieJar(() => clock.now());
  return async (request) => {
    const headers = new Headers(request.headers);
    const cookie = jar.header(new URL(request.url).pathname);
    if (cookie) headers.set('cookie', cookie);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const response = await send(new Request(request.url, { method: request.method, headers, body }));
    jar.store(response.headers.getSetCookie());
    return response;
  };
}

/** The 6-digit code in the newest text or mail to `to`, waiting a little for it (a server sends some in the background). */
async function latestCode(send: SendRequest, origin: string, to: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await call(send, origin, `${apiPaths.devOutbox}?to=${encodeURIComponent(to)}&limit=1`);
    const { messages } = OutboxResponse.parse(await expectOk(response, 'reading the dev outbox'));
    const code = messages[0]?.text.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new SeedError(`Seeding found no code for ${to} in the dev outbox`);
}
