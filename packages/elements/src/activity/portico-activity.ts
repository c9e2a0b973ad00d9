import { eventNames, type ActivityEntry } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import { errorMessage } from '../i18n/error-message.ts';
import '../i18n/en/account.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import type { Localizer } from '../i18n/localize-controller.ts';
import { roleName } from '../i18n/role-name.ts';
import { formatDateTime } from '../shared/format-date.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { RequestController } from '../shared/request-controller.ts';
import { listSectionStyles } from '../shared/list-section-styles.ts';
import { themeTokens } from '../theme/tokens.ts';

const pageSize = 10;

function text(detail: Record<string, unknown>, key: string): string {
  const value = detail[key];
  return typeof value === 'string' ? value : '';
}

/** What an entry says happened, in the element's language. */
export function activityText(t: Localizer, entry: ActivityEntry): string {
  const { detail } = entry;
  switch (entry.type) {
    case 'session.created':
      return t.msg('activitySignedIn');
    case 'session.ended':
      return t.msg('activitySessionEnded');
    case 'sign_in.failed':
      if (detail['reason'] === 'login_disabled') return t.msg('activitySignInDisabled');
      return detail['reason'] === 'invalid_credentials' ? t.msg('activitySignInFailed') : t.msg('activitySignInRefused');
    case 'mfa.failed':
      return t.msg('activityMfaFailed');
    case 'password.changed':
      if (detail['reason'] === 'reset') return t.msg('activityPasswordReset');
      return detail['reason'] === 'first_set' ? t.msg('activityPasswordSet') : t.msg('activityPasswordChanged');
    case 'mfa.enabled':
      return t.msg('activityMfaEnabled');
    case 'mfa.disabled':
      return t.msg('activityMfaDisabled');
    case 'passkey.added':
      return t.msg('activityPasskeyAdded');
    case 'passkey.removed':
      return t.msg('activityPasskeyRemoved');
    case 'recovery_code.used':
      return t.msg('activityRecoveryCodeUsed');
    case 'personal_number.changed':
      return t.msg('activityPersonalNumberChanged');
    case 'customer_account.linked':
      return t.msg('activityAccountLinked', { account: text(detail, 'accountName') || (entry.customerId ?? '') });
    case 'customer_account.role_changed': {
      const role = detail['role'];
      const shown = role === 'owner' || role === 'admin' || role === 'member' ? roleName(t, role).toLocaleLowerCase() : '';
      return t.msg('activityRoleChanged', { customerId: entry.customerId ?? '', role: shown });
    }
    case 'customer_account.unlinked':
      return t.msg('activityAccountUnlinked', { customerId: entry.customerId ?? '' });
    case 'user.created':
      return t.msg('activityLoginCreated');
    case 'user.updated': {
      // The language a page signed in in is remembered as the user's: said as such, not as details someone changed.
      const changed = detail['changed'];
      const languageOnly = Array.isArray(changed) && changed.length === 1 && changed[0] === 'locale';
      return t.msg(languageOnly ? 'activityLanguageChanged' : 'activityDetailsChanged');
    }
    case 'user.email_verified':
      return t.msg('activityEmailConfirmed');
    case 'user.disabled':
      return t.msg('activityLoginDisabled');
    case 'user.enabled':
      return t.msg('activityLoginEnabled');
    case 'admin.action':
      return t.msg('activityBySupport');
  }
}

