import { css } from 'lit';
import { listSectionStyles } from '../shared/list-section-styles.ts';

export const securityStyles = css`
  ${listSectionStyles}

  /* Its subsections (recovery phone, codes, trusted devices) sit under the section's own title. */
  ::slotted([role='heading']) {
    margin-block-start: calc(var(--_portico-spacing) / 2) !important;
    font-size: 1em;
  }
`;
