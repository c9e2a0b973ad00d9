import { css } from 'lit';

export const buttonStyles = css`
  :host {
    display: block;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
  }

  ::slotted(button) {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_portico-spacing) / 2);
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding: calc(var(--_portico-spacing) / 2) var(--_portico-spacing);
    font: inherit;
    font-weight: 600;
    color: var(--_portico-color-on-primary);
    background: var(--_portico-color-primary);
    border: 1px solid var(--_portico-color-primary);
    border-radius: var(--_portico-radius);
    cursor: pointer;
  }

  ::slotted(button:focus-visible) {
    outline: 2px solid transparent;
    box-shadow: var(--_portico-focus-ring);
  }

  ::slotted(button[aria-busy='true']) {
    cursor: progress;
    opacity: 0.85;
  }

  /* A secondary action that reads as a link ("Forgot password?", "Back to sign in", "Show password"). */
  :host([variant='text']) ::slotted(button) {
    inline-size: auto;
    padding-inline: calc(var(--_portico-spacing) / 4);
    font-weight: 400;
    color: var(--_portico-color-primary);
    background: transparent;
    border-color: transparent;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
`;
