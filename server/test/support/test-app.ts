import { answerViolations, defaultPolicy, errorCodeViolations, type Policy } from '@portico/contract';
import { createArgon2PasswordHasher, owaspArgon2idParameters } from '../../src/adapters/argon2-password-hasher.ts';
import { createAsyncLocalRequestContext } from '../../src/adapters/async-local-request-context.ts';
import { createDevOutboxMailer } from '../../src/adapters/mail/dev-outbox-mailer.ts';
import { createDevOutboxSmsSender } from '../../src/adapters/sms/dev-outbox-sms-sender.ts';
import { zxcvbnCommonPasswords } from '../../src/adapters/zxcvbn-common-passwords.ts';
import { webCryptoRandom } from '../../src/adapters/web-crypto-random.ts';
import { createPortico, type AppSettings } from '../../src/app.ts';
import type { BankIdRelyingParty } from '../../src/ports/bankid.ts';
import type { Mailer } from '../../src/ports/mailer.ts';
import type { PasswordHasher } from '../../src/ports/password-hasher.ts';
import type { Store } from '../../src/ports/store.ts';
import { TestClock } from './test-clock.ts';

interface Queue {
  settled(): Promise<void>;
  idle(): Promise<void>;
}

/**
 * Every test app's queues, by store. Apps of earlier tests on the same store keep their wake-up rounds, and a round of
 * theirs can claim what a later test queued (a claim skips rows another node holds), so settling one app's queue alone
 * can return while another app is still sending. Settling also waits for the other apps' rounds in flight, without
 * starting any of theirs (their mailer may be one a test made to fail).
 */
const queuesByStore = new WeakMap<Store, Set<Queue>>();

function settleAlongsideOthers(store: Store, own: Queue): () => Promise<void> {
  const queues = queuesByStore.get(store) ?? new Set<Queue>();
  queuesByStore.set(store, queues);
  queues.add(own);
  const settleOwn = own.settled.bind(own);
  return async () => {
    await settleOwn();
    for (const queue of queues) if (queue !== own) await queue.idle();
    await settleOwn();
  };
}

export const adminToken = 'test-admin-token-0123456789-abcdefghijklmnop';

/** Counts verifications, so a test can prove a code path really hashed (for timing equality). */
export class CountingHasher implements PasswordHasher {
  verifications = 0;
  constructor(private readonly inner: PasswordHasher) {}
  hash(password: string) {
    return this.inner.hash(password);
  }
  verify(hash: string, password: string) {
    this.verifications++;
    return this.inner.verify(hash, password);
  }
}

export interface RequestOptions {
  cookie?: string;
  /** The peer address the runtime would report. */
  ip?: string;
  origin?: string;
  /** Defaults to http://portico.test; use an https base to test Secure cookies. */
  base?: string;
  headers?: Record<string, string>;
}

export interface TestAppOptions {
  policy?: Policy;
  settings?: Partial<AppSettings>;
  mailer?: Mailer;
  bankid?: (clock: TestClock) => BankIdRelyingParty;
  /** A clock to share with another app (two nodes move on together); a new one by default. */
  clock?: TestClock;
  /**
   * `production`: argon2id at the cost production uses (OWASP's minimum), for tests of what that cost buys, such as
   * an unknown address taking as long as a wrong password. By default the same argon2id at a small fraction of it.
   */
  passwordHashing?: 'production' | 'light';
}

/**
 * argon2id as production runs it (same library, algorithm and PHC format; a hash of either verifies under the other),
 * at 1 MiB and one pass instead of 19 MiB and two: about 1 ms a hash here instead of 15. The server tests hash and
 * verify some 1,500 passwords, which at production cost was about 20 s of CPU.
 */
const lightArgon2idParameters = { ...owaspArgon2idParameters, memoryCost: 1024, timeCost: 1 };

