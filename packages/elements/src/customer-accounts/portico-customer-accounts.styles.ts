import { css } from 'lit';
import { formStyles } from '../shared/form-styles.ts';

export const customerAccountsStyles = css`
  ${formStyles}

  :host {
    display: grid;
    gap: var(--_portico-spacing);
  }

  ::slotted(p) {
    margin: 0;
  }

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }
`;
