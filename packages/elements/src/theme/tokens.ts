import { css } from 'lit';

/**
 * The public theme tokens and their defaults. Components read the private `--_portico-*` copies, so a token set
 * anywhere above (on `:root`, `body`, or the element itself) is inherited, and an unset one falls back here.
 * Include this chunk first in every component's `styles`.
 */
export const themeTokens = css`
  :host {
    --_portico-color-primary: var(--portico-color-primary, #1d4ed8);
    --_portico-color-on-primary: var(--portico-color-on-primary, #ffffff);
    --_portico-color-text: var(--portico-color-text, #1f2937);
    --_portico-color-surface: var(--portico-color-surface, #ffffff);
    --_portico-color-border: var(--portico-color-border, #6b7280);
    --_portico-color-danger: var(--portico-color-danger, #b91c1c);
    --_portico-font-family: var(
      --portico-font-family,
      system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif
    );
    --_portico-font-size: var(--portico-font-size, 1rem);
    --_portico-radius: var(--portico-radius, 0.5rem);
    --_portico-spacing: var(--portico-spacing, 1rem);
    --_portico-focus-ring: var(--portico-focus-ring, 0 0 0 3px rgb(29 78 216 / 0.45));
  }
`;
