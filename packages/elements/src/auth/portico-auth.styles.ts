import { css } from 'lit';

export const authStyles = css`
  :host {
    display: block;
    max-inline-size: 26rem;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
  }

  [part='card'] {
    display: grid;
    gap: var(--_portico-spacing);
    padding: calc(var(--_portico-spacing) * 1.5);
    background: var(--_portico-color-surface);
    border: 1px solid var(--_portico-color-border);
    border-radius: var(--_portico-radius);
  }

  [part='heading'] {
    margin: 0;
    font-size: 1.5em;
    line-height: 1.2;
  }

  [part='message'] {
    margin: 0;
  }

  /* Focused only by script, to carry the user past the vanished form; it is not a control. */
  [part='message']:focus {
    outline: none;
  }

  slot[name='logo']::slotted(*) {
    justify-self: start;
    max-block-size: 3rem;
  }
`;
