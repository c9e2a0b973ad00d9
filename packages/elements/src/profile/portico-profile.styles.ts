import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const profileStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: calc(var(--_portico-spacing) * 1.5);
  }

  ::slotted([role='heading']) {
    margin: 0;
    font-size: 1.25em;
    font-weight: var(--_portico-heading-font-weight);
  }

  ::slotted([role='heading'][aria-level]:not(:first-child)) {
    font-size: 1.1em;
  }

  ::slotted(dl) {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem var(--_portico-spacing);
    margin: 0 !important;
  }

  ::slotted(p) {
    margin: 0 !important;
  }
`;
