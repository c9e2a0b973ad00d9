import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

export const recoveryCodesStyles = css`
  ${formStyles}
  ${messageFormStyles}

  ::slotted(ol) {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    gap: calc(var(--_portico-spacing) / 2) var(--_portico-spacing);
    margin: 0;
    padding-inline-start: 2em;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
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
