import { CliError, type ParsedCommand } from './arguments.ts';
import { type AdminCall, AdminUnreachableError, createAdminClient, PorticoApiError } from '@portico/client/admin';
import type { z } from 'zod';
import {
  type AdminEndpointName,
  type EndpointAnswer,
  type User,
  CreateInvitationResponse,
  type AccountRole,
  type CustomerAccount,
  type CustomerAccountSummary,
  CreateCustomerAccountRequest,
  ActivityPage,
  AdminActivityQuery,
  LoginStatusResponse,
  ResetFactorsResponse,
  UnlockRequest,
  SupportSearchResult,
  SupportUserView,
  normalizeEmail,
  OnboardRequest,
  OnboardResponse,
  type SigningKeyInfo,
  type WebhookDeliverySummary,
} from '@portico/contract';
import { toSigningKeyInfo } from '../services/session-tokens/signing-keys.ts';
import { DataFolderBusyError, readRunningServer } from '../adapters/data-folder-lock.ts';
import { dataFolderSecretKey } from '../adapters/data-folder-secret-key.ts';
import { webCryptoRandom } from '../adapters/web-crypto-random.ts';
import { openStore } from '../adapters/open-store.ts';
import type { Config } from '../config.ts';
import { nodePorts } from '../node-ports.ts';
import { CustomerIdTakenError, EmailTakenError } from '../ports/store.ts';
import { noRequestContext, type RequestContext } from '../ports/request-context.ts';
import { toAccountSummary, toCustomerAccount } from '../services/customer-accounts.ts';
import { toUser } from '../services/user-service.ts';
import { createServices } from '../app.ts';
import type { Services } from '../routes/app-env.ts';
import { SecretBox } from '../services/mfa/secret-box.ts';
import { toWebhookDeliverySummary } from '../services/webhooks/webhook-delivery.ts';
/** What the commands need, whether served by the storage directly or by a running server. */
interface UserAdmin {
  create(email: string, password: string): Promise<User>;
  /** Creates a user without a password and mails the welcome link (leasing portal). */
  /** Creates an invited user, or (`resent`) mails one who has no password yet a new welcome link. */
  invite(email: string, name: string | undefined): Promise<CreateInvitationResponse>;
  list(): Promise<User[]>;
  createAccount(input: z.output<typeof CreateCustomerAccountRequest>): Promise<CustomerAccountSummary>;
  /** The person's role in the account comes back (as it was, if they were linked already). */
  linkAccount(customerId: string, email: string, role: AccountRole | undefined): Promise<CustomerAccount>;
  /** Onboards an order's address to the account: the login created or found, linked, and mailed a Confirm link. */
  onboard(customerId: string, request: z.output<typeof OnboardRequest>): Promise<OnboardResponse>;
  listKeys(): Promise<SigningKeyInfo[]>;
  rotateKey(): Promise<string>;
  /** The keys after the revocation; a CliError for an unknown kid. */
  revokeKey(kid: string): Promise<SigningKeyInfo[]>;
  listWebhooks(gaveUpOnly: boolean, limit: number): Promise<WebhookDeliverySummary[]>;
  findUsers(query: string): Promise<SupportSearchResult>;
  /** One person as support sees them; a CliError for an unknown address. */
  showUser(email: string): Promise<SupportUserView>;
  resetFactors(email: string): Promise<ResetFactorsResponse>;
  /** Disables (true) or enables (false) a login; a CliError for an unknown address. */
  setLoginDisabled(email: string, disabled: boolean): Promise<LoginStatusResponse>;
  unlock(request: z.output<typeof UnlockRequest>): Promise<void>;
  /** A CliError when the login is unknown, not linked, or the account's last owner. */
  unlinkAccount(customerId: string, email: string): Promise<void>;
  /** The activity log, newest first, filtered as `GET /api/admin/activity`. */
  listActivity(query: z.output<typeof AdminActivityQuery>): Promise<ActivityPage>;
  /** Makes given-up deliveries due again; returns how many. */
  retryWebhooks(target: { id: number } | 'all'): Promise<number>;
  /** Runs one command's work as an administrator's action, with an `admin.action` entry in the activity log. */
  acting(command: string, work: () => Promise<void>): Promise<void>;
  describe: string;
  close(): Promise<void>;
}

