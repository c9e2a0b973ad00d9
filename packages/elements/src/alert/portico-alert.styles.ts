import { css } from 'lit';

export const alertStyles = css`
  :host {
    display: block;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-danger);
  }

  /*
   * Empty, it takes no room, not even a grid row and gap in its parent; it stays rendered (not display: none) so
   * screen readers already watch it when a message arrives.
   */
  :host(:empty) {
    position: absolute;
  }

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
