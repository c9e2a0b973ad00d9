import { css } from 'lit';
import { formStyles } from './form-styles.ts';
import { sectionStyles } from './section-styles.ts';

/** A section of My details whose content is a list (accounts, people, passkeys): rows apart, no bullets. */
export const listSectionStyles = css`
  ${formStyles}
  ${sectionStyles}

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    margin: 0 !important;
    padding: 0 !important;
    list-style: none;
  }
`;
