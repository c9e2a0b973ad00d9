import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';
import { sectionStyles } from '../shared/section-styles.ts';

export const securityStyles = css`
  ${formStyles}
  ${sectionStyles}

  /* Its subsections (recovery phone, codes, trusted devices) sit under the section's own title. */
  ::slotted([role='heading']) {
    margin-block-start: calc(var(--_portico-spacing) / 2) !important;
    font-size: 1em;
  }

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    margin: 0 !important;
    padding: 0 !important;
    list-style: none;
  }
`;
