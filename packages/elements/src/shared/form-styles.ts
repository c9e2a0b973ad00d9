import { css } from 'lit';

/**
 * What every light-DOM form element shares: the host's typography from the theme tokens, and the slotted
 * `<form>` laid out as a grid of rows. Each form adds its own `:host` display (and anything else) after it.
 *
 * Reflow (WCAG 1.4.10): on a phone 320 px wide nothing may scroll sideways. An e-mail address or a customer account's
 * name can be longer than a line with nowhere to break, so text breaks anywhere rather than stick out (inherited by
 * everything inside); the rows are `minmax(0, 1fr)`, so no row is wider than the element.
 */
export const formStyles = css`
  :host {
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
    overflow-wrap: anywhere;
  }

  /* The form is light DOM: important, so page rules for form elements do not move it (see theme/guard.ts). */
  ::slotted(form) {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_portico-spacing) !important;
    margin: 0 !important;
    padding: 0 !important;
    border: 0 !important;
    background: none !important;
  }
`;

/** Forms that swap in a message (e.g. "Check your e-mail") and offer text-style buttons: forgotten password, sign-up. */
export const messageFormStyles = css`
  :host {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_portico-spacing);
  }

  ::slotted(p) {
    margin: 0 !important;
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
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_portico-spacing);
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;

/**
 * A QR code image slotted from the light DOM (the 2-step setup's and BankID's): on white whatever the theme (scanners
 * need the contrast), with its quiet zone, large enough to scan from a phone. Important: page rules for `img` must
 * not resize it (see theme/guard.ts).
 */
export const qrCodeStyles = css`
  ::slotted(img) {
    box-sizing: content-box !important;
    inline-size: 12rem !important;
    block-size: 12rem !important;
    max-inline-size: none !important;
    margin: 0 !important;
    padding: 0.5rem !important;
    border: 0 !important;
    border-radius: var(--_portico-radius) !important;
    background: #ffffff !important;
  }
`;