async function unlessTaken<T>(email: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EmailTakenError) throw new CliError(`A user with the e-mail ${email} exists already.`);
    throw error;
  }
}

function directAdmin(services: Services, publicUrl: string, describe: string, close: () => Promise<void>, context: RequestContext): UserAdmin {
  return {
    describe,
    close,
    async acting(command, work) {
      // What the work changes is told as done by an administrator (no person acting), as through the admin API.
      const scope = { clientAddress: null, userAgent: null, actorUserId: null, admin: true };
      await context.run(scope, async () => {
        try {
          await work();
        } finally {
          await services.activity.recordAlone('admin.action', { actorUserId: null, detail: { command: `portico ${command}` } });
        }
      });
    },
    create: (email, password) => unlessTaken(email, async () => toUser(await services.users.create(email, password))),
    invite: (email, name) =>
      unlessTaken(email, async () => {
        const { user, resent } = await services.signUpFlows.invite(email, name, publicUrl);
        return { user: toUser(user), resent };
      }),
    async list() {
      return (await services.users.list()).map(toUser);
    },
    async createAccount(input) {
      try {
        return toAccountSummary(await services.customerAccounts.create(input));
      } catch (error) {
        if (error instanceof CustomerIdTakenError) throw new CliError(`A customer account ${input.customerId} exists already.`);
        throw error;
      }
    },
    async linkAccount(customerId, email, role) {
      const outcome = await services.customerAccounts.link(customerId, email, role ?? null);
      if ('error' in outcome) {
        throw new CliError(outcome.error === 'unknown_user' ? `No user has the e-mail ${email}.` : `No customer account ${customerId}.`);
      }
      return toCustomerAccount(outcome.linked);
    },
    async onboard(customerId, request) {
      const outcome = await services.accountInvitations.onboard(customerId, request, publicUrl);
      if ('error' in outcome) {
        if (outcome.error === 'not_found') throw new CliError(`No customer account ${customerId}.`);
        if (outcome.error === 'rate_limited') throw new CliError(`Too many mails to ${request.email} lately; try again in ${outcome.retryAfterSeconds} s.`);
        throw new CliError(`Cannot onboard ${request.email}: ${outcome.error}.`);
      }
      return { user: toUser(outcome.user), account: toCustomerAccount(outcome.linked), created: outcome.created };
    },
    async listKeys() {
      return (await services.signingKeys.list()).map(toSigningKeyInfo);
    },
    rotateKey: () => services.signingKeys.rotate(),
    async revokeKey(kid) {
      if (!(await services.signingKeys.revoke(kid))) throw new CliError(`No signing key ${kid}.`);
      return (await services.signingKeys.list()).map(toSigningKeyInfo);
    },
    async listWebhooks(gaveUpOnly, limit) {
      return (await services.webhookDelivery.list({ gaveUpOnly, limit })).map(toWebhookDeliverySummary);
    },
    retryWebhooks: (target) => services.webhookDelivery.retry(target),
    findUsers: (query) => services.support.search(query),
    unlock: (request) => services.signIn.liftLocks(request),
    async unlinkAccount(customerId, email) {
      const outcome = await services.customerAccounts.unlinkByAdmin(customerId, email);
      if (outcome === 'unknown_user') throw new CliError(`No user has the e-mail ${email}.`);
      if (outcome === 'not_member') throw new CliError(`${email} is not linked to ${customerId}.`);
      if (outcome === 'last_owner') throw new CliError(`${email} is the last owner of ${customerId}: make someone else owner first.`);
    },
    async showUser(email) {
      const user = await services.users.findByEmail(normalizeEmail(email));
      const view = user ? await services.support.view(user.id) : null;
      if (!view) throw new CliError(`No user has the e-mail ${email}.`);
      return view;
    },
    async resetFactors(email) {
      const user = await services.users.findByEmail(normalizeEmail(email));
      const reset = user ? await services.support.resetFactors(user.id) : null;
      if (!reset) throw new CliError(`No user has the e-mail ${email}.`);
      return reset;
    },
    async setLoginDisabled(email, disabled) {
      const user = await services.users.findByEmail(normalizeEmail(email));
      const status = user ? await (disabled ? services.support.disable(user.id) : services.support.enable(user.id)) : null;
      if (!status) throw new CliError(`No user has the e-mail ${email}.`);
      return status;
    },
    listActivity: (query) => services.activity.adminPage(query, services.policy.defaultLocale),
  };
}