/**
 * @summary "Recent activity" of the signed-in user: what happened to their login, newest first (sign-ins and failed
 * ones, sessions ended, password, 2-step verification and passkey changes, recovery codes used, personnummer and
 * customer-account changes), each with its time, browser and address, so something they did not do stands out.
 * "Show more" reads the next page. Used inside `<portico-profile>`; shows nothing when signed out.
 *
 * With `scope="account"`: "Activity in the account", the log of the account the session works in, for its owners
 * (sign-ins to it, people linked, removed, and roles changed), each entry naming whom it is about. For anyone else,
 * and without an active account, it shows nothing; it reads the log again when the active account changes.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - The log could not be read. Bubbles, composed.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoActivity extends LightDomFormElement {
  static override styles = [themeTokens, listSectionStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The level (1–6) of the section's heading. */
  @property({ attribute: 'heading-level', type: Number }) accessor headingLevel = 3;

  /** `user`: the signed-in person's own log; `account`: the active account's, for its owners. */
  @property({ reflect: true }) accessor scope: 'user' | 'account' = 'user';

  @state() private accessor entries: ActivityEntry[] | null = null;
  @state() private accessor nextBefore: string | null = null;
  /** Reading a page of the log, and a failure to. */
  private readonly request = new RequestController(this, {
    handled: (error) => {
      // Signed out; or, for the account's log, not an owner of an active account: nothing to show.
      if (error.code !== 'unauthenticated' && error.code !== 'role_forbidden' && error.code !== 'no_active_account') return false;
      this.entries = null;
      return true;
    },
  });

  private readonly headingId = uniqueId('portico-activity-heading');

  private readonly onAccountChanged = (): void => {
    if (this.scope === 'account') void this.reload();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(eventNames.accountChanged, this.onAccountChanged);
    void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(eventNames.accountChanged, this.onAccountChanged);
  }

  /** Reads the newest entries again. */
  async reload(): Promise<void> {
    this.entries = null;
    this.nextBefore = null;
    // A page still being read (of another account's log) is not shown.
    await this.more(true);
  }

  protected override renderForm() {
    const error = this.request.error;
    const loading = this.request.busy;
    if (!this.entries && !error) return nothing;
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 3, 1), 6);
    const entries = this.entries ?? [];
    const account = this.scope === 'account';
    return html`<div role="heading" aria-level=${level} id=${this.headingId}>${this.msg(account ? 'accountActivityHeading' : 'activityHeading')}</div>
      <portico-alert>${error ? errorMessage(this.i18n, error) : nothing}</portico-alert>
      ${entries.length === 0 && !error ? html`<p>${this.msg(account ? 'accountActivityNone' : 'activityNone')}</p>` : nothing}
      <ul aria-labelledby=${this.headingId}>
        ${repeat(
          entries,
          (entry) => entry.id,
          (entry) => html`<li data-type=${entry.type}>
            <strong>${account && entry.subjectName ? this.msg('accountActivityEntry', { name: entry.subjectName, what: activityText(this.i18n, entry) }) : activityText(this.i18n, entry)}</strong>
            <div>${[formatDateTime(this.i18n.locale, entry.at), entry.device, entry.clientAddress].filter(Boolean).join(' · ')}</div>
          </li>`,
        )}
      </ul>
      ${
        this.nextBefore || error
          ? html`<portico-button variant="secondary">
            <button type="button" aria-busy=${loading ? 'true' : 'false'} ?disabled=${loading} @click=${() => void this.more()}>
              ${error ? this.msg('tryAgainButton') : this.msg('activityShowMore')}
            </button>
          </portico-button>`
          : nothing
      }`;
  }

  /** The next (older) page, after what is shown; `replace`: instead of the one being read. */
  private async more(replace = false): Promise<void> {
    const before = this.nextBefore ?? undefined;
    const client = clientFor(this.api);
    const query = { limit: pageSize, ...(before ? { before } : {}) };
    const page = await this.request.run(
      (signal) => (this.scope === 'account' ? client.getAccountActivity(query, { signal }) : client.getActivity(query, { signal })),
      { replace },
    );
    if (!page) return;
    this.entries = [...(this.entries ?? []), ...page.entries];
    this.nextBefore = page.nextBefore;
  }
}

defineElement('portico-activity', PorticoActivity);

declare global {
  interface HTMLElementTagNameMap {
    'portico-activity': PorticoActivity;
  }
}
