import { css } from 'lit';

/*
 * Reflow (WCAG 1.4.10): at 320 px nothing scrolls sideways. An address or an account name longer than a line breaks
 * anywhere (inherited by every step inside), and the card's rows are no wider than the card.
 */
export const authStyles = css`
  :host {
    display: block;
    max-inline-size: 26rem;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
    overflow-wrap: anywhere;
  }

  :host([hidden]) {
    display: none;
  }

  /* The card has its own background: behind its rounded corners the page shows, in every scheme. */
  :host([theme]) {
    background-color: transparent;
  }

  [part='card'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_portico-spacing);
    padding: calc(var(--_portico-spacing) * 1.5);
    background: var(--_portico-color-surface);
    border: 1px solid var(--_portico-color-border);
    border-radius: var(--_portico-radius);
  }

  [part='header'],
  [part='body'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_portico-spacing);
  }

  [part='logo'][hidden],
  [part='footer'][hidden] {
    display: none;
  }

  [part='heading'] {
    margin: 0;
    font-size: var(--_portico-heading-font-size);
    font-weight: var(--_portico-heading-font-weight);
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
    display: block;
    max-block-size: 3rem;
    max-inline-size: 100%;
  }

  [part='footer'] {
    padding-block-start: var(--_portico-spacing);
    border-block-start: 1px solid var(--_portico-color-border);
    color: var(--_portico-color-text-muted);
    font-size: 0.875em;
  }

`;
