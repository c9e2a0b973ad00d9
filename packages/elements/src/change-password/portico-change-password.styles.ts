import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';
import { sectionStyles } from '../shared/section-styles.ts';

/** The form, or after a change the confirmation that replaces it (a message and "Change it again"). */
export const changePasswordStyles = css`
  ${formStyles}
  ${sectionStyles}
`;
