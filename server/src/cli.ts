import { type Config, loadConfig } from './config.ts';
import { CliError, parseCommand, usage } from './cli/arguments.ts';

/**
 * `npm run portico -- <command>`: the arguments are checked first (cli/arguments.ts), and only a command to carry out
 * loads the rest (cli/commands.ts: storage, services, the admin client).
 */
async function run(argv: string[]): Promise<void> {
  let config: Config | undefined;
  const parsed = await parseCommand(argv, () => (config ??= loadConfig()));
  if (parsed === 'help') {
    console.log(usage);
    return;
  }
  const { runCommand } = await import('./cli/commands.ts');
  await runCommand(parsed, config ?? loadConfig());
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof CliError) console.error(error.message);
    else if (error instanceof Error && error.name === 'ConfigError') console.error(error.message);
    else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(`${error.message}\n\n${usage}`);
    else console.error('Failed:', error);
    process.exit(1);
  },
);
