import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const personalNumberStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted(p) {
    margin: 0 !important;
  }

  /* "Your personnummer has been saved." */
  ::slotted(p[role='status']) {
    color: var(--_portico-color-success) !important;
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
    font-weight: var(--_portico-heading-font-weight);
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
