import { html } from 'lit';
import '../button/portico-button.ts';
import type { Localizer } from '../i18n/localize-controller.ts';
import { requestNavigation } from '../shared-events.ts';
import '../spinner/portico-spinner.ts';

/**
 * The submit button of every form: while a request is under way it shows a spinner and `busyLabel`, and is
 * aria-disabled, not disabled, because disabling it would drop the keyboard focus mid-request. The forms ignore
 * submits while busy themselves.
 */
export function submitButton(busy: boolean, idleLabel: string, busyLabel: string) {
  return html`<portico-button>
    <button type="submit" aria-busy=${busy ? 'true' : 'false'} aria-disabled=${busy ? 'true' : 'false'}>
      ${busy ? html`<portico-spinner></portico-spinner>${busyLabel}` : idleLabel}
    </button>
  </portico-button>`;
}

/**
 * "Resend code", disabled with the seconds left while the wait runs ("Resend code (in n s)"). The same button in
 * every form that takes a sent code: sign-up, the sign-in step and the setup of a phone.
 */
export function resendButton(t: Localizer, waitSeconds: number, onResend: () => void) {
  return html`<portico-button variant="text">
    <button type="button" ?disabled=${waitSeconds > 0} @click=${onResend}>
      ${
        waitSeconds > 120
          ? t.msg('resendCodeInMinutes', { minutes: Math.ceil(waitSeconds / 60) })
          : waitSeconds > 0
            ? t.msg('resendCodeIn', { seconds: waitSeconds })
            : t.msg('resendCodeButton')
      }
    </button>
  </portico-button>`;
}

/** "Back to sign in" under a step: asks the step's owner for the sign-in form (`portico-navigate`). */
export function backToSignInButton(t: Localizer, step: EventTarget) {
  return html`<portico-button variant="text">
    <button type="button" @click=${() => requestNavigation(step, 'sign-in')}>${t.msg('backToSignIn')}</button>
  </portico-button>`;
}
