import { type CustomerAccount, limits, type User } from '@portico/contract';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import '../change-password/portico-change-password.ts';
import '../customer-accounts/portico-customer-accounts.ts';
import '../account-members/portico-account-members.ts';
import '../sessions/portico-sessions.ts';
import '../activity/portico-activity.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import '../i18n/en/account.ts';
import '../personal-number/portico-personal-number.ts';
import '../security/portico-security.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { SessionFollower } from '../shared/session-follower.ts';
import { submitButton } from '../shared/submit-button.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { profileStyles } from './portico-profile.styles.ts';

/** Detail of `portico-profile-updated`. */
export interface ProfileUpdatedDetail {
  /** The user as the server now has it. */
  user: User;
}

export const profileUpdatedEventName = 'portico-profile-updated';

/** A link of the profile's menu: the id of a section and the text of its heading. */
interface MenuEntry {
  id: string;
  label: string;
}

/** The heading of a section: the element itself, or the heading a nested section element renders first. */
function headingOf(section: HTMLElement): HTMLElement | null {
  return section.matches('[role="heading"]') ? section : section.querySelector<HTMLElement>(':scope > [role="heading"]');
}

/**
 * @summary "My details" (leasing portal) for the signed-in user, in sections a menu at the top links to, as a portal's
 * profile page does: "E-mail and name" (the e-mail address, the name, editable), "Change password"
 * (`<portico-change-password>`), where the policy offers BankID the personnummer it signs in with
 * (`<portico-personal-number>`, leasing portal), "2-step verification" (`<portico-security>`), and "Customer
 * accounts" (`<portico-customer-accounts>`, order onboarding, customer-ID migration): the accounts the login is linked to, and where old
 * customer-ID logins exist, a form to link one more by its customer ID and password. The menu lists the sections
 * shown; a link brings its section into view and moves the focus to its heading (also inside a host's shadow root,
 * where a fragment link could not reach), leaving the page's address as it is.
 *
 * Give it the signed-in `user` (e.g. from `portico-signed-in`'s detail) to skip a request; without one it asks
 * `GET /api/session`. Everything but the menu is rendered into the light DOM (`input[autocomplete="name"]`, the
 * password form), so browsers and password managers see the fields. Section titles are `role="heading"` elements
 * starting at `heading-level`, so the element fits the host page's outline.
 *
 * It follows the browser's session: when it ends (signed out here or in another tab, or found ended by a request) the
 * user and everything shown for them go, and it says "Sign in to see your details."; the next sign-in (a `user`
 * handed in, or, without one, its own `GET /api/session`) starts from fresh sections.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 * @slot heading - Holds the rendered "My details" heading, above the menu; do not put your own content here.
 *
 * @csspart menu - The menu of the sections (a `nav` with a list of links).
 *
 * @fires {CustomEvent<ProfileUpdatedDetail>} portico-profile-updated - The name was saved. Bubbles, composed. `detail: ProfileUpdatedDetail` (`{ user }`).
 * @fires {CustomEvent<PasswordChangedDetail>} portico-password-changed - From the nested `<portico-change-password>`.
 * @fires {CustomEvent<SecurityChangedDetail>} portico-security-changed - From the nested `<portico-security>`.
 * @fires {CustomEvent<PersonalNumberChangedDetail>} portico-personal-number-changed - From the nested `<portico-personal-number>`.
 * @fires {CustomEvent<AccountChangedDetail>} portico-account-changed - From the nested `<portico-customer-accounts>`: linking an account made it the
 * session's active one. Bubbles, composed. `detail: AccountChangedDetail`.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown. Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-color-primary - Filled buttons, text buttons and links, the focused input border, the current
 * account; default #1d4ed8 (dark #93c5fd). It is also link text on the card: for the dark scheme set a lighter value
 * in your own `@media (prefers-color-scheme: dark)` rule (a per-scheme pair).
 * @cssproperty --portico-color-on-primary - Text on filled (primary) buttons; default black or white, whichever
 * contrasts more with the primary colour (at least 4.58:1, so a light or dark brand colour stays readable in either
 * scheme); browsers without relative colours (before 2024) use #ffffff (dark #0b1220).
 * @cssproperty --portico-color-text - Text, headings, labels, input text; default #1f2937 (dark #f3f4f6).
 * @cssproperty --portico-color-text-muted - Secondary text: hints, customer IDs, the password rule checklist, the
 * footer; default #4b5563 (dark #a7b0be).
 * @cssproperty --portico-color-surface - The card, alerts, account buttons, secondary buttons; default #ffffff (dark
 * #1f2937).
 * @cssproperty --portico-color-background - Input fields and inset blocks (recovery codes, the setup key); behind a
 * dark element; default #ffffff (dark #111827).
 * @cssproperty --portico-color-border - Borders of the card, inputs and account buttons; default #6b7280 (dark
 * #9ca3af).
 * @cssproperty --portico-color-danger - Error messages and the border of an invalid input; default #b91c1c (dark
 * #fca5a5).
 * @cssproperty --portico-color-success - Confirmations: the status line after a change (2-step verification,
 * personnummer, a linked or chosen account); default #15803d (dark #86efac).
 * @cssproperty --portico-color-focus - The focus ring; default #1d4ed8 (dark #93c5fd).
 * @cssproperty --portico-font-family - All text; default system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica
 * Neue', Arial, sans-serif.
 * @cssproperty --portico-font-size - Base font size; text, controls and spacing in em scale with it; default 1rem.
 * @cssproperty --portico-line-height - Line height of text; default 1.5.
 * @cssproperty --portico-heading-font-size - The card heading (section headings are smaller); default 1.5em.
 * @cssproperty --portico-heading-font-weight - Headings; default 700.
 * @cssproperty --portico-radius - Corner radius of the card, inputs, buttons, alerts; default 0.5rem.
 * @cssproperty --portico-spacing - Base spacing unit, also the gap between the rows and sections (times the
 * density); default 1rem.
 * @cssproperty --portico-density - A factor for spacing and control heights: 0.75 compact, 1 normal, 1.25 roomy;
 * default 1.
 * @cssproperty --portico-control-height - Minimum height of inputs and buttons (times the density, never under
 * 1.5rem); default 2.75rem.
 * @cssproperty --portico-focus-ring-width - Width of the focus ring; default 3px.
 * @cssproperty --portico-focus-ring-offset - Gap between a focused control and its ring; default 1px.
 * @cssproperty --portico-focus-ring - The whole focus ring as a box-shadow; set it to replace width, offset and
 * colour; default a ring of the focus colour, width and offset.
 */
