/**
 * Custom Elements Manifest of @portico/elements (`npm run build:manifest`, from the repository root): writes
 * `packages/elements/custom-elements.json`, which package.json names in `customElements` (editors, Storybook and
 * linters read tags, attributes, properties, events, slots, parts and CSS properties from it).
 */

/**
 * The elements register through `defineElement(tag, Class)` (it skips a tag that is taken, so loading twice does not
 * throw), which the analyzer does not know as a definition: this plugin reads those calls as
 * `customElements.define` would be read, giving each class its tag name and the module its definition export.
 */
function defineElementCalls() {
  return {
    name: 'portico:define-element-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tagArgument, classArgument] = node.arguments;
      if (!tagArgument || !ts.isStringLiteral(tagArgument) || !classArgument) return;
      const className = classArgument.getText();
      const declaration = moduleDoc.declarations?.find((candidate) => candidate.name === className);
      if (!declaration) return;
      declaration.tagName = tagArgument.text;
      declaration.customElement = true;
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tagArgument.text,
        declaration: { name: className, module: moduleDoc.path },
      });
    },
  };
}

/**
 * The class comments open with `@summary`, which the analyzer keeps apart from `description`; tools (editor hovers,
 * documentation pages) show `description`, so an element without one gets its summary there too. Events the
 * analyzer finds in `dispatchEvent` calls whose name is a constant (it lists them under the constant's name, such as
 * `stepEventName`) are dropped: the `@fires` lines document every event by its name and detail type.
 */
function describeElements() {
  return {
    name: 'portico:describe-elements',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          if (!declaration.description && declaration.summary) declaration.description = declaration.summary;
          if (declaration.events) declaration.events = declaration.events.filter((event) => /^[a-z][a-z0-9-]*$/.test(event.name ?? ''));
        }
      }
    },
  };
}

export default {
  // The components, and the base classes they inherit attributes from (`theme`, `lang`-driven rendering).
  globs: ['packages/elements/src/**/portico-*.ts', 'packages/elements/src/shared/*-element.ts'],
  exclude: ['packages/elements/src/**/*.test.ts', 'packages/elements/src/**/*.styles.ts'],
  outdir: 'packages/elements',
  litelement: true,
  // package.json names the manifest itself (`customElements`); the analyzer would write it into the root one.
  packagejson: false,
  plugins: [defineElementCalls(), describeElements()],
};
