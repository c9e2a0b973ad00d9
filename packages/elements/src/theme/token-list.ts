import { themeTokenDefaults } from './tokens.ts';

/** One public design token: its name, its defaults in the light and dark schemes, and what it affects. */
export interface ThemeToken {
  /** The public custom property a host sets, e.g. `--portico-color-primary`. */
  name: `--portico-${string}`;
  /** Default in the light scheme (the default scheme). */
  light: string;
  /** Default in the dark scheme; the same as `light` for tokens that do not depend on the scheme. */
  dark: string;
  /** What the token affects. */
  affects: string;
  /** What kind of value it takes (the theme playground picks its control by it). */
  kind: 'color' | 'length' | 'number' | 'font' | 'shadow';
}

/** What each token affects, and its kind. Documentation only: the styles need just the defaults (`tokens.ts`). */
const docs: Record<string, Pick<ThemeToken, 'affects' | 'kind'>> = {
  'color-primary': { kind: 'color', affects: 'Filled buttons, text buttons and links, the focused input border, the current account' },
  'color-on-primary': {
    kind: 'color',
    affects: 'Text on filled (primary) buttons. Unset: black or white, whichever contrasts more with the primary colour',
  },
  'color-text': { kind: 'color', affects: 'Text, headings, labels, input text' },
  'color-text-muted': { kind: 'color', affects: 'Secondary text: hints, customer IDs, the password rule checklist, the footer' },
  'color-surface': { kind: 'color', affects: 'The card, alerts, account buttons, secondary buttons' },
  'color-background': { kind: 'color', affects: 'Input fields and inset blocks (recovery codes, the setup key); behind a dark element' },
  'color-border': { kind: 'color', affects: 'Borders of the card, inputs and account buttons' },
  'color-danger': { kind: 'color', affects: 'Error messages and the border of an invalid input' },
  'color-success': {
    kind: 'color',
    affects: 'Confirmations: the status line after a change (2-step verification, personnummer, a linked or chosen account)',
  },
  'color-focus': { kind: 'color', affects: 'The focus ring' },
  'font-family': { kind: 'font', affects: 'All text' },
  'font-size': { kind: 'length', affects: 'Base font size; text, controls and spacing in `em` scale with it' },
  'line-height': { kind: 'number', affects: 'Line height of text' },
  'heading-font-size': { kind: 'length', affects: 'The card heading (section headings are smaller)' },
  'heading-font-weight': { kind: 'number', affects: 'Headings' },
  radius: { kind: 'length', affects: 'Corner radius of the card, inputs, buttons, alerts' },
  spacing: { kind: 'length', affects: 'Base spacing unit: gaps and paddings are multiples of it (times the density)' },
  density: { kind: 'number', affects: 'A factor for spacing and control heights: 0.75 compact, 1 normal, 1.25 roomy' },
  'control-height': { kind: 'length', affects: 'Minimum height of inputs and buttons (times the density, never under 1.5rem)' },
  'focus-ring-width': { kind: 'length', affects: 'Width of the focus ring' },
  'focus-ring-offset': { kind: 'length', affects: 'Gap between a focused control and its ring' },
};

/** Every public token, in the order of the documentation, with its defaults and what it affects. */
export const themeTokenList: readonly ThemeToken[] = [
  ...themeTokenDefaults.map(([name, light, dark]): ThemeToken => {
    const doc = docs[name];
    if (!doc) throw new Error(`--portico-${name} is not documented`);
    return { name: `--portico-${name}`, light, dark: dark ?? light, ...doc };
  }),
  {
    name: '--portico-focus-ring',
    light: 'a ring of the focus colour, its width and offset',
    dark: 'the same, in the dark colours',
    kind: 'shadow',
    affects: 'The whole focus ring as a box-shadow; set it to replace width, offset and colour',
  },
];