function remoteAdmin(url: string, adminToken: string): UserAdmin {
  const admin = createAdminClient({ baseUrl: url, token: adminToken });
  /** One admin API call, typed by the contract's endpoint table; its failures in the CLI's words. */
  async function call<Name extends AdminEndpointName>(name: Name, input: AdminCall<Name> = {}): Promise<EndpointAnswer<Name>> {
    try {
      return await admin.call(name, input);
    } catch (error) {
      if (error instanceof AdminUnreachableError) {
        throw new CliError(
          `A Portico server holds the data folder but does not answer at ${url}. If it is still starting, try again ` +
            'in a moment; if it hangs, stop it first.',
        );
      }
      if (error instanceof PorticoApiError) throw new CliError(error.message);
      throw error;
    }
  }
  /** The id of the user with `email`, as support finds them; a CliError for nobody. */
  async function userIdOf(email: string): Promise<string> {
    const [found] = (await call('adminUserSearch', { query: { q: email } })).users;
    if (!found) throw new CliError(`No user has the e-mail ${email}.`);
    return found.user.id;
  }
  return {
    describe: `via the running server at ${url}`,
    close: async () => undefined,
    // The server logs each API call of the work as an admin action.
    acting: (_command, work) => work(),
    create: async (email, password) => (await call('adminCreateUser', { body: { email, password } })).user,
    invite: (email, name) => call('adminInvitations', { body: { email, name } }),
    list: async () => (await call('adminUsers')).users,
    createAccount: async (input) => (await call('adminAccounts', { body: input })).account,
    linkAccount: async (customerId, email, role) => (await call('adminAccountLinks', { body: { customerId, email, ...(role ? { role } : {}) } })).account,
    onboard: (customerId, request) => call('adminAccountOnboard', { params: { customerId }, body: request }),
    listKeys: async () => (await call('adminKeys')).keys,
    rotateKey: async () => (await call('adminKeysRotate')).kid,
    revokeKey: async (kid) => (await call('adminKeysRevoke', { body: { kid } })).keys,
    async unlock(request) {
      await call('adminUnlock', { body: request });
    },
    async unlinkAccount(customerId, email) {
      await call('adminAccountUnlink', { body: { customerId, email } });
    },
    findUsers: (query) => call('adminUserSearch', { query: { q: query } }),
    showUser: async (email) => call('adminUser', { params: { userId: await userIdOf(email) } }),
    resetFactors: async (email) => call('adminUserResetFactors', { params: { userId: await userIdOf(email) } }),
    setLoginDisabled: async (email, disabled) => call(disabled ? 'adminUserDisable' : 'adminUserEnable', { params: { userId: await userIdOf(email) } }),
    listActivity: (query) => call('adminActivity', { query }),
    listWebhooks: async (gaveUpOnly, limit) => (await call('adminWebhooks', { query: { failed: gaveUpOnly, limit } })).deliveries,
    retryWebhooks: async (target) => (await call('adminWebhooksRetry', { body: target === 'all' ? { failed: true } : target })).retried,
  };
}

