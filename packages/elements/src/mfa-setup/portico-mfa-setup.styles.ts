import { css } from 'lit';
import { formStyles, messageFormStyles, qrCodeStyles } from '../shared/form-styles.ts';

export const mfaSetupStyles = css`
  ${formStyles}
  ${messageFormStyles}

  ::slotted(ul) {
    display: grid;
    gap: var(--_portico-spacing);
    margin: 0 !important;
    padding: 0 !important;
    list-style: none;
  }

  ${qrCodeStyles}

  /* The key, for typing: a readable fixed-width font; never broken inside a group. */
  ::slotted(code) {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace !important;
    font-size: 1.1em !important;
    letter-spacing: 0.05em !important;
    word-spacing: 0.4em;
    justify-self: start;
    padding: calc(var(--_portico-spacing) / 2) calc(var(--_portico-spacing) * 0.75) !important;
    color: var(--_portico-color-text) !important;
    background: var(--_portico-color-background) !important;
    border: 1px solid var(--_portico-color-border) !important;
    border-radius: var(--_portico-radius);
  }
`;
