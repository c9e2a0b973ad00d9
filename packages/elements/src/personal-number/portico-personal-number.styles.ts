import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';
import { sectionStyles } from '../shared/section-styles.ts';

export const personalNumberStyles = css`
  ${formStyles}
  ${sectionStyles}
`;
