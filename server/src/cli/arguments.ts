import { parseArgs } from 'node:util';
import type { z } from 'zod';
import {
  type PasswordRuleId,
  type PasswordRules,
  AdminActivityQuery,
  CreateCustomerAccountRequest,
  CreateInvitationRequest,
  CreateUserRequest,
  LinkAccountRequest,
  OnboardRequest,
  RevokeKeyRequest,
  UnlinkAccountRequest,
  UnlockRequest,
} from '@portico/contract';
import type { Config } from '../config.ts';
import { PasswordPolicy } from '../services/password-policy.ts';

/**
 * The CLI's arguments: read and checked with the API's own schemas before anything touches storage, and without
 * loading the server, so help and a mistyped command answer at once.
 */

export const usage = `Usage: npm run portico -- <command>

Commands:
  user create --email <address> --password <password>   create a user who can sign in at once
  user invite --email <address> [--name <name>]         create a user without a password and mail the welcome link
                                                        (again, with a new link, while they have no password)
  user list                                             list users
  user find <e-mail, customer ID or part of a name>     support: find people, with their accounts and roles
  user show --email <address>                           support: accounts, factors (no secrets), sessions,
                                                        recent activity
  user reset-factors --email <address>                  support, a lost phone: remove every second factor,
                                                        recovery code and passkey, sign out everywhere, mail them
  user unlock --email <address or customer ID> | --ip <address>
                                                        support: lift the sign-in lock of a login or a network
  user disable --email <address>                        support: the login signs in nowhere (answered like a
                                                        wrong password) and every session of it ends
  user enable --email <address>                         support: let a disabled login sign in again
  account create --id <customer ID> --name <name> --contact <address> [--password <password>]
                                                        create a customer account (main contact, optional legacy
                                                        customer-ID password)
  account link --id <customer ID> --email <address> [--role owner|admin|member]
                                                        link a user to a customer account (the first one
                                                        linked owns it unless --role says otherwise)
  account unlink --id <customer ID> --email <address>   unlink a login from an account (the last owner stays)
  account onboard --id <customer ID> --email <address> [--name <name>] [--role owner|admin|member]
                                                        the first login of an order: creates or finds it,
                                                        links it and mails one Confirm link
  keys list                                             list the keys session tokens are signed with
  keys rotate                                           make a new signing key the active one (the old one stays
                                                        published until its tokens have expired)
  keys revoke --kid <key id>                            revoke a leaked key: out of the JWKS at once, its tokens
                                                        refused by the instant validation
  activity list [--email <address>] [--id <customer ID>] [--type <type>] [--limit <n>]
                                                        the activity log, newest first (sign-ins, failures,
                                                        changes, admin actions); at most 100
  webhooks list [--failed] [--limit <n>]                recent webhook deliveries, newest first: id, event, endpoint,
                                                        attempts, outcome, last error (--failed: given up only)
  webhooks retry <delivery id> | --failed               try a given-up delivery (or every one) again, from the start
                                                        of the retry schedule
  secrets seal                                          seal every authenticator-app secret stored unsealed, with
                                                        PORTICO_SECRET_KEY (on PGlite without it, the data folder's
                                                        key)

Uses the same environment as the server (PORTICO_DATA_DIR, DATABASE_URL). While a server runs on the same PGlite
data folder, commands go through that server's admin API instead of opening the folder; secrets seal needs the
folder to itself (stop the server first). On PostgreSQL, run secrets seal while no server changes second factors.`;

/** A mistake the person at the command line can fix: printed as it is, without a stack. */
export class CliError extends Error {}

/** The CLI's own English wording of a password rule (the components word them through their catalogue). */
function describeRule(rule: PasswordRuleId, rules: PasswordRules): string {
  const wording: Record<PasswordRuleId, string> = {
    minLength: `at least ${rules.minLength} characters`,
    maxLength: `at most ${rules.maxLength} characters`,
    lowercase: 'a lower-case letter',
    uppercase: 'an upper-case letter',
    digit: 'a digit',
    special: 'a special character',
    notCommon: 'not a commonly used password',
    notCommonWord: 'not a common word with digits or symbols added',
    notCurrent: 'different from the current password',
  };
  return `needs ${wording[rule]}`;
}

/**
 * The command's options checked with the API's own schema; a CliError naming each bad option otherwise.
 * `optionNames` maps the API's field names to the options' where they differ.
 */
