import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { registeredTags } from './typings.ts';

/**
 * The Custom Elements Manifest (`packages/elements/custom-elements.json`, written by `npm run build:elements`) against
 * the sources: every tag `@portico/elements` registers is in it, with a description, the attributes its reactive
 * properties have, and every event its code dispatches, each with a `CustomEvent<Detail>` type whose detail type the
 * package exports. The sources are read as text, so a component added without documentation fails here.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const elementsDir = join(repoRoot, 'packages/elements');
const srcDir = join(elementsDir, 'src');
const read = (path: string) => readFileSync(path, 'utf8');

interface ManifestEvent {
  name?: string;
  type?: { text?: string };
  description?: string;
}
interface ManifestDeclaration {
  name: string;
  tagName?: string;
  customElement?: boolean;
  description?: string;
  attributes?: { name: string }[];
  events?: ManifestEvent[];
}
interface Manifest {
  modules: { path: string; declarations?: ManifestDeclaration[] }[];
}

/** The modules `index.ts` loads, statically or with `import()`, following relative imports. */
function moduleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of read(file).matchAll(/(?:from\s+|import\s*\(?\s*)'(\.[^']+\.ts)'/g)) {
      pending.push(resolve(dirname(file), match[1]!));
    }
  }
  return [...seen];
}

/** `defineElement('portico-x', Class)` calls: tag → the file that registers it. */
function registrations(files: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    for (const match of read(file).matchAll(/defineElement\('([a-z0-9-]+)',/g)) found.set(match[1]!, file);
  }
  return found;
}

/** Event-name constants of the elements (`stepEventName = 'portico-step'`) and the contract (`eventNames.signedIn`). */
function eventConstants(files: string[]): Map<string, string> {
  const constants = new Map<string, string>();
  for (const file of files) {
    for (const match of read(file).matchAll(/const (\w+EventName) = '([a-z-]+)'/g)) constants.set(match[1]!, match[2]!);
  }
  const contractDir = join(repoRoot, 'packages/contract/src');
  for (const file of readdirSync(contractDir).filter((name) => name.endsWith('.ts'))) {
    const block = /export const eventNames = \{([^}]*)\}/.exec(read(join(contractDir, file)))?.[1] ?? '';
    for (const match of block.matchAll(/(\w+): '([a-z-]+)'/g)) constants.set(`eventNames.${match[1]}`, match[2]!);
  }
  return constants;
}

/** The events one component file dispatches itself (not those of nested elements, which bubble through it). */
function dispatchedEvents(source: string, constants: Map<string, string>): Set<string> {
  const events = new Set<string>();
  const helpers: Record<string, string> = {
    announceError: 'portico-error',
    announceSignedIn: 'portico-signed-in',
    requestNavigation: 'portico-navigate',
    announceSecurityChange: 'portico-security-changed',
    // Its failures are announced as portico-error (see shared/request-controller.ts).
    RequestController: 'portico-error',
  };
  for (const [helper, name] of Object.entries(helpers)) if (new RegExp(`\\b${helper}\\(`).test(source)) events.add(name);
  for (const match of source.matchAll(/new CustomEvent(?:<[^>]+>)?\(\s*([\w.]+|'[a-z-]+')/g)) {
    const argument = match[1]!;
    const name = argument.startsWith("'") ? argument.slice(1, -1) : constants.get(argument);
    assert.ok(name, `unknown event name ${argument}`);
    events.add(name);
  }
  return events;
}

/** The attributes a component's own reactive properties have (Lit: the lower-cased name unless `attribute` says). */
function ownAttributes(source: string): { attributes: string[]; propertiesOnly: string[] } {
  const attributes: string[] = [];
  const propertiesOnly: string[] = [];
  for (const match of source.matchAll(/@property\((\{[^)]*\})?\)\s+(?:override\s+)?accessor\s+(\w+)/g)) {
    const options = match[1] ?? '';
    const property = match[2]!;
    if (/attribute:\s*false/.test(options)) propertiesOnly.push(property);
    else attributes.push(/attribute:\s*'([^']+)'/.exec(options)?.[1] ?? property.toLowerCase());
  }
  return { attributes, propertiesOnly };
}

