// Lint: type-checked TypeScript rules everywhere, Lit and web-component rules (accessibility included) for the
// elements, and the layering of docs/ARCHITECTURE.md as import rules, so a break fails `npm run lint` (and `npm test`).
import eslint from '@eslint/js';
import litA11y from 'eslint-plugin-lit-a11y';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * One layer's import rule: the modules it may not import (paths as patterns, packages by name), each with why.
 * @param {string[]} files
 * @param {{ group: string[], message: string }[]} patterns
 */
function layer(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

const server = { group: ['@portico/server', '@portico/server/*', '**/server/src/**'], message: 'The server is not part of this layer.' };
const elements = { group: ['@portico/elements', '@portico/elements/*', '**/elements/src/**'], message: 'The elements sit above this layer.' };
const mock = { group: ['@portico/mock', '@portico/mock/*', '**/mock/src/**'], message: 'The mock is a host of this layer, not part of it.' };

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'server/migrations/**', 'packages/elements/custom-elements.json', 'coverage/**'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', '*.js', 'packages/*/*.mjs', 'test/*/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are errors, except the `_`-prefixed ones kept on purpose (a destructured field left out).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `async` marks functions that fulfil a promise-returning interface (a store's method): a throw in one must
      // reject, not throw, whether or not it awaits anything.
      '@typescript-eslint/require-await': 'off',
      // `void promise` marks a promise left to run on purpose (an element's first load).
      // node:test's describe/it return promises the runner awaits itself.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
    },
  },
  {
    // Browser tests: @open-wc's DOM-diff plugin types every chai `equal` as a promise (a DOM diff may be async), so
    // each plain `expect(…).to.equal(…)` would read as a floating one; and chai asserts with bare properties
    // (`expect(x).to.be.true`).
    files: ['packages/*/src/**/*.test.ts', 'packages/elements/src/test-helpers.ts'],
    // `(await oneEvent(el, name)) as CustomEvent<Detail>` names the event's detail where the helper cannot.
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Tests read answers as the wire gives them (`await response.json()`) and assert on their fields.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/test-support.ts', '**/*-test-support.ts', 'packages/elements/src/test-helpers.ts'],
    rules: {
      // Tests also stringify and add what they print, and Hono's test `request` answers a response or its promise.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/await-thenable': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Lit binds the listeners of a template (`@click=${this.onClick}`) to the element itself.
    files: ['packages/elements/src/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Plain JavaScript (build scripts, configs): checked by TypeScript's checkJs, not by the type-aware rules.
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...litA11y.configs.recommended,
  },

  // The layering (docs/ARCHITECTURE.md).
  layer(['packages/contract/src/**'], [{ group: ['@portico/*'], message: 'The contract depends on nothing of ours.' }, server, elements, mock]),
  layer(
    ['packages/client/src/**'],
    [server, elements, mock, { group: ['lit', 'lit/*', '@lit/*'], message: 'The client is headless: no Lit, no DOM rendering.' }],
  ),
  // Its tests may run it against the mock (a host of the elements, as a page is).
  { ...layer(['packages/elements/src/**'], [server, mock]), ignores: ['**/*.test.ts'] },
  layer(['packages/verify/src/**'], [server, elements, mock]),
  layer(
    ['server/src/ports/**'],
    [{ group: ['**/services/**', '**/adapters/**', '**/routes/**'], message: 'Ports are interfaces: they know nothing of what implements or uses them.' }],
  ),
  layer(
    ['server/src/services/**'],
    [{ group: ['**/adapters/**', '**/routes/**', 'hono', 'hono/*', '@hono/*'], message: 'Services know ports only: no adapter, no HTTP.' }],
  ),
  layer(['server/src/adapters/**'], [{ group: ['**/services/**', '**/routes/**'], message: 'Adapters implement ports; they never use services or routes.' }]),
  // An API answer made complete by answer-headers.ts carries only the headers it knows of: one set on the context
  // behind its back would be lost. The middlewares left out set theirs on answers made elsewhere, after the fact.
  {
    files: ['server/src/routes/**/*.ts', 'server/src/*.ts'],
    ignores: [
      'server/src/routes/middleware/answer-headers.ts',
      'server/src/routes/middleware/security-headers.ts',
      'server/src/routes/middleware/cors.ts',
      'server/src/app.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='c'][callee.property.name='header'][arguments.length>=2]",
          message: "Set an answer's header with setAnswerHeader (answer-headers.ts), or an answer made there loses it.",
        },
      ],
    },
  },
  {
    files: ['server/src/routes/**/*.ts', 'server/src/*.ts'],
    ignores: ['server/src/routes/middleware/session-cookie.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'hono/cookie',
              importNames: ['setCookie', 'deleteCookie', 'setSignedCookie'],
              message: 'Cookies are written by session-cookie.ts, which tells answer-headers.ts so (or an answer made there loses them).',
            },
          ],
        },
      ],
    },
  },
  layer(
    ['packages/mock/src/**'],
    [
      {
        group: ['@portico/server/totp', '**/server/src/services/**', '**/server/src/routes/**'],
        message: 'The mock runs the app as a whole (its composition root), not its parts.',
      },
      elements,
    ],
  ),
);
