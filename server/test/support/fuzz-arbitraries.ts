import fc from 'fast-check';
import { z } from 'zod';

/**
 * fast-check arbitraries for the fuzz test: request bodies derived from the contract's zod schemas (through zod's
 * own JSON Schema of their input side, since no maintained zod-4-to-fast-check library exists), then bent out of
 * shape the ways an attacker would.
 */

type JsonSchema = {
  [key: string]: unknown;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** Values that satisfy `schema`'s input side as JSON Schema says it (refinements after a transform may still refuse them). */
export function validBodies(schema: z.ZodType): fc.Arbitrary<unknown> {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return fromJsonSchema(root, root, 0);
}

function fromJsonSchema(root: JsonSchema, node: JsonSchema | boolean | undefined, depth: number): fc.Arbitrary<unknown> {
  if (node === undefined || node === true) return fc.jsonValue({ maxDepth: 2 });
  if (node === false) return fc.constant(null);
  if (node.$ref) return depth > 6 ? fc.constant(null) : fromJsonSchema(root, resolve(root, node.$ref), depth + 1);
  if ('const' in node) return fc.constant(node.const);
  if (node.enum) return fc.constantFrom(...node.enum);
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => fromJsonSchema(root, alternative, depth)));
  if (node.allOf) {
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of node.allOf) {
      const resolved = part.$ref ? resolve(root, part.$ref) : part;
      Object.assign(merged.properties!, resolved.properties);
      merged.required!.push(...(resolved.required ?? []));
    }
    return fromJsonSchema(root, merged, depth);
  }
  if (Array.isArray(node.type)) return fc.oneof(...node.type.map((type) => fromJsonSchema(root, { ...node, type }, depth)));
  switch (node.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: Math.max(node.minimum ?? -1e9, -1e9), max: Math.min(node.maximum ?? 1e9, 1e9) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: node.minimum ?? -1e9, max: node.maximum ?? 1e9 });
    case 'string':
      return strings(node);
    case 'array': {
      if (node.prefixItems) return fc.tuple(...node.prefixItems.map((item) => fromJsonSchema(root, item, depth + 1)));
      const minLength = node.minItems ?? 0;
      return fc.array(fromJsonSchema(root, node.items, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(node.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const properties = node.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, byName[name] ?? fromJsonSchema(root, property, depth + 1)]));
      return fc.record(model, { requiredKeys: node.required ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Fields whose rules sit after a transform (an address is trimmed and lower-cased, then checked), which JSON Schema of
 * the input side cannot carry: made as the contract means them, so valid requests get past validation.
 */
const byName: Record<string, fc.Arbitrary<unknown>> = {
  email: fc
    .tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,18}[a-z0-9])?$/), fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('se', 'example', 'com'))
    .map(([local, domain, top]) => `${local}@${domain}.${top}`),
  mainContactEmail: fc.constantFrom('billing@example.se', 'main.contact@example.com'),
  code: fc.stringMatching(/^\d{6}$/),
  customerId: fc.tuple(fc.constantFrom('NL', 'SG', 'US', 'DE', 'CDN'), fc.stringMatching(/^\d{9}$/)).map(([country, digits]) => `${country}${digits}`),
  recoveryCode: fc.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
};

function strings(node: JsonSchema): fc.Arbitrary<string> {
  const minLength = node.minLength ?? 0;
  const maxLength = Math.min(node.maxLength ?? Math.max(minLength, 64), Math.max(minLength, 300));
  if (node.format === 'email') return fc.emailAddress({ size: 'small' });
  if (node.format === 'uuid') return fc.uuid();
  if (node.pattern) {
    // `^[class]+$` and the like with a length: characters of the class, as many as the length allows. Any other
    // pattern as fast-check matches it, its length unchecked (a filter that can never pass would spin for ever).
    const charClass = /^\^(\[[^\]]+\])(?:\+|\*|\{\d+(?:,\d*)?\})\$$/.exec(node.pattern)?.[1];
    if (charClass) return fc.string({ unit: fc.stringMatching(new RegExp(`^${charClass}$`)), minLength, maxLength });
    return fc.stringMatching(new RegExp(node.pattern), { size: 'small' });
  }
  return fc.string({ minLength, maxLength, unit: 'binary' });
}