/** The text of `index.ts` and the modules it re-exports wholesale (`export * from`): what names the package exports. */
function publicSource(file: string): string {
  const source = read(file);
  const reexported = [...source.matchAll(/export \* from '(\.[^']+\.ts)'/g)].map((match) => publicSource(resolve(dirname(file), match[1]!)));
  return [source, ...reexported].join('\n');
}

describe('custom-elements.json', () => {
  let manifest: Manifest;
  const files = moduleGraph(join(srcDir, 'index.ts'));
  const registered = registrations(files);
  const constants = eventConstants(files);
  const exportedSource = publicSource(join(srcDir, 'index.ts'));

  const declarationOf = (tag: string): ManifestDeclaration => {
    const found = manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName === tag);
    assert.equal(found.length, 1, `${tag}: one declaration in the manifest`);
    return found[0]!;
  };

  before(() => {
    const path = join(elementsDir, 'custom-elements.json');
    assert.ok(existsSync(path), 'packages/elements/custom-elements.json is missing: npm run build:elements');
    manifest = JSON.parse(read(path)) as Manifest;
    const packageJson = JSON.parse(read(join(elementsDir, 'package.json'))) as { customElements?: string };
    assert.equal(packageJson.customElements, './custom-elements.json', 'package.json names the manifest');
  });

  it('the typings list every registered tag (test/embedding/typings.ts checks each has its HTMLElementTagNameMap entry)', () => {
    assert.ok(registered.size >= 20, `found only ${registered.size} registrations`);
    assert.deepEqual([...registeredTags].sort(), [...registered.keys()].sort());
  });

  it('lists every registered tag with a description', () => {
    for (const tag of registered.keys()) {
      const declaration = declarationOf(tag);
      assert.equal(declaration.customElement, true, tag);
      assert.ok((declaration.description ?? '').trim().length > 20, `${tag}: a description`);
    }
  });

  it("lists each element's attributes, and none for properties without one", () => {
    for (const [tag, file] of registered) {
      const declaration = declarationOf(tag);
      const listed = new Set((declaration.attributes ?? []).map((attribute) => attribute.name));
      const { attributes, propertiesOnly } = ownAttributes(read(file));
      for (const attribute of attributes) assert.ok(listed.has(attribute), `${tag}: attribute ${attribute} (has ${[...listed].join(', ')})`);
      for (const property of propertiesOnly) assert.ok(!listed.has(property.toLowerCase()), `${tag}: ${property} has no attribute`);
      // Inherited from the base class every element extends: the colour scheme.
      assert.ok(listed.has('theme'), `${tag}: the theme attribute of PorticoElement (has ${[...listed].join(', ')})`);
    }
  });

  it('lists every event each element dispatches, with a CustomEvent<Detail> type the package exports', () => {
    let checked = 0;
    for (const [tag, file] of registered) {
      const declaration = declarationOf(tag);
      const events = new Map((declaration.events ?? []).map((event) => [event.name ?? '', event]));
      for (const name of dispatchedEvents(read(file), constants)) {
        const event = events.get(name);
        assert.ok(event, `${tag}: event ${name} is documented (@fires)`);
        checked += 1;
      }
      for (const [name, event] of events) {
        assert.match(name, /^portico-[a-z-]+$/, `${tag}: event name`);
        const type = /^CustomEvent<(\w+)>$/.exec(event.type?.text ?? '')?.[1];
        assert.ok(type, `${tag}: ${name} has a CustomEvent<Detail> type, not ${JSON.stringify(event.type?.text)}`);
        assert.match(exportedSource, new RegExp(`\\b${type}\\b`), `${tag}: ${name}'s detail type ${type} is exported by @portico/elements`);
        assert.ok((event.description ?? '').trim().length > 0, `${tag}: ${name} is described`);
      }
    }
    assert.ok(checked >= 40, `only ${checked} dispatched events found: the source scan is broken`);
  });
});
