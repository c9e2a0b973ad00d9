import { runCli } from '../../server/src/cli/main.ts';
import { childEnv } from './server-process.mjs';

/**
 * Runs `npm run portico -- <args>` in the test's own process, with the environment a child would get: the same
 * answer as `runCli` of server-process.mjs, in about a third of the time (no Node start, no loading, PGlite's
 * WebAssembly compiled once). The CLI as a process of its own (its exit code, its printing, its lock on a data folder
 * against other processes) is tested with that one.
 */
export async function runCliInProcess(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, childEnv(env), {
    log: (text) => (stdout += `${text}\n`),
    error: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr };
}
