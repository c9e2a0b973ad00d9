import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const securityStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted(p) {
    margin: 0;
  }

  /* Focused only by script, to take the user to what just changed; it is not a control. */
  ::slotted(p:focus) {
    outline: none;
  }

  ::slotted(p:empty) {
    display: none;
  }

  ::slotted([role='heading']) {
    margin-block-start: calc(var(--_portico-spacing) / 2);
    font-size: 1.05em;
    font-weight: 600;
  }

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
