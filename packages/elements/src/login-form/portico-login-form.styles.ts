import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const loginFormStyles = css`
  ${formStyles}

  :host {
    display: block;
  }
`;
