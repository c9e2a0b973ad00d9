import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

/** The form, or after a change the confirmation that replaces it (a message and "Change it again"). */
export const changePasswordStyles = css`
  ${formStyles}
  ${messageFormStyles}
`;
