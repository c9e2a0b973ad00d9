import { type AccountMember, type AccountMembers, type AccountRole, eventNames, limits } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/account.ts';
import { roleName } from '../i18n/role-name.ts';
import { formatDate } from '../shared/format-date.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { submitButton } from '../shared/submit-button.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { listSectionStyles } from '../shared/list-section-styles.ts';

const roles: readonly AccountRole[] = ['owner', 'admin', 'member'];

/**
 * The roles someone with `actor`'s role may give `member` (the server's rules, mirrored only to show the controls
 * that can work; the server decides): an owner any; an admin admin or member, and nothing for an owner.
 */
function rolesOffered(actor: AccountRole, member: AccountMember): readonly AccountRole[] {
  if (actor === 'owner') return roles;
  if (actor === 'admin' && member.role !== 'owner') return ['admin', 'member'];
  return [];
}

/**
 * What a refused read of the people shows instead of them: a member gets a note (the list is for owners and admins);
 * signed out, or with no account chosen, there is nothing to show; anything else is a failure, with "Try again".
 */
function refusedState(error: ShownError): 'member' | 'none' | 'failed' {
  if (error.code === 'role_forbidden') return 'member';
  if (error.code === 'unauthenticated' || error.code === 'no_active_account') return 'none';
  return 'failed';
}

function displayName(member: AccountMember): string {
  return member.name ?? member.email;
}

