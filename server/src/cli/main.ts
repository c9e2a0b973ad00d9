import { type Config, loadConfig } from '../config.ts';
import { CliError, parseCommand, usage } from './arguments.ts';

/** Where the CLI writes: standard output and standard error for `npm run portico`, a test's buffers in a test. */
export interface CliOutput {
  log(text: string): void;
  error(text: string): void;
}

/**
 * `npm run portico -- <command>` on `argv`, with the settings of `env`: checks the arguments first (cli/arguments.ts),
 * and only a command to carry out loads the rest (cli/commands.ts: storage, services, the admin client). Answers the
 * process's exit code: 0 when the command was carried out (or help shown), 1 with the reason written to `error`.
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<0 | 1> {
  let config: Config | undefined;
  try {
    const parsed = await parseCommand(argv, () => (config ??= loadConfig(env)));
    if (parsed === 'help') {
      output.log(usage);
      return 0;
    }
    const { runCommand } = await import('./commands.ts');
    await runCommand(parsed, config ?? loadConfig(env), (text) => output.log(text));
    return 0;
  } catch (error) {
    output.error(failure(error));
    return 1;
  }
}

/** What the CLI says of a failure: the message alone for what the person can mend, everything else in full. */
function failure(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof Error && error.name === 'ConfigError') return error.message;
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return `${error.message}\n\n${usage}`;
  return `Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
