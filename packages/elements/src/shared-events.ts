import { type AuthStep, eventNames, type PorticoErrorDetail } from '@portico/contract';
import type { ShownError } from './i18n/error-message.ts';

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

/**
 * Tells the host page about a failure the element has just shown (`portico-error`, bubbling and composed, so a host
 * listening on `document` hears every Portico element): its code, the message as shown, and any wait.
 */
export function announceError(target: EventTarget, shown: ShownError, message: string): void {
  const detail: PorticoErrorDetail = { code: shown.code, message };
  if (shown.retryAfterSeconds !== undefined) detail.retryAfterSeconds = shown.retryAfterSeconds;
  target.dispatchEvent(new CustomEvent(eventNames.error, { detail, bubbles: true, composed: true }));
}
