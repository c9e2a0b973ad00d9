import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';
import { sectionStyles } from '../shared/section-styles.ts';

export const profileStyles = css`
  ${formStyles}
  ${sectionStyles}

  /* "My details", above its menu. */
  ::slotted([slot='heading']) {
    font-size: 1.25em;
  }

  /* Each section starts below a rule, a little apart from the one before. */
  ::slotted([data-section]) {
    margin-block-start: var(--_portico-spacing) !important;
    padding-block-start: calc(var(--_portico-spacing) * 1.5) !important;
    border-block-start: 1px solid var(--_portico-color-border) !important;
  }

  /* A section element with nothing to show (BankID not offered, say) takes no room: no rule, no gap. */
  ::slotted([data-section]:empty) {
    display: none;
  }

  ::slotted(dl) {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_portico-spacing);
    margin: 0 !important;
  }

  /* The menu: the sections' titles as links, in a row that wraps on a narrow screen. */
  [part='menu'] ul {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_portico-spacing) / 4) var(--_portico-spacing);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part='menu'] a {
    display: inline-block;
    /* At least 24 px high, as a pointer target should be (WCAG 2.5.8). */
    min-block-size: 1.5rem;
    padding-block: calc(var(--_portico-spacing) / 8);
    color: var(--_portico-color-primary);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    border-radius: calc(var(--_portico-radius) / 2);
    hyphens: auto;
  }

  [part='menu'] a:focus-visible {
    outline: 2px solid transparent;
    box-shadow: var(--_portico-focus-ring);
  }
`;
