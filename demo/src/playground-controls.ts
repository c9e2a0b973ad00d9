/**
 * The playground's control for one theme token: a colour picker, a slider or a select, labelled with the token's
 * name and what it affects. A control reports a value once the user changes it, and `null` for "back to default".
 */
import type { ThemeToken } from '../../packages/elements/src/theme/token-list.ts';

export interface TokenControl {
  readonly token: ThemeToken;
  readonly element: HTMLElement;
  /** Shows the scheme's default again unless the user changed this token. */
  showDefault(scheme: 'light' | 'dark'): void;
  /** Forgets the user's change and shows the scheme's default. */
  reset(scheme: 'light' | 'dark'): void;
}

interface Range {
  min: number;
  max: number;
  step: number;
  unit: string;
}

/** Slider ranges, in the unit of the token's default. */
const ranges: Record<string, Range> = {
  '--portico-font-size': { min: 12, max: 24, step: 1, unit: 'px' },
  '--portico-line-height': { min: 1.1, max: 2, step: 0.05, unit: '' },
  '--portico-heading-font-size': { min: 1, max: 2.5, step: 0.05, unit: 'em' },
  '--portico-heading-font-weight': { min: 300, max: 900, step: 100, unit: '' },
  '--portico-radius': { min: 0, max: 24, step: 1, unit: 'px' },
  '--portico-spacing': { min: 0.25, max: 2, step: 0.05, unit: 'rem' },
  '--portico-density': { min: 0.6, max: 1.5, step: 0.05, unit: '' },
  '--portico-control-height': { min: 2, max: 3.5, step: 0.05, unit: 'rem' },
  '--portico-focus-ring-width': { min: 1, max: 6, step: 1, unit: 'px' },
  '--portico-focus-ring-offset': { min: 0, max: 4, step: 1, unit: 'px' },
};

/** Slider start values where the default is in another unit than the slider (1rem = 16px). */
const rangeDefaults: Record<string, number> = { '--portico-font-size': 16, '--portico-radius': 8 };

const fonts: Array<[label: string, value: string]> = [
  ['System UI (default)', ''],
  ['Georgia (serif)', "Georgia, 'Times New Roman', serif"],
  ['Verdana (wide sans-serif)', 'Verdana, Geneva, sans-serif'],
  ['Trebuchet MS', "'Trebuchet MS', 'Segoe UI', sans-serif"],
  ['Monospace', "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace"],
];

let counter = 0;

function labelled(token: ThemeToken, input: HTMLElement, value?: HTMLOutputElement): HTMLElement {
  const id = `token-${++counter}`;
  input.id = id;
  input.dataset.token = token.name;
  const row = document.createElement('div');
  row.className = 'token';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.innerHTML = `<code></code><span class="affects"></span>`;
  label.querySelector('code')!.textContent = token.name;
  label.querySelector('.affects')!.textContent = token.affects.replace(/`/g, '');
  row.append(label, input);
  if (value) row.append(value);
  return row;
}

/** The control for `token`, or null for a token the playground does not edit (the whole focus-ring shadow). */
export function playgroundTokenControl(token: ThemeToken, onChange: (value: string | null) => void): TokenControl | null {
  if (token.kind === 'shadow') return null;
  let touched = false;

  if (token.kind === 'color') {
    const input = document.createElement('input');
    input.type = 'color';
    input.addEventListener('input', () => {
      touched = true;
      onChange(input.value);
    });
    return {
      token,
      element: labelled(token, input),
      showDefault(scheme) {
        if (!touched) input.value = token[scheme];
      },
      reset(scheme) {
        touched = false;
        this.showDefault(scheme);
      },
    };
  }

  if (token.kind === 'font') {
    const select = document.createElement('select');
    for (const [label, value] of fonts) select.add(new Option(label, value));
    select.addEventListener('change', () => {
      touched = select.value !== '';
      onChange(touched ? select.value : null);
    });
    return {
      token,
      element: labelled(token, select),
      showDefault() {
        if (!touched) select.value = '';
      },
      reset(scheme) {
        touched = false;
        this.showDefault(scheme);
      },
    };
  }

  const range = ranges[token.name];
  if (!range) return null;
  const input = document.createElement('input');
  input.type = 'range';
  input.min = String(range.min);
  input.max = String(range.max);
  input.step = String(range.step);
  const output = document.createElement('output');
  const start = rangeDefaults[token.name] ?? parseFloat(token.light);
  const show = (value: number) => {
    input.value = String(value);
    output.textContent = `${value}${range.unit}`;
  };
  show(start);
  input.addEventListener('input', () => {
    touched = true;
    show(Number(input.value));
    onChange(`${input.value}${range.unit}`);
  });
  const element = labelled(token, input, output);
  output.htmlFor.add(input.id);
  return {
    token,
    element,
    showDefault() {
      if (!touched) show(start);
    },
    reset(scheme) {
      touched = false;
      this.showDefault(scheme);
    },
  };
}
