import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

export const mfaStyles = css`
  ${formStyles}
  ${messageFormStyles}

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 4);
    margin: 0 !important;
    padding: 0 !important;
    list-style: none;
  }

  ::slotted([hidden]) {
    display: none;
  }
`;
