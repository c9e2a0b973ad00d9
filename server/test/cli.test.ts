import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DoneStep, Jwks } from '@portico/contract';
import { lockDataFolder } from '../src/adapters/data-folder-lock.ts';
import { CliError, parseCommand } from '../src/cli/arguments.ts';
import { loadConfig } from '../src/config.ts';
import { migratedFolder, runCli, startServer, temporaryFolder } from '../../test/support/server-process.mjs';
import { runCliInProcess } from '../../test/support/cli-in-process.ts';
import { createTemporaryDatabase, postgresSkipReason } from './support/backends.ts';

describe('CLI and server on one PGlite data folder', () => {
  /** The signing key the CLI made before any server ran. */
  let firstKid = '';
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  before(async () => {
    // An empty, migrated database: the first start on an empty folder is the demo user's test below.
    folder = await migratedFolder();
  });
  after(() => folder?.remove());

  it('creates and lists users on its own when no server runs', async () => {
    const env = { PORTICO_DATA_DIR: folder.path };
    const created = await runCli(['user', 'create', '--email', 'First@Example.se', '--password', 'First-password-1'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created user first@example\.se .*PGlite/);
    const invited = await runCliInProcess(['user', 'invite', '--email', 'Invited.Directly@Example.se', '--name', 'Ida'], env);
    assert.equal(invited.code, 0, invited.stderr);
    assert.match(invited.stdout, /Invited invited\.directly@example\.se .*welcome mail/);
    const listed = await runCliInProcess(['user', 'list'], env);
    assert.match(listed.stdout, /^first@example\.se\t/m);
    assert.match(listed.stdout, /^invited\.directly@example\.se\t/m);
    const account = await runCliInProcess(
      ['account', 'create', '--id', 'nl123421341', '--name', 'First Hosting', '--contact', 'boss@example.se', '--password', 'Legacy-Pass-2019!'],
      env,
    );
    assert.equal(account.code, 0, account.stderr);
    assert.match(account.stdout, /Created customer account NL123421341 \(First Hosting\), with a customer-ID password .*PGlite/);
    const taken = await runCli(['account', 'create', '--id', 'NL123421341', '--name', 'Again', '--contact', 'boss@example.se'], env);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /exists already/);
    const bad = await runCliInProcess(['account', 'create', '--id', 'N123', '--name', 'Bad', '--contact', 'not-an-address'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--id: must be a customer ID[\s\S]*--contact:/);
    const linked = await runCliInProcess(['account', 'link', '--id', 'NL123421341', '--email', 'First@Example.se'], env);
    assert.equal(linked.code, 0, linked.stderr);
    assert.match(linked.stdout, /Linked first@example\.se to customer account NL123421341 \(First Hosting\) as owner/);
    const onboarded = await runCliInProcess(
      ['account', 'onboard', '--id', 'NL123421341', '--email', 'Order@Example.se', '--name', 'Olle Order', '--role', 'admin'],
      env,
    );
    assert.equal(onboarded.code, 0, onboarded.stderr);
    assert.match(onboarded.stdout, /Onboarded a new login for order@example\.se to customer account NL123421341 \(First Hosting\) as admin/);
    const badRole = await runCliInProcess(['account', 'onboard', '--id', 'NL123421341', '--email', 'x@example.se', '--role', 'boss'], env);
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /--role/);
    const nobody = await runCliInProcess(['account', 'link', '--id', 'NL123421341', '--email', 'nobody@example.se'], env);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /No user has the e-mail nobody@example\.se/);
    const activity = await runCliInProcess(['activity', 'list', '--id', 'NL123421341', '--type', 'customer_account.linked'], env);
    assert.equal(activity.code, 0, activity.stderr);
    assert.match(activity.stdout, /customer_account\.linked\tuser [0-9a-f-]{36}\taccount NL123421341\t\{.*"via":"admin".*"role":"owner"/);
    assert.match(activity.stdout, /"via":"onboarding"/);
    const badType = await runCliInProcess(['activity', 'list', '--type', 'no.such'], env);
    assert.equal(badType.code, 1);
    const found = await runCliInProcess(['user', 'find', 'NL123421341'], env);
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /first@example\.se\t[0-9a-f-]{36}\t\tNL123421341 \(owner\)/);
    const shown = await runCliInProcess(['user', 'show', '--email', 'first@example.se'], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Accounts: NL123421341 First Hosting \(owner\)\nSecond factors: none\nSessions: none/);
    const reset = await runCliInProcess(['user', 'reset-factors', '--email', 'first@example.se'], env);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /Reset the second factors of first@example\.se .*: removed nothing; 0 session\(s\) ended/);
    const disabled = await runCliInProcess(['user', 'disable', '--email', 'Order@Example.se'], env);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.stdout, /Disabled the login order@example\.se .*: it signs in nowhere; 0 session\(s\) ended/);
    const shownDisabled = await runCliInProcess(['user', 'show', '--email', 'order@example.se'], env);
    assert.match(shownDisabled.stdout, /\nDisabled since \d{4}-\d\d-\d\dT[^:]+:\d\d:[^ ]+: signs in nowhere/);
    const logged = await runCliInProcess(['activity', 'list', '--email', 'order@example.se', '--limit', '3'], env);
    assert.match(logged.stdout, /user\.disabled\tuser [0-9a-f-]{36}/);
    const adminActions = await runCliInProcess(['activity', 'list', '--type', 'admin.action', '--limit', '3'], env);
    assert.match(adminActions.stdout, /admin\.action\t.*"command":"portico user show"/, 'each command run on the data is an admin action');
    const unlocked = await runCliInProcess(['user', 'unlock', '--email', 'First@Example.se'], env);
    assert.equal(unlocked.code, 0, unlocked.stderr);
    assert.match(unlocked.stdout, /Lifted the sign-in lock of First@Example\.se/);
    const lastOwner = await runCliInProcess(['account', 'unlink', '--id', 'NL123421341', '--email', 'first@example.se'], env);
    assert.equal(lastOwner.code, 1);
    assert.match(lastOwner.stderr, /last owner of NL123421341/);
    const unknownUser = await runCliInProcess(['user', 'show', '--email', 'nobody@example.se'], env);
    assert.equal(unknownUser.code, 1);
    assert.match(unknownUser.stderr, /No user has the e-mail nobody@example\.se/);
    const rotated = await runCliInProcess(['keys', 'rotate'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    firstKid = /: (\S+) signs from now on/.exec(rotated.stdout)?.[1] ?? '';
    assert.ok(firstKid, rotated.stdout);
  });

  it('goes through the running server instead of opening its folder, and the server signs the user in', async () => {
    const env = { PORTICO_DATA_DIR: folder.path, PORTICO_STATIC_DIR: folder.path };
    const server = await startServer(env);
    try {
      // No demo user: the folder already had users.
      assert.doesNotMatch(server.output(), /demo user/);
      const created = await runCliInProcess(['user', 'create', '--email', 'second@example.se', '--password', 'Second-password-2'], env);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, new RegExp(`via the running server at ${server.url}`));
      const duplicate = await runCliInProcess(['user', 'create', '--email', 'SECOND@example.se', '--password', 'Other-password-3'], env);
      assert.equal(duplicate.code, 1);
      assert.match(duplicate.stderr, /exists already/);
      const listed = await runCliInProcess(['user', 'list'], env);
      assert.match(listed.stdout, /first@example\.se[\s\S]*second@example\.se/);

      const invited = await runCliInProcess(['user', 'invite', '--email', 'invited.via.server@example.se'], env);
      assert.equal(invited.code, 0, invited.stderr);
      assert.match(invited.stdout, /via the running server/);
      // Both welcome mails, the one the CLI sent on its own and the one the server sent, are in the one outbox.
      for (const to of ['invited.directly@example.se', 'invited.via.server@example.se']) {
        const outbox = (await (await fetch(`${server.url}/api/dev/outbox?to=${to}`)).json()) as { messages: { subject: string; text: string }[] };
        assert.match(outbox.messages[0]?.subject ?? '', /Welcome/, to);
        assert.match(outbox.messages[0]?.text ?? '', /#portico-link=/);
      }

      const account = await runCliInProcess(['account', 'create', '--id', 'SG234124123', '--name', 'Second Pte', '--contact', 'boss@example.se'], env);
      assert.equal(account.code, 0, account.stderr);
      assert.match(account.stdout, /Created customer account SG234124123 \(Second Pte\) via the running server/);
      const linked = await runCliInProcess(['account', 'link', '--id', 'SG234124123', '--email', 'second@example.se'], env);
      assert.equal(linked.code, 0, linked.stderr);
      const unknown = await runCliInProcess(['account', 'link', '--id', 'SG999999999', '--email', 'second@example.se'], env);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /customer account/i);
      const onboarded = await runCliInProcess(['account', 'onboard', '--id', 'SG234124123', '--email', 'second@example.se'], env);
      assert.equal(onboarded.code, 0, onboarded.stderr);
      assert.match(onboarded.stdout, /Onboarded the login second@example\.se to customer account SG234124123 \(Second Pte\) as owner via the running server/);
      const noAccount = await runCliInProcess(['account', 'onboard', '--id', 'SG999999999', '--email', 'second@example.se'], env);
      assert.equal(noAccount.code, 1);
      const foundViaServer = await runCliInProcess(['user', 'find', 'second@example.se'], env);
      assert.match(foundViaServer.stdout, /second@example\.se\t.*SG234124123 \(owner\)/);
      const viaServer = await runCliInProcess(['activity', 'list', '--email', 'second@example.se', '--limit', '5'], env);
      assert.equal(viaServer.code, 0, viaServer.stderr);
      assert.match(viaServer.stdout, /customer_account\.linked/);

      const signInAsSecond = () =>
        fetch(`${server.url}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ identifier: 'second@example.se', password: 'Second-password-2' }),
        });
      const disabled = await runCliInProcess(['user', 'disable', '--email', 'second@example.se'], env);
      assert.match(disabled.stdout, /Disabled the login second@example\.se via the running server/);
      assert.equal((await signInAsSecond()).status, 401, 'a disabled login is refused');
      const enabled = await runCliInProcess(['user', 'enable', '--email', 'second@example.se'], env);
      assert.match(enabled.stdout, /Enabled the login second@example\.se via the running server at \S+: it signs in again/);
      const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identifier: 'second@example.se', password: 'Second-password-2' }),
      });
      assert.equal(signIn.status, 200);
      // The one linked account is chosen silently.
      assert.equal(DoneStep.parse(await signIn.json()).activeAccount?.customerId, 'SG234124123');

      // The server signs with the key the CLI made in the folder; rotation and revocation go through the server.
      const published = async () => Jwks.parse(await (await fetch(`${server.url}/.well-known/jwks.json`)).json()).keys.map((key) => key.kid);
      assert.deepEqual(await published(), [firstKid]);
      const rotated = await runCliInProcess(['keys', 'rotate'], env);
      assert.equal(rotated.code, 0, rotated.stderr);
      const nextKid = /: (\S+) signs from now on/.exec(rotated.stdout)?.[1] ?? '';
      assert.deepEqual((await published()).sort(), [firstKid, nextKid].sort(), 'the previous key stays published');
      const revoked = await runCliInProcess(['keys', 'revoke', '--kid', firstKid], env);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.match(revoked.stdout, new RegExp(`^${nextKid}\tES256\tactive\tpublished`, 'm'));
      assert.match(revoked.stdout, new RegExp(`^${firstKid}\tES256\trevoked\tnot published`, 'm'));
      assert.deepEqual(await published(), [nextKid]);
      const unknownKid = await runCliInProcess(['keys', 'revoke', '--kid', 'no-such-key'], env);
      assert.equal(unknownKid.code, 1);
      assert.match(unknownKid.stderr, /No such key/);
    } finally {
      assert.equal(await server.stop(), 0, 'clean exit on SIGTERM');
    }
    // The server released the folder on shutdown: the CLI opens it directly again, and nothing was lost.
    const listed = await runCliInProcess(['user', 'list'], { PORTICO_DATA_DIR: folder.path });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /second@example\.se/);
  });

  it('refuses, with a clear message, to open a folder another process holds', async () => {
    const lock = await lockDataFolder(folder.path);
    try {
      const cli = await runCli(['user', 'list'], { PORTICO_DATA_DIR: folder.path });
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /in use by another Portico process.*Try again in a moment/s);
      const server = await startServer({ PORTICO_DATA_DIR: folder.path }).then(
        (s) => s.stop().then(() => assert.fail('a second server must not open a held folder')),
        (error: Error) => error.message,
      );
      assert.match(server, /in use by another Portico process/);
    } finally {
      await lock.release();
    }
  });

  it('checks its arguments before touching storage', async () => {
    // In-process: the checks run before anything is opened (and the folder still holds only what the tests above
    // made); the process, its exit code and its printing of errors are covered above.
    const env = { PORTICO_DATA_DIR: folder.path };
    const config = (preset?: string) => () => loadConfig({ ...env, ...(preset ? { PORTICO_PRESET: preset } : {}) });
    const refused = async (argv: string[], message: RegExp, preset?: string) =>
      assert.rejects(parseCommand(argv, config(preset)), (error: unknown) => error instanceof CliError && message.test(error.message));
    await refused(['user', 'create', '--email', 'x@example.se', '--password', 'short'], /--password: Too small/i);
    await refused(
      ['user', 'create', '--email', 'x@example.se', '--password', 'P@ssw0rd'],
      /does not meet the policy[\s\S]*--password: needs not a commonly used password/,
    );
    const leasing = await parseCommand(['user', 'create', '--email', 'x@example.se', '--password', 'plain lower case'], config('leasing'));
    assert.equal(leasing !== 'help' && leasing.input?.password, 'plain lower case', 'the leasing preset takes a plain pass phrase');
    await refused(['user', 'create', '--email', 'y@example.se', '--password', 'plain lower case'], /needs an upper-case letter\n.*needs a digit/);
    await refused(['user', 'delete'], /Unknown command "user delete"[\s\S]*Usage:/);
    assert.equal(await parseCommand([], config()), 'help');
    assert.equal(await parseCommand(['user', 'list', '--help'], config()), 'help');
    const listed = await runCliInProcess(['user', 'list'], env);
    assert.doesNotMatch(listed.stdout, /^[xy]@example\.se\t/m, 'nothing was created');
    const help = await runCli([], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: npm run portico/);
  });
});

describe('npm start on an empty data folder', () => {
  it('creates a demo user and prints its e-mail and password, which sign in', async () => {
    const folder = await temporaryFolder();
    const server = await startServer({ PORTICO_DATA_DIR: folder.path, PORTICO_STATIC_DIR: folder.path });
    try {
      const match = /demo user: (\S+)\s+password: (\S+)/.exec(server.output());
      assert.ok(match, server.output());
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identifier: match[1], password: match[2] }),
      });
      assert.equal(response.status, 200);
    } finally {
      await server.stop();
      await folder.remove();
    }
  });

  it('creates no demo user in production mode', async () => {
    const folder = await migratedFolder();
    const server = await startServer({
      PORTICO_DATA_DIR: folder.path,
      PORTICO_STATIC_DIR: folder.path,
      PORTICO_MODE: 'production',
      PORTICO_PUBLIC_URL: 'https://portal.example.com/',
      // Production needs somewhere to deliver mail and texts; nothing is sent in this test.
      SMTP_URL: 'smtp://127.0.0.1:9',
      PORTICO_MFA_METHODS: 'totp',
    });
    try {
      assert.match(server.output(), /Portico \(production\)/);
      assert.doesNotMatch(server.output(), /demo user/);
    } finally {
      await server.stop();
      await folder.remove();
    }
  });
});

describe('CLI on PostgreSQL', { skip: postgresSkipReason }, () => {
  it('works directly on the database, also while a server uses it', async () => {
    const database = await createTemporaryDatabase();
    const folder = await temporaryFolder();
    const env = { DATABASE_URL: database.url, PORTICO_DATA_DIR: folder.path, PORTICO_STATIC_DIR: folder.path };
    const server = await startServer(env);
    try {
      assert.match(server.output(), /storage: PostgreSQL/);
      const created = await runCliInProcess(['user', 'create', '--email', 'pg@example.se', '--password', 'Postgres-password-4'], env);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /PostgreSQL/);
      const response = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identifier: 'pg@example.se', password: 'Postgres-password-4' }),
      });
      assert.equal(response.status, 200);
    } finally {
      await server.stop();
      await folder.remove();
      await database.drop();
    }
  });
});
