import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

export const securityStyles = css`
  ${formStyles}
  ${messageFormStyles}

  ::slotted(p:empty) {
    display: none;
  }

  ::slotted([role='heading']) {
    margin-block-start: calc(var(--_portico-spacing) / 2);
    font-size: 1.05em;
    font-weight: var(--_portico-heading-font-weight);
  }

  /* What changed, after each change. */
  ::slotted(p[role='status']) {
    color: var(--_portico-color-success) !important;
  }

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    margin: 0 !important;
    padding: 0 !important;
    list-style: none;
  }

`;
