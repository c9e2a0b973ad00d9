import { css } from 'lit';

/**
 * What the sections of "My details" share (`<portico-profile>` and the elements it is made of), so that the page
 * reads as one: headings of one size, a confirmation after a change in the alerts' shape but the success colour, and
 * the same room between rows. Used by the signed-in elements only, so it is not in the sign-in page's bundle.
 *
 * A confirmation is a `p` with `data-notice` (and `role="status"`); while it says nothing it takes no room, and it
 * stays rendered, so screen readers already watch it when the message arrives (as `<portico-alert>` does).
 */
export const sectionStyles = css`
  :host {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_portico-spacing);
  }

  /* A section's title. A long Swedish compound ("Tvåstegsverifiering") hyphenates where the browser can. */
  ::slotted([role='heading']) {
    margin: 0 !important;
    font-size: 1.125em;
    font-weight: var(--_portico-heading-font-weight);
    line-height: 1.3;
    hyphens: auto;
  }

  ::slotted(p) {
    margin: 0 !important;
  }

  /* Focused only by script (a status line after a change): it is not a control. */
  ::slotted(p:focus) {
    outline: none;
  }

  ::slotted(p[data-notice]:not(:empty)) {
    padding: calc(var(--_portico-spacing) / 2) calc(var(--_portico-spacing) * 0.75) !important;
    color: var(--_portico-color-success) !important;
    background: var(--_portico-color-surface) !important;
    border: 1px solid currentColor !important;
    border-inline-start-width: 4px !important;
    border-radius: var(--_portico-radius);
  }

  ::slotted(p[data-notice]:empty) {
    position: absolute;
  }

  ::slotted(portico-button[variant='text']) {
    justify-self: start;
  }
`;
