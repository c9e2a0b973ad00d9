import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const forgotPasswordStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
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
