import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

export const mfaSetupStyles = css`
  ${formStyles}
  ${messageFormStyles}

  ::slotted(ul) {
    display: grid;
    gap: var(--_portico-spacing);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  ::slotted(img) {
    inline-size: 12rem;
    block-size: 12rem;
    background: #ffffff;
  }

  /* The key, for typing: a readable fixed-width font; never broken inside a group. */
  ::slotted(code) {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.1em;
    letter-spacing: 0.05em;
    word-spacing: 0.4em;
  }
`;