async function connect(config: Config): Promise<UserAdmin> {
  try {
    const opened = await openStore(config);
    // The same mailer as the server's: the invitations and onboarding mails the CLI sends go out, or into the shared outbox.
    const ports = nodePorts(opened.store, config);
    const where = opened.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
    const services = createServices(ports, config.policy, {
      productName: config.productName,
      phoneCountry: config.phoneCountry ?? null,
      secretKey: config.secretKey ?? (opened.kind === 'postgres' ? null : await dataFolderSecretKey(config.dataDir, webCryptoRandom)),
      tokens: { ...config.tokens, issuer: null },
      // Changes made here are heard of like the server's: their events are written with them.
      webhooks: config.webhooks,
    });
    // Without PORTICO_PUBLIC_URL (development), links lead to where `npm start` serves the demo.
    const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
    const close = async () => {
      await services.delivery.settled();
      // One try now; what fails is retried by the server (on PGlite, when it next starts).
      await services.webhookDelivery.settled();
      // A round queued by the last write would find the store closed (the CLI's process ends here; a caller's may not).
      services.delivery.stop();
      services.webhookDelivery.stop();
      await opened.close();
    };
    return directAdmin(services, publicUrl, where, close, ports.requestContext ?? noRequestContext);
  } catch (error) {
    if (!(error instanceof DataFolderBusyError)) throw error;
    const server = await readRunningServer(config.dataDir);
    if (!server) {
      throw new CliError(
        `${error.message} It is not a server that can take commands (another CLI command, or a server still ` + 'starting). Try again in a moment.',
      );
    }
    return remoteAdmin(server.url, server.adminToken);
  }
}

/** What the app binds a sealed app secret to (SecondFactors does the same): its owner, so it opens in no other row. */
const totpContext = (userId: string) => `totp:${userId}`;

/**
 * Seals every authenticator-app secret stored unsealed (before a key was set): the enabled ones, and those of a
 * setup not yet confirmed, which become the enabled one as they are. Returns what to print.
 *
 * On PGlite it opens the folder itself and refuses while a server holds it, rather than go through the admin API
 * like the user commands: rewriting every user's secret is a maintenance step, not an account operation, and an
 * endpoint for it would let any holder of PORTICO_ADMIN_TOKEN rewrite secret material remotely. A server on PGlite
 * seals what it writes anyway (with the data folder's key), so the step is only for secrets from before.
 */
async function sealSecrets(config: Config): Promise<string> {
  if (config.databaseUrl && !config.secretKey) {
    throw new CliError(
      'PORTICO_SECRET_KEY is required to seal secrets on PostgreSQL: the key every Portico node runs with (32 random ' +
        'bytes in base64, openssl rand -base64 32).',
    );
  }
  let opened: Awaited<ReturnType<typeof openStore>>;
  try {
    opened = await openStore(config);
  } catch (error) {
    if (!(error instanceof DataFolderBusyError)) throw error;
    throw new CliError(`${error.message} Stop the server (or wait for the other command), then run secrets seal again.`);
  }
  try {
    const key = config.secretKey ?? (await dataFolderSecretKey(config.dataDir, webCryptoRandom));
    const box = new SecretBox(key, webCryptoRandom);
    // What an unsealed secret looks like is what a box without a key stores.
    const keyless = new SecretBox(null, webCryptoRandom);
    const unreadable = new Set<string>();
    /** The secret sealed, or null when it is sealed already or cannot be opened (sealed under another key). */
    const sealedAnew = async (stored: string, user: { id: string; email: string }): Promise<string | null> => {
      let plain: string;
      try {
        plain = await box.open(stored, totpContext(user.id));
      } catch {
        unreadable.add(user.email);
        return null;
      }
      if (stored !== (await keyless.seal(plain, totpContext(user.id)))) return null;
      return box.seal(plain, totpContext(user.id));
    };
    let sealed = 0;
    for (const user of await opened.store.listUsers()) {
      for (const factor of await opened.store.listFactors(user.id)) {
        const secret = factor.kind === 'totp' && factor.secret !== null ? await sealedAnew(factor.secret, user) : null;
        if (secret === null) continue;
        await opened.store.saveFactor({ ...factor, secret });
        sealed++;
      }
      const pending = await opened.store.findPendingSetup(user.id, 'totp');
      const secret = pending?.secret ? await sealedAnew(pending.secret, user) : null;
      if (pending && secret !== null) {
        await opened.store.savePendingSetup({ ...pending, secret });
        sealed++;
      }
    }
    const where = opened.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
    const keyName = config.secretKey ? 'PORTICO_SECRET_KEY' : "the data folder's key";
    const done =
      sealed === 0
        ? `Nothing to seal: every authenticator-app secret is sealed already (${where}).`
        : `Sealed ${sealed} authenticator-app secret${sealed === 1 ? '' : 's'} with ${keyName} (${where}).`;
    if (unreadable.size > 0) {
      throw new CliError(
        `${done}\nThe secrets of ${[...unreadable].join(', ')} are sealed under another key and were left as they are: is ` +
          'PORTICO_SECRET_KEY the key the servers run with?',
      );
    }
    return done;
  } finally {
    await opened.close();
  }
}

