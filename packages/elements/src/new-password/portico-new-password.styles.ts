import { css } from 'lit';

export const newPasswordStyles = css`
  :host {
    display: grid;
    gap: calc(var(--_portico-spacing) / 2);
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
  }

  :host([hidden]) {
    display: none;
  }

  /* The show/hide toggle sits right under the input it controls. */
  ::slotted(portico-button) {
    justify-self: end;
    margin-block-start: calc(var(--_portico-spacing) / -2);
  }

  ::slotted(ul) {
    display: grid;
    gap: calc(var(--_portico-spacing) / 4);
    margin: 0 !important;
    padding: 0 !important;
    list-style: none;
    font-size: 0.875em !important;
    color: var(--_portico-color-text-muted) !important;
  }
`;