function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  options: unknown,
  what: string,
  optionNames: Readonly<Record<string, string>> = {},
): z.output<Schema> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `  --${issue.path.map((part) => optionNames[String(part)] ?? String(part)).join('.')}: ${issue.message}`)
    .join('\n');
  throw new CliError(`Cannot ${what}:\n${problems}`);
}

/** A command and its checked options: what `parseCommand` found, for `runCommand` to carry out. */
export interface ParsedCommand {
  command: string;
  input?: CreateUserRequest | undefined;
  newAccount?: z.output<typeof CreateCustomerAccountRequest> | undefined;
  onboarding?: { customerId: string; request: z.output<typeof OnboardRequest> } | undefined;
  accountLink?: z.output<typeof LinkAccountRequest> | undefined;
  webhookList?: { gaveUpOnly: boolean; limit: number } | undefined;
  activityQuery?: z.output<typeof AdminActivityQuery> | undefined;
  webhookRetry?: { id: number } | 'all' | undefined;
  unlock?: z.output<typeof UnlockRequest> | undefined;
  unlink?: z.output<typeof UnlinkAccountRequest> | undefined;
  support?: { find: string } | { show: string } | { reset: string } | { disable: string } | { enable: string } | undefined;
  invitation?: CreateInvitationRequest | undefined;
  revokedKid?: string | undefined;
}

/**
 * Reads `argv` (after `npm run portico --`): 'help' for help or no command, else the command with its options
 * checked; a CliError saying what is wrong otherwise. `loadConfig` is called once the command is known (the password
 * policy follows the preset).
 */
