import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const personalNumberStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted(p) {
    margin: 0;
  }

  ::slotted(p:empty) {
    display: none;
  }

  /* Focused only by script, after a change: it is not a control. */
  ::slotted(p:focus) {
    outline: none;
  }

  ::slotted([role='heading']) {
    font-size: 1.05em;
    font-weight: 600;
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