function resolve(root: JsonSchema, ref: string): JsonSchema {
  if (ref === '#') return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const definitions = match ? (root[match[1]!] as Record<string, JsonSchema> | undefined) : undefined;
  const found = match ? definitions?.[match[2]!] : undefined;
  if (!found) throw new Error(`unsupported $ref ${ref}`);
  return found;
}

/** A request as the fuzz test sends it: a media type and a raw body, and what was done to it. */
export interface FuzzRequest {
  kind: string;
  contentType: string | undefined;
  body: string;
}

const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constant([]),
  fc.constant({}),
  fc.constant('\u0000'),
  fc.constant('1e309'),
);

type Path = (string | number)[];

/** Every place in a JSON value (the root included). */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  return [path, ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...path, Array.isArray(value) ? Number(key) : key]))];
}

/** `root` with `replacement` at `path`, set as an own property (so `__proto__` becomes a key, as JSON.parse makes it). */
function setAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  Object.defineProperty(cursor, path.at(-1)!, { value: replacement, enumerable: true, writable: true, configurable: true });
  return copy;
}

function atSomePlace(valid: fc.Arbitrary<unknown>, replacement: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, replacement, fc.nat()).map(([value, inner, n]) => {
    const paths = pathsOf(value);
    return setAt(value, paths[n % paths.length]!, inner);
  });
}

function withKey(valid: fc.Arbitrary<unknown>, key: string, inner: unknown): fc.Arbitrary<unknown> {
  return valid.map((value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? setAt(value, [key], inner) : value));
}

const json =
  (kind: string) =>
  (value: unknown): FuzzRequest => ({ kind, contentType: 'application/json', body: JSON.stringify(value) ?? 'null' });

/**
 * Requests for an endpoint whose body is `schema`: valid ones, ones with a wrong type or a huge string somewhere,
 * deep nesting, `__proto__` and `constructor` keys, other media types, and broken JSON.
 */
export function fuzzRequests(schema: z.ZodType): fc.Arbitrary<FuzzRequest> {
  const valid = validBodies(schema);
  return fc.oneof(
    { weight: 3, arbitrary: valid.map(json('valid')) },
    { weight: 3, arbitrary: atSomePlace(valid, wrongType).map(json('wrong type')) },
    {
      weight: 1,
      arbitrary: atSomePlace(
        valid,
        fc.constantFrom(10_000, 60_000).map((n) => 'x'.repeat(n)),
      ).map(json('huge string')),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(100, 1_000, 20_000)
        .chain((depth) => fc.constantFrom(`${'['.repeat(depth)}${']'.repeat(depth)}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`))
        .map((body) => ({ kind: 'deep nesting', contentType: 'application/json', body })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(withKey(valid, '__proto__', { isAdmin: true, polluted: 'yes' }), withKey(valid, 'constructor', { prototype: { polluted: 'yes' } }))
        .map(json('prototype keys')),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            undefined,
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=utf-16',
            'application/jsonx',
            'APPLICATION/JSON',
          ),
        )
        .map(([value, contentType]) => ({ kind: 'media type', contentType, body: JSON.stringify(value) ?? 'null' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.nat())
        .chain(([value, n]) => {
          const text = JSON.stringify(value) ?? 'null';
          return fc.constantFrom(
            text.slice(0, n % Math.max(1, text.length)),
            `${text}garbage`,
            '',
            `\uFEFF${text}`,
            'NaN',
            '{"a":"\\ud800"}',
            'null',
            '"text"',
            '[]',
          );
        })
        .map((body) => ({ kind: 'broken JSON', contentType: 'application/json', body })),
    },
  );
}
