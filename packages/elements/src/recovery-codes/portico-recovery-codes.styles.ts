import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

export const recoveryCodesStyles = css`
  ${formStyles}
  ${messageFormStyles}

  ::slotted(ol) {
    display: grid;
    /* Two columns where they fit; on a narrow screen one, no wider than the list (reflow at 320 px). */
    grid-template-columns: repeat(auto-fill, minmax(min(12rem, 100%), 1fr));
    gap: calc(var(--_portico-spacing) / 2) var(--_portico-spacing);
    margin: 0 !important;
    padding: calc(var(--_portico-spacing) / 2) var(--_portico-spacing) calc(var(--_portico-spacing) / 2) 2.5em !important;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace !important;
    color: var(--_portico-color-text) !important;
    background: var(--_portico-color-background) !important;
    border: 1px solid var(--_portico-color-border) !important;
    border-radius: var(--_portico-radius);
  }

  ::slotted([hidden]) {
    display: none;
  }

  ::slotted(div) {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_portico-spacing) / 2);
  }
`;
