import { css } from 'lit';

export const fieldStyles = css`
  :host {
    display: block;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
  }

  [part='base'] {
    display: grid;
    gap: calc(var(--_portico-spacing) / 4);
  }

  ::slotted(label) {
    font-weight: 600;
  }

  ::slotted(input) {
    box-sizing: border-box;
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: calc(var(--_portico-spacing) / 2) calc(var(--_portico-spacing) * 0.75);
    font: inherit;
    color: var(--_portico-color-text);
    background: var(--_portico-color-surface);
    border: 1px solid var(--_portico-color-border);
    border-radius: var(--_portico-radius);
  }

  ::slotted(input:focus-visible) {
    outline: 2px solid transparent;
    border-color: var(--_portico-color-primary);
    box-shadow: var(--_portico-focus-ring);
  }

  ::slotted(input[aria-invalid='true']) {
    border-color: var(--_portico-color-danger);
  }
`;
