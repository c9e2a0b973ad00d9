import { css } from 'lit';
import { formStyles, messageFormStyles } from '../shared/form-styles.ts';

export const bankidStyles = css`
  ${formStyles}
  ${messageFormStyles}

  /* The QR code: large enough to scan from a phone, on white whatever the theme, with its quiet zone. */
  ::slotted(img) {
    justify-self: center;
    inline-size: 12rem;
    block-size: 12rem;
    background: #ffffff;
  }

  /* "Open BankID on this device": a link (it starts the app), shaped like a secondary button. */
  ::slotted(a) {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-block-size: 2.75rem;
    padding: calc(var(--_portico-spacing) / 2) var(--_portico-spacing);
    font-weight: 600;
    color: var(--_portico-color-primary);
    background: var(--_portico-color-surface);
    border: 1px solid var(--_portico-color-primary);
    border-radius: var(--_portico-radius);
    text-decoration: none;
  }

  ::slotted(a:focus-visible) {
    outline: 2px solid transparent;
    box-shadow: var(--_portico-focus-ring);
  }
`;
