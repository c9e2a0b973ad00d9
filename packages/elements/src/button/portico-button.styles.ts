import { css } from 'lit';
import { controlReset } from '../theme/guard.ts';

export const buttonStyles = css`
  :host {
    display: block;
    font-family: var(--_portico-font-family);
    font-size: var(--_portico-font-size);
  }

  [part~='base'] {
    display: grid;
  }

  :host([variant='text']) [part~='base'] {
    justify-items: start;
  }

  /* The button is light DOM: see controlReset for why every declaration here is important. */
  ::slotted(button) {
    ${controlReset}
    display: inline-flex !important;
    align-items: center !important;
    justify-content: center !important;
    gap: calc(var(--_portico-spacing) / 2) !important;
    inline-size: 100% !important;
    min-block-size: var(--_portico-control-height) !important;
    padding: calc(var(--_portico-spacing) / 2) var(--_portico-spacing) !important;
    font-weight: 600 !important;
    text-align: center !important;
    text-decoration: none !important;
    color: var(--_portico-color-on-primary) !important;
    background: var(--_portico-color-primary) !important;
    border: 1px solid var(--_portico-color-primary) !important;
    border-radius: var(--_portico-radius) !important;
    box-shadow: none !important;
    outline: none !important;
    cursor: pointer !important;
  }

  ::slotted(button:focus-visible) {
    outline: 2px solid transparent !important;
    box-shadow: var(--_portico-focus-ring) !important;
  }

  ::slotted(button[aria-busy='true']) {
    cursor: progress !important;
    opacity: 0.85 !important;
  }

  ::slotted([hidden]) {
    display: none !important;
  }

  /* Another way to do the form's job, beside its filled button ("Sign in with a passkey"): outlined. */
  :host([variant='secondary']) ::slotted(button) {
    color: var(--_portico-color-primary) !important;
    background: var(--_portico-color-surface) !important;
  }

  /* A secondary action that reads as a link ("Forgot password?", "Back to sign in", "Show password"). */
  :host([variant='text']) ::slotted(button) {
    inline-size: auto !important;
    padding-inline: calc(var(--_portico-spacing) / 4) !important;
    font-weight: 400 !important;
    color: var(--_portico-color-primary) !important;
    background: transparent !important;
    border-color: transparent !important;
    text-decoration: underline !important;
    text-underline-offset: 0.2em !important;
  }
`;
