import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';
import { sectionStyles } from '../shared/section-styles.ts';

export const customerAccountsStyles = css`
  ${formStyles}
  ${sectionStyles}

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    margin: 0 !important;
    padding: 0 !important;
    list-style: none;
  }
`;