export async function parseCommand(argv: string[], loadConfig: () => Pick<Config, 'policy'>): Promise<ParsedCommand | 'help'> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      contact: { type: 'string' },
      kid: { type: 'string' },
      failed: { type: 'boolean' },
      limit: { type: 'string' },
      type: { type: 'string' },
      ip: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  // `webhooks retry` takes the delivery id and `user find` its query as positional arguments; every other command has two words.
  const command = positionals.slice(0, 2).join(' ');
  const operands = positionals.slice(2);
  if (values.help || command === '') return 'help';
  const commands = [
    'user create',
    'user invite',
    'user list',
    'user find',
    'user show',
    'user reset-factors',
    'user unlock',
    'user disable',
    'user enable',
    'account create',
    'account link',
    'account onboard',
    'account unlink',
    'keys list',
    'keys rotate',
    'keys revoke',
    'webhooks list',
    'activity list',
    'webhooks retry',
    'secrets seal',
  ];
  if (!commands.includes(command) || (operands.length > 0 && command !== 'webhooks retry' && command !== 'user find')) {
    throw new CliError(`Unknown command "${positionals.join(' ')}".\n\n${usage}`);
  }
  const config = loadConfig();
  if (command === 'secrets seal') return { command };

  /** Checks a password against the policy before anything is stored, worded for the CLI. */
  async function checkPassword(password: string, what: string): Promise<void> {
    const { passwords } = config.policy;
    // Loaded only for a command with a password: the common-password list is large, and help or a typo should be quick.
    const [{ zxcvbnCommonPasswords }, { createArgon2PasswordHasher }] = await Promise.all([
      import('../adapters/zxcvbn-common-passwords.ts'),
      import('../adapters/argon2-password-hasher.ts'),
    ]);
    const failed = await new PasswordPolicy(passwords, zxcvbnCommonPasswords, createArgon2PasswordHasher()).failedRules(password);
    if (failed.length > 0) {
      const problems = failed.map((rule) => `  --password: ${describeRule(rule, passwords)}`).join('\n');
      throw new CliError(`Cannot ${what}: the password does not meet the policy (PORTICO_PRESET and PORTICO_PASSWORD_*):\n${problems}`);
    }
  }

  // Validate before touching storage, with the same rules as the API.
  let input: CreateUserRequest | undefined;
  if (command === 'user create') {
    input = parseOptions(CreateUserRequest, { email: values.email, password: values.password }, 'create the user');
    await checkPassword(input.password, 'create the user');
  }

  // The account commands' option names differ from the API's fields.
  const accountOptions: Record<string, string> = { customerId: 'id', mainContactEmail: 'contact', legacyPassword: 'password' };

  let newAccount: z.output<typeof CreateCustomerAccountRequest> | undefined;
  if (command === 'account create') {
    newAccount = parseOptions(
      CreateCustomerAccountRequest,
      { customerId: values.id, name: values.name, mainContactEmail: values.contact, legacyPassword: values.password },
      'create the customer account',
      accountOptions,
    );
    if (newAccount.legacyPassword !== undefined) await checkPassword(newAccount.legacyPassword, 'create the customer account');
  }

  let onboarding: { customerId: string; request: z.output<typeof OnboardRequest> } | undefined;
  if (command === 'account onboard') {
    const { customerId } = parseOptions(LinkAccountRequest, { customerId: values.id, email: values.email }, 'onboard the order', accountOptions);
    const request = parseOptions(OnboardRequest, { email: values.email, name: values.name, role: values.role }, 'onboard the order', accountOptions);
    onboarding = { customerId, request };
  }

  let accountLink: z.output<typeof LinkAccountRequest> | undefined;
  if (command === 'account link') {
    accountLink = parseOptions(LinkAccountRequest, { customerId: values.id, email: values.email, role: values.role }, 'link the account', accountOptions);
  }

  let webhookList: { gaveUpOnly: boolean; limit: number } | undefined;
  if (command === 'webhooks list') {
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError('Cannot list webhooks:\n  --limit: a whole number from 1 to 500');
    webhookList = { gaveUpOnly: values.failed === true, limit };
  }
  let activityQuery: z.output<typeof AdminActivityQuery> | undefined;
  if (command === 'activity list') {
    activityQuery = parseOptions(
      AdminActivityQuery,
      { email: values.email, customerId: values.id, type: values.type, limit: values.limit ?? '50' },
      'list the activity',
      { customerId: 'id' },
    );
  }
  let webhookRetry: { id: number } | 'all' | undefined;
  if (command === 'webhooks retry') {
    const [id, ...more] = operands;
    if (values.failed && id === undefined) webhookRetry = 'all';
    else if (!values.failed && more.length === 0 && id !== undefined && /^[1-9]\d{0,15}$/.test(id)) webhookRetry = { id: Number(id) };
    else throw new CliError('Cannot retry webhooks: name one delivery by its id (webhooks list shows them), or --failed for every one given up.');
  }

  let unlock: z.output<typeof UnlockRequest> | undefined;
  if (command === 'user unlock') {
    unlock = parseOptions(UnlockRequest, { login: values.email, clientAddress: values.ip }, 'lift the lock', { login: 'email', clientAddress: 'ip' });
  }
  let unlink: z.output<typeof UnlinkAccountRequest> | undefined;
  if (command === 'account unlink') {
    unlink = parseOptions(UnlinkAccountRequest, { customerId: values.id, email: values.email }, 'unlink the account', accountOptions);
  }
  let support: { find: string } | { show: string } | { reset: string } | { disable: string } | { enable: string } | undefined;
  if (command === 'user find') {
    const query = operands.join(' ').trim();
    if (!query) throw new CliError('Cannot find users:\n  give an e-mail address, a customer ID or a part of a name');
    support = { find: query };
  } else if (command === 'user show' || command === 'user reset-factors' || command === 'user disable' || command === 'user enable') {
    const action = {
      'user show': 'show the user',
      'user reset-factors': 'reset the factors',
      'user disable': 'disable the login',
      'user enable': 'enable the login',
    }[command];
    const { email } = parseOptions(CreateInvitationRequest, { email: values.email }, action);
    support = { 'user show': { show: email }, 'user reset-factors': { reset: email }, 'user disable': { disable: email }, 'user enable': { enable: email } }[
      command
    ];
  }

  let invitation: CreateInvitationRequest | undefined;
  if (command === 'user invite') {
    invitation = parseOptions(CreateInvitationRequest, { email: values.email, name: values.name }, 'invite the user');
  }

  let revokedKid: string | undefined;
  if (command === 'keys revoke') {
    revokedKid = parseOptions(RevokeKeyRequest, { kid: values.kid }, 'revoke the key').kid;
  }
  return {
    command,
    input,
    newAccount,
    onboarding,
    accountLink,
    webhookList,
    activityQuery,
    webhookRetry,
    unlock,
    unlink,
    support,
    invitation,
    revokedKid,
  };
}