/**
 * The real app (real argon2id, light unless `passwordHashing` says otherwise) on a given store, with a hand-moved
 * clock. Mail goes to the store's dev outbox (read it with `latestMail`) unless a test brings its own mailer, e.g. one
 * that fails.
 */
export function testApp(store: Store, options: TestAppOptions = {}) {
  const clock = options.clock ?? new TestClock();
  const hasher = new CountingHasher(createArgon2PasswordHasher(options.passwordHashing === 'production' ? owaspArgon2idParameters : lightArgon2idParameters));
  const mailer = options.mailer ?? createDevOutboxMailer(store, clock);
  const ports = {
    store,
    passwordHasher: hasher,
    clock,
    random: webCryptoRandom,
    mailer,
    sms: createDevOutboxSmsSender(store, clock),
    commonPasswords: zxcvbnCommonPasswords,
    requestContext: createAsyncLocalRequestContext(),
    ...(options.bankid ? { bankid: options.bankid(clock) } : {}),
  };
  const { app, services } = createPortico(ports, options.policy ?? defaultPolicy, {
    adminTokens: [adminToken],
    ...options.settings,
  });
  services.delivery.settled = settleAlongsideOthers(store, services.delivery);
  services.webhookDelivery.settled = settleAlongsideOthers(store, services.webhookDelivery);

  function request(method: string, path: string, body?: unknown, o: RequestOptions = {}) {
    const headers: Record<string, string> = { ...o.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (o.cookie) headers.cookie = o.cookie;
    if (o.origin) headers.origin = o.origin;
    const url = new URL(path, o.base ?? 'http://portico.test');
    const answer = app.request(
      url.toString(),
      { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) },
      { remoteAddress: o.ip ?? '192.0.2.1' },
    );
    return Promise.resolve(answer).then((response) => asDeclared(method, url.pathname, response));
  }

  async function createUser(email: string, password: string) {
    return services.users.create(email, password);
  }

  /** Signs in and returns the `name=value` cookie pair to send back. */
  async function signIn(identifier: string, password: string, o: RequestOptions = {}) {
    const response = await request('POST', '/api/auth/sign-in', { identifier, password }, o);
    return { response, cookie: sessionCookiePair(response) };
  }

  /** The newest mail to an address (any letter case), or null, once what is queued has been delivered. */
  async function latestMail(address: string) {
    await services.delivery.settled();
    const [mail] = await store.listOutbox({ recipient: address, channel: 'email', limit: 1 });
    return mail ?? null;
  }

  /** The link token in the newest mail to `address` (after background mail has gone out); fails the test if none. */
  async function latestLinkToken(address: string): Promise<string> {
    await services.delivery.settled();
    const mail = await latestMail(address);
    const token = mail && /#portico-link=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    if (!token || !mail.html?.includes(token)) throw new Error(`no link in both parts of the newest mail to ${address}`);
    return token;
  }

  /** The 6-digit code in the newest mail to `address`; fails the test if none. */
  async function latestCode(address: string): Promise<string> {
    await services.delivery.settled();
    const code = (await latestMail(address))?.text.match(/\b(\d{6})\b/)?.[1];
    if (!code) throw new Error(`no code in the newest mail to ${address}`);
    return code;
  }

  return { app, services, store, clock, hasher, request, createUser, signIn, latestMail, latestLinkToken, latestCode };
}

/** The `name=value` part of the session Set-Cookie header, or undefined. */
export function sessionCookiePair(response: Response): string | undefined {
  const header = response.headers.get('set-cookie');
  return header?.split(';')[0];
}

/**
 * Every JSON answer the tests get is checked against the contract's endpoint table: a route that answers a shape
 * its entry does not declare (or has no entry) fails the test that called it, whatever that test asserts.
 */
async function asDeclared(method: string, pathname: string, response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return response;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  const violations = [...answerViolations(method, pathname, response.status, body), ...errorCodeViolations(method, pathname, response.status, body)];
  if (violations.length > 0) throw new Error(violations.join('\n'));
  return response;
}
