import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const customerAccountsStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted([role='heading']) {
    font-size: 1.05em;
    font-weight: var(--_portico-heading-font-weight);
  }

  ::slotted(p) {
    margin: 0 !important;
  }

  /* "… is now linked to your login." */
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
