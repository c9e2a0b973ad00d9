import { css } from 'lit';

export const changePasswordStyles = css`
  :host {
    display: block;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
  }

  ::slotted(form) {
    display: grid;
    gap: var(--_portico-spacing);
    margin: 0;
  }
`;
