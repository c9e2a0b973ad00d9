import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const setPasswordStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
