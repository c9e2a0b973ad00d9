import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { en } from '../../packages/elements/src/i18n/messages.en.ts';

/**
 * The English catalogue comes in parts (`src/i18n/en/*.ts`), and each element imports the parts it speaks, so a page
 * downloads only the texts of the elements it has. A component that uses a key its imports do not bring would show
 * the key instead of the text whenever it is loaded on its own (`dist/sign-in.js`, `dist/components/<name>.js`).
 *
 * For every component module: the keys its code uses (every catalogue key written as a string literal in the modules
 * it imports statically) must all be in the parts it imports statically (`en/common.ts` always is: `msg.ts` imports
 * it). Modules it imports with `import()` are checked as components of their own.
 */

const srcDir = fileURLToPath(new URL('../../packages/elements/src/', import.meta.url));
const partsDir = join(srcDir, 'i18n/en');
const keys = Object.keys(en);

/** The component modules: `src/<name>/portico-<name>.ts`, and the two bundle entries. */
function componentModules(): string[] {
  const modules = readdirSync(srcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(srcDir, entry.name, `portico-${entry.name}.ts`))
    .filter((path) => existsSync(path));
  return [...modules, join(srcDir, 'entries/sign-in.ts'), join(srcDir, 'entries/portico.ts')];
}

/** The package's own source files `entry` imports statically, transitively (as esbuild resolves them). */
async function staticSources(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    conditions: ['source'],
    logLevel: 'silent',
    external: ['lit', 'lit/*', '@lit/*', 'qrcode', '@portico/*'],
  });
  const inputs: Metafile['inputs'] = result.metafile.inputs;
  const cwd = process.cwd();
  const start = relative(cwd, entry);
  const seen = new Set<string>();
  const pending = [start];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of inputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }
  return [...seen].map((path) => join(cwd, path)).filter((path) => path.startsWith(srcDir));
}

/** The keys a source file writes as string literals (each file read once: most are in every component's graph). */
const keysByFile = new Map<string, string[]>();
function keysUsedIn(path: string): string[] {
  let used = keysByFile.get(path);
  if (!used) {
    const source = readFileSync(path, 'utf8');
    used = keys.filter((key) => new RegExp(`['"\`]${key}['"\`]`).test(source));
    keysByFile.set(path, used);
  }
  return used;
}

/** The keys a catalogue part defines. */
function keysOfPart(source: string): string[] {
  return [...source.matchAll(/^ {2}(\w+):/gm)].map((match) => match[1] as string);
}

describe('English catalogue parts', () => {
  it('every key is in exactly one part', () => {
    const seen = new Map<string, string>();
    for (const file of readdirSync(partsDir)) {
      for (const key of keysOfPart(readFileSync(join(partsDir, file), 'utf8'))) {
        assert.equal(seen.get(key), undefined, `${key} is in ${seen.get(key)} and ${file}`);
        seen.set(key, file);
      }
    }
    assert.deepEqual([...seen.keys()].sort(), [...keys].sort());
  });

  it('each component imports the parts of every text it shows', async () => {
    const missing: string[] = [];
    for (const component of componentModules()) {
      const sources = await staticSources(component);
      // `en/common.ts` is among them through `msg.ts`, which every component imports.
      const parts = sources.filter((path) => path.startsWith(partsDir));
      const defined = new Set(parts.flatMap((path) => keysOfPart(readFileSync(path, 'utf8'))));
      const code = sources.filter((path) => !path.startsWith(partsDir) && !path.includes('/i18n/messages.'));
      const used = new Set(code.flatMap(keysUsedIn));
      const lacking = [...used].filter((key) => !defined.has(key));
      if (lacking.length > 0) missing.push(`${relative(srcDir, component)}: ${lacking.join(', ')}`);
    }
    assert.deepEqual(missing, [], 'components that use texts from parts they do not import');
  });

  it('the sign-in form alone brings only the shared texts', async () => {
    const sources = await staticSources(join(srcDir, 'entries/sign-in.ts'));
    const parts = sources.filter((path) => path.startsWith(partsDir)).map((path) => relative(partsDir, path));
    assert.deepEqual(parts, ['common.ts']);
  });
});
