import type { AuthStep } from '@portico/contract';

/** Where a building block asks its owner to go (`portico-navigate`). */
export interface NavigateDetail {
  to: 'sign-in' | 'forgot-password' | 'sign-up';
}

/** Detail of `portico-step`: the step the server answered with, for the owner to render. */
export type StepDetail = AuthStep;

export const navigateEventName = 'portico-navigate';
export const stepEventName = 'portico-step';
export const passwordChangedEventName = 'portico-password-changed';

declare global {
  interface HTMLElementEventMap {
    'portico-navigate': CustomEvent<NavigateDetail>;
    'portico-step': CustomEvent<StepDetail>;
  }
}
