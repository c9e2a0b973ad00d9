import { css } from 'lit';

export const alertStyles = css`
  :host {
    display: block;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-danger);
  }

  /* Empty, it takes no room; it stays rendered so screen readers already watch it when a message arrives. */
  :host(:empty) [part='base'] {
    display: none;
  }

  [part='base'] {
    padding: calc(var(--_portico-spacing) / 2) calc(var(--_portico-spacing) * 0.75);
    border: 1px solid currentColor;
    border-inline-start-width: 4px;
    border-radius: var(--_portico-radius);
    background: var(--_portico-color-surface);
  }
`;
