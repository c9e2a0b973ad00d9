import { css } from 'lit';
import { formStyles, messageFormStyles, qrCodeStyles } from '../shared/form-styles.ts';
import { controlReset } from '../theme/guard.ts';

export const bankidStyles = css`
  ${formStyles}
  ${messageFormStyles}

  ${qrCodeStyles}
  ::slotted(img) {
    justify-self: center;
  }

  /* "Open BankID on this device": a link (it starts the app), shaped like a secondary button. */
  /* Light DOM: important, so page rules for links do not reach it (see theme/guard.ts). */
  ::slotted(a) {
    ${controlReset}
    display: inline-flex !important;
    align-items: center !important;
    justify-content: center !important;
    min-block-size: var(--_portico-control-height) !important;
    padding: calc(var(--_portico-spacing) / 2) var(--_portico-spacing) !important;
    font-weight: 600 !important;
    color: var(--_portico-color-primary) !important;
    background: var(--_portico-color-surface) !important;
    border: 1px solid var(--_portico-color-primary) !important;
    border-radius: var(--_portico-radius) !important;
    text-decoration: none !important;
  }

  ::slotted(a:focus-visible) {
    outline: 2px solid transparent !important;
    box-shadow: var(--_portico-focus-ring) !important;
  }
`;