/**
 * @summary The people of the customer account the session works in, for its owners and admins: each one's name,
 * e-mail, role and last sign-in, in a labelled list ("(you)" marks the signed-in person). An owner may give anyone
 * any role; an admin may make members admins and back, and remove members and admins; an owner's row shows no
 * controls to an admin. A role is changed with the row's "Role" select (`POST /api/account/members/role`); "Remove"
 * asks for a confirmation in the row, then unlinks the person (`POST /api/account/members/remove`; their login stays).
 * A `role="status"` line says what changed; a refusal (`last_owner`: the account keeps an owner; `role_forbidden`)
 * is announced in a `role="alert"` and the list shows the people as they are.
 *
 * A **member** sees no list: the element says that the account's owners and admins manage who works in it. Before an
 * account is chosen, or signed out, it shows nothing. It follows the session's account: when another element
 * switches it (`portico-account-changed`), the list is read again.
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (`last_owner`, `role_forbidden`, `not_found`, …). Bubbles, composed.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-color-text-muted - The e-mail and last sign-in lines.
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoAccountMembers extends LightDomFormElement {
  static override styles = [themeTokens, listSectionStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The level (1–6) of the section's heading. */
  @property({ attribute: 'heading-level', type: Number }) accessor headingLevel = 3;

  @state() private accessor loadState: 'loading' | 'none' | 'member' | 'failed' | 'ready' = 'loading';
  @state() private accessor people: AccountMembers | null = null;
  @state() private accessor memberOf: string | null = null;
  /** Reading the people, and a failure to (shown with "Try again" in the list's place). */
  private readonly loading = new RequestController(this, {
    // A state of the element, shown as such: neither an error nor announced.
    handled: (error) => refusedState(error) !== 'failed',
  });
  @state() private accessor notice = '';
  /** The person whose change is on its way. */
  @state() private accessor busyUserId: string | null = null;
  /** Changing a colleague's role or removing them. */
  private readonly change = new RequestController(this, { message: (error) => this.message(error) });
  /** The person whose removal waits for a confirmation. */
  @state() private accessor confirming: string | null = null;

  /** The invitation on its way, and its refusal, apart from the list's. */
  /** Inviting someone: the invitation form's own request, busy state and error. */
  private readonly invitation = new RequestController(this, {
    message: (error) => this.message(error),
    // What was typed stays, selected, so typing replaces it.
    focus: () => {
      const email = this.querySelector<HTMLInputElement>(`#${this.inviteEmailId}`);
      email?.focus();
      email?.select();
    },
  });

  private readonly headingId = uniqueId('portico-members-heading');
  private readonly inviteEmailId = uniqueId('portico-members-invite-email');
  private readonly inviteRoleId = uniqueId('portico-members-invite-role');
  private readonly inviteErrorId = uniqueId('portico-members-invite-error');
  private readonly errorId = uniqueId('portico-members-error');

  private readonly onAccountChanged = (): void => void this.reload();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(eventNames.accountChanged, this.onAccountChanged);
    void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(eventNames.accountChanged, this.onAccountChanged);
  }

  /** Reads the account's people again. */
  async reload(): Promise<void> {
    const client = clientFor(this.api);
    this.change.clear();
    // A newer read (the account changed) replaces one still running, whose answer or refusal is then not shown.
    const people = await this.loading.load(
      (signal) => client.getAccountMembers({ signal }),
      async (error, signal) => {
        const state = refusedState(error);
        if (state === 'member') {
          // Say whose account it is, and who manages it.
          const session = await client.getSession().catch(() => null);
          if (signal.aborted) return;
          this.memberOf = session?.activeAccount?.name ?? null;
        }
        this.loadState = state;
      },
    );
    if (!people) return;
    this.people = people;
    this.loadState = 'ready';
  }

  protected override renderForm() {
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 3, 1), 6);
    const heading = (text: string) => html`<div role="heading" aria-level=${level} id=${this.headingId} tabindex="-1">${text}</div>`;
    switch (this.loadState) {
      case 'loading':
      case 'none':
        return nothing;
      case 'member':
        return html`${heading(this.msg('membersHeading'))}
          <p>${this.memberOf ? this.msg('membersMemberNote', { account: this.memberOf }) : this.msg('membersMemberNoteNoName')}</p>`;
      case 'failed':
        return html`${heading(this.msg('membersHeading'))}
          <portico-alert id=${this.errorId}>${this.loading.error ? errorMessage(this.i18n, this.loading.error) : nothing}</portico-alert>
          <portico-button><button type="button" @click=${() => void this.reload()}>${this.msg('tryAgainButton')}</button></portico-button>`;
      case 'ready': {
        const people = this.people;
        if (!people) return nothing;
        return html`${heading(this.msg('membersHeadingOf', { account: people.account.name }))}
          <p>${this.msg('membersIntro', { role: roleName(this.i18n, people.account.role).toLocaleLowerCase() })}</p>
          <portico-alert id=${this.errorId}>${this.change.error ? this.message(this.change.error) : nothing}</portico-alert>
          <p role="status" data-notice>${this.notice}</p>
          <ul aria-labelledby=${this.headingId}>
            ${repeat(
              people.members,
              (member) => member.userId,
              (member) => this.renderMember(people.account.role, member),
            )}
          </ul>
          ${this.renderInvite(people.account.role)}`;
      }
    }
  }

  private renderMember(actor: AccountRole, member: AccountMember) {
    const name = displayName(member);
    const offered = rolesOffered(actor, member);
    const busy = this.busyUserId === member.userId;
    const lastSignIn = member.lastSignInAt
      ? this.msg('memberLastSignIn', { date: formatDate(this.i18n.locale, member.lastSignInAt) })
      : this.msg('memberNeverSignedIn');
    const selectId = `${this.headingId}-role-${member.userId}`;
    return html`<li data-user-id=${member.userId} data-role=${member.role}>
      <div><strong>${name}</strong>${member.you ? html` <span>${this.msg('memberYou')}</span>` : nothing}</div>
      ${member.name ? html`<div>${member.email}</div>` : nothing}
      <div>${lastSignIn}</div>
      ${
        offered.length === 0
          ? html`<div data-role-label>${roleName(this.i18n, member.role)}</div>`
          : html`<div data-controls>
            <portico-field>
              <label slot="label" for=${selectId}>${this.msg('inviteRoleLabel')}</label>
              <select
                id=${selectId}
                aria-label=${this.msg('memberRoleOf', { name })}
                .value=${live(member.role)}
                ?disabled=${this.busyUserId !== null}
                @change=${(event: Event) => void this.changeRole(member, (event.target as HTMLSelectElement).value as AccountRole)}
              >
                ${offered.map((role) => html`<option value=${role} ?selected=${role === member.role}>${roleName(this.i18n, role)}</option>`)}
              </select>
            </portico-field>
            ${busy ? html`<portico-spinner></portico-spinner><span class="visually-hidden">${this.msg('memberSaving')}</span>` : nothing}
            ${
              member.you
                ? nothing
                : this.confirming === member.userId
                  ? this.renderConfirm(member)
                  : html`<portico-button variant="secondary">
                    <button type="button" aria-label=${this.msg('memberRemoveOf', { name })} ?disabled=${this.busyUserId !== null} @click=${() => this.askRemove(member)}>
                      ${this.msg('memberRemoveButton')}
                    </button>
                  </portico-button>`
            }
          </div>`
      }
    </li>`;
  }

  /** "Invite a colleague": an address and the role to offer (an admin cannot offer owner). */
  private renderInvite(actor: AccountRole) {
    const offered = actor === 'owner' ? roles : roles.filter((role) => role !== 'owner');
    const error = this.invitation.error;
    return html`<form aria-label=${this.msg('inviteFormLabel')} @submit=${this.onInvite} @input=${() => this.invitation.clear()} data-invite>
      <portico-alert id=${this.inviteErrorId}>${error ? this.message(error) : nothing}</portico-alert>
      <portico-field>
        <label slot="label" for=${this.inviteEmailId}>${this.msg('inviteEmailLabel')}</label>
        <input
          id=${this.inviteEmailId}
          name="invite-email"
          type="email"
          autocomplete="off"
          spellcheck="false"
          required
          maxlength=${limits.emailMaxLength}
          aria-invalid=${error && error.code !== 'role_forbidden' ? 'true' : 'false'}
          aria-describedby=${error ? this.inviteErrorId : nothing}
        />
      </portico-field>
      <portico-field>
        <label slot="label" for=${this.inviteRoleId}>${this.msg('inviteRoleLabel')}</label>
        <select id=${this.inviteRoleId} name="invite-role">
          ${offered.map((role) => html`<option value=${role} ?selected=${role === 'member'}>${roleName(this.i18n, role)}</option>`)}
        </select>
      </portico-field>
      ${submitButton(this.invitation.busy, this.msg('inviteButton'), this.msg('sending'))}
    </form>`;
  }

  private async onInvite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const email = this.querySelector<HTMLInputElement>(`#${this.inviteEmailId}`);
    const role = this.querySelector<HTMLSelectElement>(`#${this.inviteRoleId}`);
    if (this.invitation.busy || !email || !role) return;
    this.notice = '';
    const sent = await this.invitation.run(() =>
      clientFor(this.api).inviteMember({ email: email.value, role: role.value as AccountRole, locale: this.locale }),
    );
    if (!sent) return;
    this.notice = this.msg('inviteSent', { email: sent.email, role: roleName(this.i18n, sent.role).toLocaleLowerCase() });
    form.reset();
    await this.updateComplete;
    email.focus();
  }
  private renderConfirm(member: AccountMember) {
    const account = this.people?.account.name ?? '';
    return html`<div role="group" aria-label=${this.msg('memberRemoveConfirm', { name: displayName(member), account })} data-confirm>
      <p>${this.msg('memberRemoveConfirm', { name: displayName(member), account })}</p>
      <portico-button>
        <button type="button" data-confirm-remove ?disabled=${this.busyUserId !== null} @click=${() => void this.removeMember(member)}>${this.msg('memberRemoveConfirmButton')}</button>
      </portico-button>
      <portico-button variant="secondary">
        <button type="button" @click=${() => this.cancelRemove(member)}>${this.msg('cancelButton')}</button>
      </portico-button>
    </div>`;
  }

  private message(error: ShownError): string {
    switch (error.code) {
      case 'last_owner':
        return this.msg('errorLastOwner');
      case 'role_forbidden':
        return this.msg('errorRoleForbidden');
      case 'not_found':
        return this.msg('errorMemberGone');
      case 'already_member':
        return this.msg('errorAlreadyMember');
      case 'invalid_request':
        return this.msg('errorInvalidEmail');
      default:
        return errorMessage(this.i18n, error);
    }
  }

  private async askRemove(member: AccountMember): Promise<void> {
    this.confirming = member.userId;
    this.notice = '';
    await this.updateComplete;
    this.querySelector<HTMLButtonElement>(`[data-user-id="${member.userId}"] [data-confirm-remove]`)?.focus();
  }

  private async cancelRemove(member: AccountMember): Promise<void> {
    this.confirming = null;
    await this.updateComplete;
    this.querySelector<HTMLButtonElement>(`[data-user-id="${member.userId}"] [data-controls] portico-button button`)?.focus();
  }

  private changeRole(member: AccountMember, role: AccountRole): Promise<void> {
    return this.act(
      member,
      () => clientFor(this.api).changeMemberRole({ userId: member.userId, role }),
      this.msg('memberRoleChanged', { name: displayName(member), role: roleName(this.i18n, role).toLocaleLowerCase() }),
    );
  }

  private removeMember(member: AccountMember): Promise<void> {
    const account = this.people?.account.name ?? '';
    return this.act(
      member,
      () => clientFor(this.api).removeMember({ userId: member.userId }),
      this.msg('memberRemoved', { name: displayName(member), account }),
    );
  }

  /** One change: busy on its row, then the people as the server answers them, or the refusal and the people as they are. */
  private async act(member: AccountMember, call: () => Promise<AccountMembers>, done: string): Promise<void> {
    if (this.busyUserId !== null) return;
    this.notice = '';
    this.busyUserId = member.userId;
    const rowSelect = () => this.querySelector<HTMLSelectElement>(`[data-user-id="${member.userId}"] select`);
    const people = await this.change.run(call, {
      // The select shows what was chosen: read the people again so every row says what is true.
      beforeFailure: async () => {
        this.busyUserId = null;
        this.confirming = null;
        await this.reload();
      },
      focus: () => rowSelect()?.focus(),
    });
    if (!people) return;
    this.people = people;
    this.confirming = null;
    this.busyUserId = null;
    this.notice = done;
    await this.updateComplete;
    // The row may be gone (removed, or the list no longer shown to a former admin): the heading keeps the place.
    (rowSelect() ?? this.querySelector<HTMLElement>(`#${this.headingId}`))?.focus();
  }
}

defineElement('portico-account-members', PorticoAccountMembers);

declare global {
  interface HTMLElementTagNameMap {
    'portico-account-members': PorticoAccountMembers;
  }
}