/** Carries out a checked command (`parseCommand`), on the storage or through a running server, printing each line it reports. */
export async function runCommand(parsed: ParsedCommand, config: Config, print: (line: string) => void): Promise<void> {
  const { command, input, newAccount, onboarding, accountLink, webhookList, activityQuery, webhookRetry, unlock, unlink, support, invitation, revokedKid } =
    parsed;
  if (command === 'secrets seal') {
    print(await sealSecrets(config));
    return;
  }
  const admin = await connect(config);
  try {
    // One admin action, logged as such (through a running server, the server logs the API call).
    await admin.acting(command, async () => {
      if (command === 'keys list' || revokedKid !== undefined) {
        const keys = revokedKid === undefined ? await admin.listKeys() : await admin.revokeKey(revokedKid);
        if (revokedKid !== undefined) print(`Revoked ${revokedKid} ${admin.describe}: it is out of the JWKS, and the next token is signed with a new key.`);
        if (keys.length === 0) print(`No signing keys yet (${admin.describe}): the first is made when the first token is.`);
        for (const key of keys) {
          const since = key.revokedAt ?? key.retiredAt ?? key.createdAt;
          print(`${key.kid}\t${key.algorithm}\t${key.state}\t${key.published ? 'published' : 'not published'}\tsince ${since}`);
        }
      } else if (command === 'keys rotate') {
        print(`Rotated ${admin.describe}: ${await admin.rotateKey()} signs from now on; the previous key stays published until its tokens have expired.`);
      } else if (webhookList) {
        const deliveries = await admin.listWebhooks(webhookList.gaveUpOnly, webhookList.limit);
        if (deliveries.length === 0) print(`No webhook deliveries (${admin.describe}).`);
        for (const d of deliveries) {
          const state = d.outcome ?? `pending, next try ${d.nextAttemptAt ?? '?'}`;
          print([d.id, d.eventType, d.endpoint, `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`, state, d.lastError ?? ''].join('\t'));
        }
      } else if (webhookRetry) {
        const retried = await admin.retryWebhooks(webhookRetry);
        if (retried === 0) {
          throw new CliError(webhookRetry === 'all' ? 'No webhook delivery was given up.' : `No given-up webhook delivery has the id ${webhookRetry.id}.`);
        }
        print(`${retried} webhook deliver${retried === 1 ? 'y is' : 'ies are'} due again ${admin.describe}.`);
      } else if (newAccount) {
        const account = await admin.createAccount(newAccount);
        const legacy = newAccount.legacyPassword === undefined ? '' : ', with a customer-ID password';
        print(`Created customer account ${account.customerId} (${account.name})${legacy} ${admin.describe}.`);
      } else if (unlock) {
        await admin.unlock(unlock);
        print(`Lifted the sign-in lock of ${unlock.login ?? unlock.clientAddress} ${admin.describe}.`);
      } else if (unlink) {
        await admin.unlinkAccount(unlink.customerId, unlink.email);
        print(`Unlinked ${unlink.email} from customer account ${unlink.customerId} ${admin.describe}; the login stays.`);
      } else if (support && 'find' in support) {
        const { users } = await admin.findUsers(support.find);
        if (users.length === 0) print(`Nobody matches (${admin.describe}).`);
        for (const { user, accounts, disabledAt } of users) {
          const status = disabledAt ? `disabled since ${disabledAt}` : '';
          print([user.email, user.id, user.name ?? '', accounts.map((a) => `${a.customerId} (${a.role})`).join(', '), status].join('\t'));
        }
      } else if (support && 'show' in support) {
        const view = await admin.showUser(support.show);
        const { factors } = view;
        print(`${view.user.email} (id ${view.user.id})${view.user.name ? `, ${view.user.name}` : ''}`);
        if (view.disabledAt) print(`Disabled since ${view.disabledAt}: signs in nowhere (user enable lifts it).`);
        print(`Accounts: ${view.accounts.map((a) => `${a.customerId} ${a.name} (${a.role})`).join(', ') || 'none'}`);
        const held = [
          factors.totp ? 'authenticator app' : null,
          factors.smsPhone ? `texts to ${factors.smsPhone}` : null,
          factors.recoveryPhone ? `recovery phone ${factors.recoveryPhone}` : null,
          factors.recoveryCodesLeft !== null ? `${factors.recoveryCodesLeft} recovery codes left` : null,
          factors.passkeys > 0 ? `${factors.passkeys} passkey(s)` : null,
        ].filter(Boolean);
        print(`Second factors: ${held.join(', ') || 'none'}`);
        print(`Sessions: ${view.sessions.map((s) => `${s.device} from ${s.clientAddress ?? '?'} since ${s.createdAt}`).join('; ') || 'none'}`);
        for (const entry of view.activity) print(`  ${entry.at}\t${entry.type}\t${JSON.stringify(entry.detail)}`);
      } else if (support && 'reset' in support) {
        const reset = await admin.resetFactors(support.reset);
        print(
          `Reset the second factors of ${support.reset} ${admin.describe}: removed ${reset.removed.join(', ') || 'nothing'}; ${reset.sessionsEnded} session(s) ended; they are mailed.`,
        );
      } else if (support && 'disable' in support) {
        const status = await admin.setLoginDisabled(support.disable, true);
        print(
          `Disabled the login ${support.disable} ${admin.describe} (since ${status.disabledAt ?? '?'}): it signs in nowhere; ${status.sessionsEnded} session(s) ended.`,
        );
      } else if (support && 'enable' in support) {
        await admin.setLoginDisabled(support.enable, false);
        print(`Enabled the login ${support.enable} ${admin.describe}: it signs in again as before.`);
      } else if (activityQuery) {
        const { entries } = await admin.listActivity(activityQuery);
        if (entries.length === 0) print(`No activity (${admin.describe}).`);
        for (const entry of entries) {
          const who = [entry.subjectUserId ? `user ${entry.subjectUserId}` : null, entry.customerId ? `account ${entry.customerId}` : null];
          const from = [entry.clientAddress, entry.device].filter(Boolean).join(', ');
          print([entry.at, entry.type, ...who, from ? `from ${from}` : null, JSON.stringify(entry.detail)].filter(Boolean).join('\t'));
        }
      } else if (onboarding) {
        const { user, account, created } = await admin.onboard(onboarding.customerId, onboarding.request);
        const who = created ? `a new login for ${user.email}` : `the login ${user.email}`;
        print(
          `Onboarded ${who} to customer account ${account.customerId} (${account.name}) as ${account.role} ${admin.describe}: the Confirm mail is on its way.`,
        );
      } else if (accountLink) {
        const account = await admin.linkAccount(accountLink.customerId, accountLink.email, accountLink.role);
        print(`Linked ${accountLink.email} to customer account ${account.customerId} (${account.name}) as ${account.role} ${admin.describe}.`);
      } else if (invitation) {
        const { user, resent } = await admin.invite(invitation.email, invitation.name);
        const what = resent ? 'Sent the welcome mail again, with a new link, to' : 'Invited';
        print(`${what} ${user.email} (id ${user.id}) ${admin.describe}: the welcome mail is on its way.`);
      } else if (input) {
        const user = await admin.create(input.email, input.password);
        print(`Created user ${user.email} (id ${user.id}) ${admin.describe}.`);
      } else {
        const users = await admin.list();
        if (users.length === 0) print(`No users (${admin.describe}).`);
        for (const user of users) print(`${user.email}\t${user.id}\tcreated ${user.createdAt}`);
      }
    });
  } finally {
    await admin.close();
  }
}
