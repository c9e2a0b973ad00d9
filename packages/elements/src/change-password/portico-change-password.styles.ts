import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const changePasswordStyles = css`
  ${formStyles}

  :host {
    display: block;
  }
`;
