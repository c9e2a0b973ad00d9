import { css } from 'lit';

export const setPasswordStyles = css`
  :host {
    display: grid;
    gap: var(--_portico-spacing);
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
  }

  ::slotted(form) {
    display: grid;
    gap: var(--_portico-spacing);
    margin: 0;
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
