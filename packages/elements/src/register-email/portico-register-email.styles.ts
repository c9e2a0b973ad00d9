import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

export const registerEmailStyles = css`
  ${formStyles}
  ${messageFormStyles}
`;
