import { html } from 'lit';
import '../button/portico-button.ts';
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
