import { runCli } from './cli/main.ts';

// `npm run portico -- <command>` (see cli/main.ts); the process ends as soon as the command has, whatever it left open.
void runCli(process.argv.slice(2), process.env, console).then((code) => process.exit(code));
