import { type AuthStep, type DoneStep, eventNames, type PorticoErrorDetail, type SecurityOverview, type SignedInDetail } from '@portico/contract';
import type { ShownError } from './i18n/error-message.ts';

/** Where a building block asks its owner to go (`portico-navigate`). */
export interface NavigateDetail {
  to: 'sign-in' | 'forgot-password' | 'sign-up';
  /** Why the flow has to start over (e.g. `mfa_expired`): the owner shows it with the sign-in form. */
  error?: ShownError;
}

/** Detail of `portico-step`: the step the server answered with, for the owner to render. */
export type StepDetail = AuthStep;

export const navigateEventName = 'portico-navigate';

/** Asks the owner to go to `to` (`portico-navigate`, not bubbling); with `error`, the reason the flow starts over. */
export function requestNavigation(target: EventTarget, to: NavigateDetail['to'], error?: ShownError): void {
  const detail: NavigateDetail = error ? { to, error } : { to };
  target.dispatchEvent(new CustomEvent<NavigateDetail>(navigateEventName, { detail }));
}
export const stepEventName = 'portico-step';
export const passwordChangedEventName = 'portico-password-changed';
export const securityChangedEventName = 'portico-security-changed';

/** What changed in the two-factor settings (`portico-security-changed`). */
export type SecurityChange =
  | 'mfa_enabled'
  | 'mfa_disabled'
  | 'recovery_phone_added'
  | 'recovery_phone_removed'
  | 'recovery_codes_generated'
  | 'trusted_device_revoked'
  | 'other_sessions_ended'
  | 'passkey_added'
  | 'passkey_renamed'
  | 'passkey_removed';

/** Detail of `portico-security-changed`: the change, and the settings as the server now has them (null: not sent). */
export interface SecurityChangedDetail {
  change: SecurityChange;
  security: SecurityOverview | null;
}

/** Tells the host page (and an enclosing `<portico-security>`) that a two-factor setting changed. */
export function announceSecurityChange(target: EventTarget, detail: SecurityChangedDetail): void {
  target.dispatchEvent(new CustomEvent(securityChangedEventName, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'portico-navigate': CustomEvent<NavigateDetail>;
    'portico-step': CustomEvent<StepDetail>;
  }
  interface GlobalEventHandlersEventMap {
    'portico-security-changed': CustomEvent<SecurityChangedDetail>;
  }
}

/**
 * Tells the host page about a failure the element has just shown (`portico-error`, bubbling and composed, so a host
 * listening on `document` hears every Portico element): its code, the message as shown, and any wait. `message` is
 * the text, or a function of the error that writes it (in the target's own language: see `LocalizeController`).
 */
export function announceError(target: Element, shown: ShownError, message: string | ((shown: ShownError) => string)): void {
  const text = typeof message === 'string' ? message : message(shown);
  const detail: PorticoErrorDetail = { code: shown.code, message: text };
  if (shown.retryAfterSeconds !== undefined) detail.retryAfterSeconds = shown.retryAfterSeconds;
  target.dispatchEvent(new CustomEvent(eventNames.error, { detail, bubbles: true, composed: true }));
}

/** Tells the host page that a sign-in finished (`portico-signed-in`, bubbling and composed), from the `done` step. */
export function announceSignedIn(target: EventTarget, done: DoneStep): void {
  const detail: SignedInDetail = {
    user: done.user,
    session: done.session,
    activeAccount: done.activeAccount,
    accounts: done.accounts,
  };
  target.dispatchEvent(new CustomEvent(eventNames.signedIn, { detail, bubbles: true, composed: true }));
}
