import { css } from 'lit';

/**
 * What every light-DOM form element shares: the host's typography from the theme tokens, and the slotted
 * `<form>` laid out as a grid of rows. Each form adds its own `:host` display (and anything else) after it.
 */
export const formStyles = css`
  :host {
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
  }

  ::slotted(form) {
    display: grid;
    gap: var(--_portico-spacing);
    margin: 0;
  }
`;

/** Forms that swap in a message (e.g. "Check your e-mail") and offer text-style buttons: forgotten password, sign-up. */
export const messageFormStyles = css`
  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted(p) {
    margin: 0;
  }

  /* Focused only by script, to carry the user past the vanished form; it is not a control. */
  ::slotted(p:focus) {
    outline: none;
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;

/** A form element laid out as a grid of rows, its text buttons ("Back to sign in") at the start, not stretched. */
export const gridFormStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
