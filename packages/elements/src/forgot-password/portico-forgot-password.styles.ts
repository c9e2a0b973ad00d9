import { css } from 'lit';

export const forgotPasswordStyles = css`
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

  ::slotted(p) {
    margin: 0;
  }

  /* Focused only by script, to carry the user past the vanished form; it is not a control. */
  ::slotted(p:focus) {
    outline: none;
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
