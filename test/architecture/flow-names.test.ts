import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/server-process.mjs';

/**
 * Flows are named by what they are ("customer-ID migration", "order onboarding"), never by the numbers of the help
 * articles they came from: those articles are not in the repository, so a newcomer could not follow "seed 001".
 */

/** "seed 001", "Seeds 000 and 003", "seeds 000, 004", "seed 004's", "article 002", also across a comment's line break. */
const articleNumber = /\b(?:seeds?|articles?)\s+(?:(?:\*|\/\/)\s*)?0\d\d\b/gi;

/** The tracked files a person reads: source, tests, documents. */
async function trackedTextFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('git', ['ls-files'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((path) => /\.(?:ts|tsx|mjs|js|md|json|html|css)$/.test(path))
    .filter((path) => path !== 'package-lock.json' && !path.startsWith('server/migrations/'));
}

/** Each line of `text` where an article number is named, as "path:line: text". */
export function articleNumberLines(path: string, text: string): string[] {
  const lines = text.split('\n');
  return [...text.matchAll(articleNumber)].map((match) => {
    const index = text.slice(0, match.index).split('\n').length - 1;
    return `${path}:${index + 1}: ${(lines[index] ?? '').trim().slice(0, 120)}`;
  });
}

describe('flow names', () => {
  it('finds an article number where one is written', () => {
    assert.deepEqual(articleNumberLines('a.ts', "ok\n// Seeds 000 and 003: invitations\n/** seed 004's form */"), [
      'a.ts:2: // Seeds 000 and 003: invitations',
      "a.ts:3: /** seed 004's form */",
    ]);
    assert.deepEqual(articleNumberLines('b.ts', 'the customer-ID migration; a seed of 16 bytes; 0001_init.sql'), []);
    assert.deepEqual(articleNumberLines('c.ts', "/**\n * the link starts seed\n * 003's steps.\n */"), ['c.ts:2: * the link starts seed']);
  });

  it('no file names a flow by a help-article number', async () => {
    const found: string[] = [];
    for (const path of await trackedTextFiles()) {
      // This file names the pattern it looks for.
      if (path === 'test/architecture/flow-names.test.ts') continue;
      found.push(...articleNumberLines(path, await readFile(join(repoRoot, path), 'utf8')));
    }
    assert.deepEqual(found, [], `name these flows by what they are:\n${found.join('\n')}`);
  });
});
