import { type ActiveSession, eventNames } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/account.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { formatDateTime } from '../shared/format-date.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { listSectionStyles } from '../shared/list-section-styles.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';

/**
 * @summary Where the signed-in user is signed in: one row per live session, newest sign-in first, with the browser
 * ("Chrome on Linux"), when and from which address it signed in, and when it was last used. The session of this page
 * is marked "This device"; every other one has "Sign out" (`POST /api/account/sessions/end`), after which that browser
 * is signed out at its next request, and a `role="status"` line says so. Used inside `<portico-profile>`; shows
 * nothing when signed out.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (`not_found` for a session that ended meanwhile, …). Bubbles, composed.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoSessions extends LightDomFormElement {
  static override styles = [themeTokens, listSectionStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The level (1–6) of the section's heading. */
  @property({ attribute: 'heading-level', type: Number }) accessor headingLevel = 3;

  @state() private accessor sessions: ActiveSession[] | null = null;
  @state() private accessor notice = '';
  /** The session being signed out. */
  @state() private accessor ending: string | null = null;
  /**
   * The last read failed: the section stays, with "Try again", also while that runs (the failure itself is cleared
   * as it starts), so the focus on the button is not lost.
   */
  @state() private accessor loadFailed = false;
  /** Reading the list, and a failure to (shown with "Try again" in the list's place). */
  private readonly loading = new RequestController(this, {
    // Signed out: nothing to show, and nothing to announce.
    handled: (error) => error.code === 'unauthenticated',
  });
  /** Signing a session out. */
  private readonly request = new RequestController(this, { message: (error) => this.message(error) });

  private readonly headingId = uniqueId('portico-sessions-heading');

  /** Another element signed out or in: read the list again (or clear it). */
  private readonly onSessionChanged = (): void => void this.reload();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(eventNames.signedOut, this.onSessionChanged);
    void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(eventNames.signedOut, this.onSessionChanged);
  }

  /** Reads the list again. */
  async reload(): Promise<void> {
    this.request.clear();
    // A newer read replaces one still running; a failure takes the list away before it is shown in its place.
    const answer = await this.loading.load(
      (signal) => clientFor(this.api).getSessions({ signal }),
      (error) => {
        this.sessions = null;
        this.loadFailed = error.code !== 'unauthenticated';
      },
    );
    if (answer) {
      this.sessions = answer.sessions;
      this.loadFailed = false;
    }
  }

  protected override renderForm() {
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 3, 1), 6);
    const error = this.request.error ?? this.loading.error;
    if (!this.sessions && !error && !this.loadFailed) return nothing;
    return html`<div role="heading" aria-level=${level} id=${this.headingId} tabindex="-1">${this.msg('sessionsHeading')}</div>
      <portico-alert>${error ? this.message(error) : nothing}</portico-alert>
      <p role="status" data-notice>${this.notice}</p>
      ${
        this.sessions
          ? html`<ul aria-labelledby=${this.headingId}>
            ${repeat(
              this.sessions,
              (session) => session.id,
              (session) => this.renderSession(session),
            )}
          </ul>`
          : html`<portico-button><button type="button" @click=${() => void this.reload()}>${this.msg('tryAgainButton')}</button></portico-button>`
      }`;
  }

  private renderSession(session: ActiveSession) {
    const signedIn = session.clientAddress
      ? this.msg('sessionSignedInFrom', { date: formatDateTime(this.i18n.locale, session.createdAt), address: session.clientAddress })
      : this.msg('sessionSignedIn', { date: formatDateTime(this.i18n.locale, session.createdAt) });
    return html`<li data-session-id=${session.id} aria-current=${session.current ? 'true' : 'false'}>
      <div><strong>${session.device}</strong>${session.current ? html` <span>${this.msg('sessionThisDevice')}</span>` : nothing}</div>
      <div>${signedIn}</div>
      <div>${this.msg('sessionLastUsed', { date: formatDateTime(this.i18n.locale, session.lastSeenAt) })}</div>
      ${
        session.current
          ? nothing
          : html`<portico-button variant="secondary">
            <button
              type="button"
              aria-label=${this.msg('sessionSignOutOf', { device: session.device, date: formatDateTime(this.i18n.locale, session.createdAt) })}
              aria-busy=${this.ending === session.id ? 'true' : 'false'}
              ?disabled=${this.ending !== null}
              @click=${() => void this.end(session)}
            >
              ${this.msg('sessionSignOutButton')}
            </button>
          </portico-button>`
      }
    </li>`;
  }

  private message(error: ShownError): string {
    return error.code === 'not_found' ? this.msg('errorSessionGone') : errorMessage(this.i18n, error);
  }

  private async end(session: ActiveSession): Promise<void> {
    if (this.ending !== null) return;
    this.ending = session.id;
    this.notice = '';
    // A refusal (the session ended meanwhile) shows the list as it now is.
    const answer = await this.request.run(() => clientFor(this.api).endSession({ id: session.id }), { beforeFailure: () => this.reload() });
    this.ending = null;
    if (answer) {
      this.sessions = answer.sessions;
      this.notice = this.msg('sessionSignedOut', { device: session.device });
    }
    await this.updateComplete;
    // The row is gone: the heading keeps the keyboard's place.
    this.querySelector<HTMLElement>(`#${this.headingId}`)?.focus();
  }
}

defineElement('portico-sessions', PorticoSessions);

declare global {
  interface HTMLElementTagNameMap {
    'portico-sessions': PorticoSessions;
  }
}
