import { css } from 'lit';

export const accountPickerStyles = css`
  /* An account's name may be longer than a line with nowhere to break: it breaks anywhere (reflow at 320 px). */
  :host {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_portico-spacing);
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
    overflow-wrap: anywhere;
  }

  :host([hidden]) {
    display: none;
  }

  p {
    margin: 0;
  }

  .hint {
    font-size: 0.875em;
    color: var(--_portico-color-text-muted);
  }

  [part='list'] {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='account'] {
    box-sizing: border-box;
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: calc(var(--_portico-spacing) / 4) calc(var(--_portico-spacing) / 2);
    inline-size: 100%;
    min-block-size: var(--_portico-control-height);
    padding: calc(var(--_portico-spacing) / 2) calc(var(--_portico-spacing) * 0.75);
    font: inherit;
    text-align: start;
    color: var(--_portico-color-text);
    background: var(--_portico-color-surface);
    border: 1px solid var(--_portico-color-border);
    border-radius: var(--_portico-radius);
    cursor: pointer;
  }

  [part~='account']:hover {
    border-color: var(--_portico-color-primary);
  }

  [part~='account']:focus-visible {
    outline: 2px solid transparent;
    border-color: var(--_portico-color-primary);
    box-shadow: var(--_portico-focus-ring);
  }

  [part~='account'][aria-current='true'] {
    border-color: var(--_portico-color-primary);
    border-width: 2px;
  }

  [part~='account'][aria-busy='true'] {
    cursor: progress;
    opacity: 0.85;
  }

  [part='account-name'] {
    font-weight: 600;
  }

  [part='customer-id'] {
    grid-column: 1;
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
    color: var(--_portico-color-text-muted);
  }

  [part='current'] {
    grid-column: 2;
    grid-row: 1 / span 2;
    font-size: 0.875em;
    color: var(--_portico-color-primary);
    font-weight: 600;
  }

  portico-spinner {
    grid-column: 2;
    grid-row: 1 / span 2;
  }

  [part='status'] {
    color: var(--_portico-color-success);
  }

  [part='status']:focus {
    outline: none;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