export class PorticoProfile extends LightDomFormElement {
  static override styles = [themeTokens, profileStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The level of the "My details" heading (1–6); its sections' headings are one level below. */
  @property({ attribute: 'heading-level', type: Number }) accessor headingLevel = 2;

  /** The signed-in user; when null the element asks the server for the session. */
  @property({ attribute: false }) accessor user: User | null = null;

  @state() private accessor loadState: 'loading' | 'signed-out' | 'failed' | 'ready' = 'loading';
  /** Asking the server who is signed in, and a failure to (shown with "Try again" instead of the sections). */
  private readonly loading = new RequestController(this);
  private get loadError(): ShownError | null {
    return this.loading.error;
  }
  /** Saving the name. */
  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    // What was typed stays, so it can be fixed rather than retyped.
    focus: (error) => error.code === 'invalid_request' && this.nameInput?.focus(),
  });
  @state() private accessor saved: 'saved' | 'removed' | null = null;
  /** The session's accounts, when this element asked for the session itself (else the section asks), and whose. */
  @state() private accessor sessionAccounts: {
    userId: string;
    accounts: CustomerAccount[];
    activeAccount: CustomerAccount | null;
  } | null = null;

  private readonly sessionFollower = new SessionFollower(this, (signedIn) => {
    if (!signedIn) {
      // The sections (with any error or half-typed password in them) go with the user: a new sign-in renders them anew.
      this.user = null;
      this.sessionAccounts = null;
      this.loadState = 'signed-out';
    } else {
      // Once the host, which hears of the sign-in too, had its chance to hand the user in.
      queueMicrotask(() => this.user ?? void this.reload());
    }
  });

  /** The sections the menu links to: each one's id and its heading's text, in their order. */
  @state() private accessor menu: readonly MenuEntry[] = [];

  private readonly nameId = uniqueId('portico-profile-name');
  private readonly errorId = uniqueId('portico-profile-error');
  private readonly sectionIdPrefix = uniqueId('portico-profile');

  /**
   * The sections come and go on their own (a nested element shows nothing until the server says it applies) and
   * their headings change language: the menu follows what is in the light DOM.
   */
  private readonly sectionWatcher = new MutationObserver(() => this.updateMenu());

  /** Asks the server again who is signed in (after the host signed someone else in, say). */
  async reload(): Promise<void> {
    this.loadState = 'loading';
    // A newer reload replaces one still running. Null is the answer for signed out; undefined, no answer to show.
    const session = await this.loading.load(
      () => clientFor(this.api).getSession(),
      () => (this.loadState = 'failed'),
    );
    if (session === undefined) return;
    this.sessionAccounts = session ? { userId: session.user.id, accounts: session.accounts, activeAccount: session.activeAccount } : null;
    this.user = session?.user ?? null;
    this.loadState = session ? 'ready' : 'signed-out';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.sectionWatcher.observe(this, { childList: true, subtree: true, characterData: true });
    if (!this.user) void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sectionWatcher.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A user handed in by the host is shown as is; a different one starts with a clean form.
    if (changed.has('user') && this.user) {
      if (changed.get('user')?.id !== this.user.id) {
        this.request.clear();
        this.saved = null;
        // Unsaved typing belonged to the previous user (the binding alone would keep it when both names are empty).
        const input = this.nameInput;
        if (input) input.value = this.user.name ?? '';
      }
      this.loadState = 'ready';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The same user handed in again means a new sign-in (say, after signing out): trusted devices, recovery codes
    // and factors may have changed since the section loaded. A different user gets a fresh section anyway (keyed).
    const previous = changed.get('user');
    if (changed.has('user') && previous && this.user && previous !== this.user && previous.id === this.user.id) {
      void this.querySelector('portico-security')?.reload();
    }
  }

  /**
   * The shadow tree: "My details" (slotted), the menu of its sections, then the sections. The menu is here, not in
   * the light DOM, so that page rules for links and lists cannot restyle it.
   */
  override render() {
    return html`<slot name="heading"></slot>
      ${
        this.menu.length > 0
          ? html`<nav part="menu" aria-label=${this.msg('profileMenuLabel')}>
            <ul>
              ${this.menu.map((entry) => html`<li><a href=${`#${entry.id}`} @click=${this.onMenuClick}>${entry.label}</a></li>`)}
            </ul>
          </nav>`
          : nothing
      }
      <slot></slot>`;
  }

  /**
   * The light DOM: the heading, then one section after another. A section starts with an element marked
   * `data-section` (its heading, or the element that renders its own heading, or nothing where it does not apply);
   * the menu lists each one that has a heading, so a new section (passkeys, once the server has them) needs no more
   * than that mark and a heading.
   */
  protected override renderForm() {
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 2, 1), 6);
    const heading = html`<div role="heading" aria-level=${level} slot="heading">${this.msg('profileHeading')}</div>`;
    const user = this.user;
    if (this.loadState !== 'ready' || !user) return html`${heading}${this.renderLoadState()}`;
    const subLevel = Math.min(level + 1, 6);
    const sectionHeading = (section: string, text: string) =>
      html`<div role="heading" aria-level=${subLevel} id=${this.sectionId(section)} data-section tabindex="-1">${text}</div>`;
    const { busy, error } = this.request;
    const describedBy = error ? this.errorId : undefined;
    // The accounts read with the session belong to its user only; for another, the section asks itself.
    const known = this.sessionAccounts?.userId === user.id ? this.sessionAccounts : null;
    return html`
      ${heading}
      ${sectionHeading('details', this.msg('profileDetailsHeading'))}
      <dl>
        <dt>${this.msg('emailLabel')}</dt>
        <dd>${user.email}</dd>
      </dl>
      <form aria-label=${this.msg('nameFormLabel')} @submit=${this.onSubmit}>
        <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
        <portico-field>
          <label slot="label" for=${this.nameId}>${this.msg('nameLabel')}</label>
          <input
            id=${this.nameId}
            name="name"
            type="text"
            autocomplete="name"
            maxlength=${limits.nameMaxLength}
            .value=${user.name ?? ''}
            aria-invalid=${error?.code === 'invalid_request' ? 'true' : 'false'}
            aria-describedby=${ifDefined(describedBy)}
            @input=${this.onEdit}
          />
        </portico-field>
        ${submitButton(busy, this.msg('saveNameButton'), this.msg('savingName'))}
      </form>
      <p role="status" data-notice>${this.saved ? this.msg(this.saved === 'saved' ? 'nameSaved' : 'nameRemoved') : nothing}</p>
      ${sectionHeading('password', this.msg('changePasswordHeading'))}
      <portico-change-password .api=${this.api} .email=${user.email}></portico-change-password>
      ${
        // Where the policy offers BankID: the personnummer it signs in with (the section shows nothing otherwise).
        keyed(
          user.id,
          html`<portico-personal-number
            id=${this.sectionId('personal-number')}
            data-section
            .api=${this.api}
            .email=${user.email}
            heading-level=${subLevel}
          ></portico-personal-number>`,
        )
      }
      ${sectionHeading('security', this.msg('securityHeading'))}
      ${
        // Another user signed in here gets a fresh section, with nothing of the previous one's left open.
        keyed(user.id, html`<portico-security .api=${this.api} .email=${user.email} heading-level=${Math.min(subLevel + 1, 6)}></portico-security>`)
      }
      ${keyed(user.id, html`<portico-sessions id=${this.sectionId('sessions')} data-section heading-level=${subLevel} .api=${this.api}></portico-sessions>`)}
      ${keyed(user.id, html`<portico-activity id=${this.sectionId('activity')} data-section heading-level=${subLevel} .api=${this.api}></portico-activity>`)}
      ${keyed(
        user.id,
        html`<portico-customer-accounts
          id=${this.sectionId('customer-accounts')}
          data-section
          heading-level=${subLevel}
          .api=${this.api}
          .accounts=${known?.accounts ?? null}
          .activeAccount=${known?.activeAccount ?? null}
        ></portico-customer-accounts>`,
      )}
      ${keyed(
        user.id,
        // The people of the account the session works in, for its owners and admins (a note for a member).
        html`<portico-account-members id=${this.sectionId('members')} data-section heading-level=${subLevel} .api=${this.api}></portico-account-members>`,
      )}
      ${keyed(
        user.id,
        // The active account's log, for its owners (nothing for anyone else).
        html`<portico-activity
          id=${this.sectionId('account-activity')}
          data-section
          scope="account"
          heading-level=${subLevel}
          .api=${this.api}
        ></portico-activity>`,
      )}
    `;
  }

  private sectionId(section: string): string {
    return `${this.sectionIdPrefix}-${section}`;
  }

  private updateMenu(): void {
    const menu = [...this.querySelectorAll<HTMLElement>(':scope > [data-section]')].flatMap((section) => {
      const heading = headingOf(section);
      return heading ? [{ id: section.id, label: heading.textContent?.trim() ?? '' }] : [];
    });
    const same = menu.length === this.menu.length && menu.every((entry, i) => entry.id === this.menu[i]?.id && entry.label === this.menu[i]?.label);
    if (!same) this.menu = menu;
  }

  /**
   * A menu link moves to its section itself: a link's fragment cannot reach into a shadow root the profile may sit
   * in, and changing the page's address would add a history entry the host did not ask for. The section's heading
   * takes the focus, so keyboard and screen reader users go on reading from there.
   */
  private onMenuClick(event: MouseEvent): void {
    const id = (event.currentTarget as HTMLAnchorElement).hash.slice(1);
    const section = this.querySelector<HTMLElement>(`:scope > [id="${CSS.escape(id)}"]`);
    const heading = section ? headingOf(section) : null;
    if (!section || !heading) return;
    event.preventDefault();
    // Focusable by script only; the heading of a nested section is that element's, so it is made so here.
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    section.scrollIntoView({ block: 'start' });
  }

  private renderLoadState() {
    switch (this.loadState) {
      case 'signed-out':
        return html`<p role="status">${this.msg('profileSignedOut')}</p>`;
      case 'failed':
        return html`<portico-alert>${this.loadError ? errorMessage(this.i18n, this.loadError) : nothing}</portico-alert>
          <portico-button>
            <button type="button" @click=${() => void this.reload()}>${this.msg('tryAgainButton')}</button>
          </portico-button>`;
      default:
        return html`<p role="status"><portico-spinner></portico-spinner>${this.msg('loadingProfile')}</p>`;
    }
  }

  private message(error: ShownError): string {
    if (error.code === 'invalid_request') return this.msg('errorInvalidName', { count: limits.nameMaxLength });
    return errorMessage(this.i18n, error);
  }

  private get nameInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.nameId}`);
  }

  /** An edit starts a new attempt: the last "saved" line no longer describes what is on screen. */
  private onEdit(): void {
    this.saved = null;
    this.request.edited();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.nameInput;
    if (this.request.busy || !input) return;
    this.saved = null;
    const answer = await this.request.run(() => clientFor(this.api).updateProfile({ name: input.value, locale: this.locale }));
    if (!answer) return;
    const { user } = answer;
    this.user = user;
    // Show the name as stored (trimmed) even when the rendered value did not change.
    input.value = user.name ?? '';
    this.saved = user.name === null ? 'removed' : 'saved';
    await this.updateComplete;
    const detail: ProfileUpdatedDetail = { user };
    this.dispatchEvent(new CustomEvent(profileUpdatedEventName, { detail, bubbles: true, composed: true }));
  }
}

defineElement('portico-profile', PorticoProfile);

declare global {
  interface HTMLElementTagNameMap {
    'portico-profile': PorticoProfile;
  }
  interface GlobalEventHandlersEventMap {
    'portico-profile-updated': CustomEvent<ProfileUpdatedDetail>;
  }
}
