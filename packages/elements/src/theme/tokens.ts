import { css, unsafeCSS } from 'lit';

/** The colour schemes an element can be given with its `theme` attribute. */
export type PorticoTheme = 'light' | 'dark' | 'auto';

const systemFont = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/**
 * The defaults of the public tokens (`--portico-<name>`): name, light default, dark default when it differs. The
 * dark defaults keep WCAG AA contrast: text and muted text at least 4.5:1 on both surface and background, borders
 * and focus at least 3:1, on-primary on primary at least 4.5:1 (where relative colours work, on-primary is derived
 * from the primary instead: see `themeTokens`). What each token affects is in `token-list.ts`
 * (documentation and the playground), kept out of here so that it is not in every page's bundle. The focus ring
 * (`--portico-focus-ring`) is not listed: it is drawn from the focus colour, width and offset.
 */
export const themeTokenDefaults: ReadonlyArray<readonly [name: string, light: string, dark?: string]> = [
  ['color-primary', '#1d4ed8', '#93c5fd'],
  ['color-on-primary', '#ffffff', '#0b1220'],
  ['color-text', '#1f2937', '#f3f4f6'],
  ['color-text-muted', '#4b5563', '#a7b0be'],
  ['color-surface', '#ffffff', '#1f2937'],
  ['color-background', '#ffffff', '#111827'],
  ['color-border', '#6b7280', '#9ca3af'],
  ['color-danger', '#b91c1c', '#fca5a5'],
  ['color-success', '#15803d', '#86efac'],
  ['color-focus', '#1d4ed8', '#93c5fd'],
  ['font-family', systemFont],
  ['font-size', '1rem'],
  ['line-height', '1.5'],
  ['heading-font-size', '1.5em'],
  ['heading-font-weight', '700'],
  ['radius', '0.5rem'],
  ['spacing', '1rem'],
  ['density', '1'],
  ['control-height', '2.75rem'],
  ['focus-ring-width', '3px'],
  ['focus-ring-offset', '1px'],
];

/** The scheme's defaults, as inherited `--_portico-default-*` properties. */
function defaults(scheme: 'light' | 'dark'): string {
  return themeTokenDefaults.map(([name, light, dark]) => `--_portico-default-${name}: ${scheme === 'dark' ? (dark ?? light) : light};`).join('\n');
}

const lightDefaults = unsafeCSS(defaults('light'));
const darkDefaults = unsafeCSS(defaults('dark'));

/**
 * `--_portico-x: var(--portico-x, var(--_portico-default-x, <light default>))` for every token but the two that are
 * scaled by the density (below).
 */
const resolved = unsafeCSS(
  themeTokenDefaults
    .filter(([name]) => name !== 'spacing' && name !== 'control-height')
    .map(([name, light]) => `--_portico-${name}: var(--portico-${name}, var(--_portico-default-${name}, ${light}));`)
    .join('\n'),
);

/**
 * The public theme tokens and their defaults. Components read the private `--_portico-*` copies, so a token set
 * anywhere above (on `:root`, `body`, or the element itself) is inherited, and an unset one falls back to the
 * scheme's default. Include this chunk first in every component's `styles`.
 *
 * Why the defaults are themselves inherited properties (`--_portico-default-*`): an element with `theme="dark"` sets
 * them once, and every Portico element inside it (in its shadow tree or its light DOM) picks the dark defaults up
 * without a `theme` of its own; an element without `theme` keeps what it inherits, else the light defaults. A host's
 * own `--portico-*` value comes first in every `var()`, so it wins in every scheme.
 */
export const themeTokens = css`
  :host {
    ${resolved}
    --_portico-spacing: calc(
      var(--portico-spacing, var(--_portico-default-spacing, 1rem)) * var(--_portico-density)
    );
    --_portico-control-height: max(
      1.5rem,
      calc(var(--portico-control-height, var(--_portico-default-control-height, 2.75rem)) * var(--_portico-density))
    );
    --_portico-focus-ring: var(
      --portico-focus-ring,
      0 0 0 var(--_portico-focus-ring-offset) var(--_portico-color-surface),
      0 0 0 calc(var(--_portico-focus-ring-offset) + var(--_portico-focus-ring-width)) var(--_portico-color-focus)
    );
    line-height: var(--_portico-line-height);
    /* Inherited text styles of the page (say, an uppercase, letter-spaced section) stop at the element. */
    font-style: normal;
    font-weight: 400;
    letter-spacing: normal;
    text-indent: 0;
    text-shadow: none;
    text-transform: none;
    white-space: normal;
    word-spacing: normal;
  }

  /*
   * Text on the primary colour, unless the host sets it: black or white, whichever contrasts more with the primary
   * (at least 4.58:1 for any primary), so a host's brand colour gets readable button text in either scheme. The
   * switch is at the relative luminance WCAG measures contrast by (y of XYZ D65), where black and white contrast
   * equally: the clamp is 1 below it, else 0, and scales D65 white. Browsers without relative colours keep the
   * scheme's default above.
   */
  @supports (color: color(from red xyz-d65 x y z)) {
    :host {
      --_portico-color-on-primary: var(
        --portico-color-on-primary,
        color(
          from var(--_portico-color-primary) xyz-d65 calc(0.9505 * clamp(0, (0.1791 - y) * infinity, 1))
            clamp(0, (0.1791 - y) * infinity, 1) calc(1.089 * clamp(0, (0.1791 - y) * infinity, 1))
        )
      );
    }
  }

  :host([theme='light']) {
    ${lightDefaults}
    color-scheme: light;
  }

  /*
   * A dark element paints its background, so its light text stays readable on a light page; in the light scheme
   * nothing is painted (the page shows through, as a host expects). Elements with a card of their own (<portico-auth>)
   * turn this off.
   */
  :host([theme='dark']) {
    ${darkDefaults}
    color-scheme: dark;
    background-color: var(--_portico-color-background);
  }

  :host([theme='auto']) {
    ${lightDefaults}
    color-scheme: light dark;
  }

  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkDefaults}
      background-color: var(--_portico-color-background);
    }
  }
`;
