import { css } from 'lit';
import { controlReset } from '../theme/guard.ts';

export const fieldStyles = css`
  :host {
    display: block;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
    color: var(--_portico-color-text);
  }

  [part~='base'] {
    display: grid;
    gap: calc(var(--_portico-spacing) / 4);
  }

  [part~='control'] {
    display: grid;
  }

  /* The label and input are light DOM: see controlReset for why every declaration here is important. */
  ::slotted(label) {
    ${controlReset}
    display: block !important;
    padding: 0 !important;
    border: 0 !important;
    background: none !important;
    color: inherit !important;
    font-weight: 600 !important;
  }

  ::slotted(input),
  ::slotted(select) {
    ${controlReset}
    display: block !important;
    inline-size: 100% !important;
    min-block-size: var(--_portico-control-height) !important;
    padding: calc(var(--_portico-spacing) / 2) calc(var(--_portico-spacing) * 0.75) !important;
    font-weight: 400 !important;
    color: var(--_portico-color-text) !important;
    background: var(--_portico-color-background) !important;
    border: 1px solid var(--_portico-color-border) !important;
    border-radius: var(--_portico-radius) !important;
    box-shadow: none !important;
    outline: none !important;
  }

  ::slotted(input:focus-visible),
  ::slotted(select:focus-visible) {
    outline: 2px solid transparent !important;
    border-color: var(--_portico-color-primary) !important;
    box-shadow: var(--_portico-focus-ring) !important;
  }

  ::slotted(input[aria-invalid='true']) {
    border-color: var(--_portico-color-danger) !important;
  }

  /* Important display rules above would otherwise show what the hidden attribute hides. */
  ::slotted([hidden]) {
    display: none !important;
  }

  ::slotted(input:disabled),
  ::slotted(select:disabled) {
    opacity: 0.6 !important;
  }
`;
