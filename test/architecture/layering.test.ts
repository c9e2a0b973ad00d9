import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../support/server-process.mjs';

/**
 * The layering of docs/ARCHITECTURE.md is enforced by `npm run lint`: each rule is tried here on a real file of the
 * layer with one forbidden import added, and must refuse it; the file as it is must pass.
 */

const breaks: { file: string; imports: string; why: RegExp }[] = [
  { file: 'packages/contract/src/errors.ts', imports: '@portico/client', why: /contract depends on nothing of ours/ },
  { file: 'packages/client/src/errors.ts', imports: 'lit', why: /client is headless/ },
  { file: 'packages/elements/src/define.ts', imports: '@portico/server/app', why: /server is not part of this layer/ },
  { file: 'server/src/services/tokens.ts', imports: '../adapters/system-clock.ts', why: /Services know ports only/ },
  { file: 'server/src/services/tokens.ts', imports: 'hono', why: /no HTTP/ },
  { file: 'server/src/adapters/system-clock.ts', imports: '../services/tokens.ts', why: /Adapters implement ports/ },
  { file: 'server/src/ports/clock.ts', imports: '../services/tokens.ts', why: /Ports are interfaces/ },
  { file: 'packages/mock/src/cookie-jar.ts', imports: '@portico/server/totp', why: /runs the app as a whole/ },
];

describe('the layering rules of the lint', () => {
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: repoRoot });
  });

  async function importErrors(file: string, extraImport?: string): Promise<string[]> {
    const source = await readFile(join(repoRoot, file), 'utf8');
    const text = extraImport === undefined ? source : `import '${extraImport}';\n${source}`;
    const [result] = await eslint.lintText(text, { filePath: join(repoRoot, file) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  for (const { file, imports, why } of breaks) {
    it(`refuses ${imports} in ${file}`, async () => {
      assert.deepEqual(await importErrors(file), [], 'the file as it is passes');
      const errors = await importErrors(file, imports);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0] ?? '', why);
    });
  }
});

describe('the headers of API answers', () => {
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: repoRoot });
  });

  /** The lint's messages for `file` with `line` added at its end. */
  async function errors(file: string, line = ''): Promise<string[]> {
    const source = await readFile(join(repoRoot, file), 'utf8');
    const [result] = await eslint.lintText(`${source}\n${line}\n`, { filePath: join(repoRoot, file) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  // An answer made complete (answer-headers.ts) carries only the headers it was told of.
  it('refuses a header set on the context in a route, but through setAnswerHeader', async () => {
    const file = 'server/src/routes/session-routes.ts';
    assert.deepEqual(await errors(file), [], 'the file as it is passes');
    const found = await errors(file, "export const sneaky = (c: { header(name: string, value: string): void }) => c.header('X-Extra', 'yes');");
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', /setAnswerHeader/);
  });

  it('refuses cookies written but by session-cookie.ts', async () => {
    const file = 'server/src/routes/session-routes.ts';
    const found = await errors(file, "import { setCookie } from 'hono/cookie';\nexport { setCookie };");
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', /session-cookie\.ts/);
  });
});
