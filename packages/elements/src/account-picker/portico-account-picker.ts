import { type AccountChangedDetail, type CustomerAccount, eventNames } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import '../alert/portico-alert.ts';
import { clientFor } from '../api/api.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import { roleName } from '../i18n/role-name.ts';
import { requestNavigation, stepEventName } from '../shared-events.ts';
import { PorticoElement } from '../shared/portico-element.ts';
import { RequestController } from '../shared/request-controller.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { accountPickerStyles } from './portico-account-picker.styles.ts';

/** Whether `account` matches what was typed in the search field: part of its name or of its customer ID. */
function matches(account: CustomerAccount, query: string): boolean {
  const typed = query.trim().toLowerCase();
  if (typed === '') return true;
  return account.name.toLowerCase().includes(typed) || account.customerId.toLowerCase().includes(typed.replace(/\s/g, ''));
}

/**
 * @summary The customer accounts a login is linked to (order onboarding), to choose the one to work in: after signing in
 * (the `choose_account` step, inside `<portico-auth>`), or later to switch without signing in again (e.g. from a
 * dashboard). Each account is a button in a labelled list, with its name and customer ID; the current one is marked
 * (`aria-current="true"` and "(current)"). Tab or the arrow keys (Home, End) move between them, Enter or Space
 * chooses. With more than `filter-threshold` accounts a search field narrows the list by name or customer ID (the
 * arrow down key goes from it to the first match), and a `role="status"` line says how many are shown. Choosing
 * asks the server (`POST /api/account/active`); a refusal is announced in a `role="alert"` and the focus stays on
 * the account. Nothing here is a credential, so the element renders into its own shadow tree.
 *
 * @fires {CustomEvent<AccountChangedDetail>} portico-account-changed - The session now works in the chosen account. Bubbles, composed. `detail:
 * AccountChangedDetail` (`{ account, accounts }`).
 * @fires {CustomEvent<StepDetail>} portico-step - The server's answer, the `done` step (`detail: AuthStep`), for an owner such as
 * `<portico-auth>`. Does not bubble.
 * @fires {CustomEvent<NavigateDetail>} portico-navigate - The session has ended (`unauthenticated`): `detail: { to: 'sign-in', error }`. Does not
 * bubble.
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (e.g. `not_found`, `network_error`). Bubbles, composed. `detail:
 * PorticoErrorDetail`.
 *
 * @csspart intro - The sentence above the list.
 * @csspart filter - The search field (a `portico-field`), shown for long lists.
 * @csspart filter-control - The wrapper of the search input (the `portico-field`'s `control`, exported).
 * @csspart hint - The hint under the search field.
 * @csspart alert - The error message box (a `portico-alert`); its inner box is exported as `alert-base`.
 * @csspart alert-base - The bordered box of the error message (the alert's `base`, exported).
 * @csspart list - The `ul` of accounts.
 * @csspart list-item - Each `li` of the list.
 * @csspart account - Each account's button (also named `button`, as buttons are elsewhere); the current one also
 * has the part `current-account`.
 * @csspart button - The same buttons as `account`.
 * @csspart spinner - The progress ring on the account being chosen (the `portico-spinner`'s `base`, exported).
 * @csspart account-name - The account's name.
 * @csspart customer-id - The account's customer ID, and the user's role in it.
 * @csspart role - The user's role in the account ("Owner", "Admin", "Member"), inside `customer-id`.
 * @csspart current - The "(current)" mark.
 * @csspart status - The line that says how many accounts the search shows, or which account was chosen.
 *
 * @cssproperty --portico-color-primary - The current account's border, focus.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-color-surface - Background of the account buttons.
 * @cssproperty --portico-color-border - Border of the account buttons.
 * @cssproperty --portico-color-danger - Error messages.
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 * @cssproperty --portico-radius - Corner radius of the account buttons.
 * @cssproperty --portico-spacing - Base spacing unit.
 * @cssproperty --portico-focus-ring - Box shadow of the focused account.
 * @cssproperty --portico-color-text-muted - Customer IDs and the search hint.
 * @cssproperty --portico-color-success - The status line after a choice.
 * @cssproperty --portico-control-height - Minimum height of the account buttons (times `--portico-density`).
 * @cssproperty --portico-density - Scales spacing and the button height.
 */
export class PorticoAccountPicker extends PorticoElement {
  static override styles = [themeTokens, accountPickerStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The accounts to choose from (e.g. the `choose_account` step's, or `SessionInfo.accounts`). */
  @property({ attribute: false }) accessor accounts: CustomerAccount[] = [];

  /** The account the session works in now (marked in the list); null when none is chosen yet. */
  @property({ attribute: false }) accessor activeAccount: CustomerAccount | null = null;

  /** The search field is shown when there are more accounts than this. */
  @property({ type: Number, attribute: 'filter-threshold' }) accessor filterThreshold = 6;

  @state() private accessor query = '';
  /** The customer ID being chosen while the server is asked. */
  @state() private accessor choosing: string | null = null;
  private readonly request = new RequestController(this, { message: (error) => this.errorText(error) });
  /** The account just chosen, for the status line. */
  @state() private accessor chosen: CustomerAccount | null = null;

  private readonly filterId = uniqueId('portico-account-filter');
  private readonly hintId = uniqueId('portico-account-filter-hint');
  private readonly listId = uniqueId('portico-account-list');
  private readonly errorId = uniqueId('portico-account-error');

  /** Focuses the search field when there is one, else the current account (or the first). */
  override focus(): void {
    const filter = this.filterInput;
    if (filter) {
      filter.focus();
      return;
    }
    const buttons = this.accountButtons;
    (buttons.find((candidate) => candidate.getAttribute('aria-current') === 'true') ?? buttons[0])?.focus();
  }

  private get filtering(): boolean {
    return this.accounts.length > this.filterThreshold;
  }

  private get shownAccounts(): CustomerAccount[] {
    return this.filtering ? this.accounts.filter((account) => matches(account, this.query)) : this.accounts;
  }

  private get filterInput(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${this.filterId}`);
  }

  private get accountButtons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[part~="account"]')];
  }

  override render() {
    const shown = this.shownAccounts;
    const active = this.activeAccount?.customerId ?? null;
    return html`
      <p part="intro">${this.msg('chooseAccountIntro')}</p>
      ${
        this.filtering
          ? html`<portico-field part="filter" exportparts="control: filter-control">
            <label slot="label" for=${this.filterId}>${this.msg('accountFilterLabel')}</label>
            <input
              id=${this.filterId}
              type="search"
              autocomplete="off"
              spellcheck="false"
              aria-controls=${this.listId}
              aria-describedby=${this.hintId}
              .value=${this.query}
              @input=${this.onFilterInput}
              @keydown=${this.onFilterKeydown}
            />
          </portico-field>
          <p class="hint" part="hint" id=${this.hintId}>${this.msg('accountFilterHint')}</p>`
          : nothing
      }
      <portico-alert part="alert" exportparts="base: alert-base" id=${this.errorId}>${this.request.error ? this.errorText(this.request.error) : nothing}</portico-alert>
      <ul part="list" id=${this.listId} aria-label=${this.msg('accountListLabel')} @keydown=${this.onListKeydown}>
        ${repeat(
          shown,
          (account) => account.customerId,
          (account) => {
            const current = account.customerId === active;
            const busy = account.customerId === this.choosing;
            return html`<li part="list-item">
              <button
                type="button"
                part=${current ? 'account button current-account' : 'account button'}
                data-customer-id=${account.customerId}
                aria-current=${current ? 'true' : 'false'}
                aria-busy=${busy ? 'true' : 'false'}
                aria-disabled=${this.choosing !== null ? 'true' : 'false'}
                aria-describedby=${this.request.error ? this.errorId : nothing}
                @click=${() => this.choose(account)}
              >
                <span part="account-name">${account.name}</span>
                <span part="customer-id">${this.msg('accountCustomerId', { customerId: account.customerId })}<span part="role"> · ${roleName(this.i18n, account.role)}</span></span>
                ${
                  busy
                    ? html`<portico-spinner exportparts="base: spinner"></portico-spinner><span class="visually-hidden">${this.msg('accountChoosing', { name: account.name })}</span>`
                    : current
                      ? html`<span part="current">${this.msg('accountCurrent')}</span>`
                      : nothing
                }
              </button>
            </li>`;
          },
        )}
      </ul>
      <p part="status" role="status">${this.statusText(shown.length)}</p>
    `;
  }

  /** The status line: how many accounts the search shows, else which account was just chosen. */
  private statusText(shown: number): string {
    if (this.filtering && this.query.trim() !== '') {
      return shown === 0 ? this.msg('accountFilterNone', { query: this.query.trim() }) : this.msg('accountFilterCount', { shown, total: this.accounts.length });
    }
    return this.chosen ? this.msg('accountChanged', { name: this.chosen.name, customerId: this.chosen.customerId }) : '';
  }

  private errorText(error: ShownError): string {
    return error.code === 'not_found' ? this.msg('errorAccountNotFound') : errorMessage(this.i18n, error);
  }

  private onFilterInput(event: InputEvent): void {
    this.query = (event.target as HTMLInputElement).value;
    this.chosen = null;
  }

  private onFilterKeydown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown') return;
    const first = this.accountButtons[0];
    if (!first) return;
    event.preventDefault();
    first.focus();
  }

  /** Arrow keys, Home and End move between the accounts (Tab does too). */
  private onListKeydown(event: KeyboardEvent): void {
    const buttons = this.accountButtons;
    const index = buttons.findIndex((candidate) => candidate === this.shadowRoot?.activeElement);
    if (index < 0) return;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(index + 1, buttons.length - 1);
        break;
      case 'ArrowUp':
        if (index === 0 && this.filterInput) {
          event.preventDefault();
          this.filterInput.focus();
          return;
        }
        next = Math.max(index - 1, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = buttons.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    buttons[next]?.focus();
  }

  private async choose(account: CustomerAccount): Promise<void> {
    if (this.choosing !== null) return;
    this.chosen = null;
    this.choosing = account.customerId;
    const done = await this.request.run(() => clientFor(this.api).chooseAccount({ customerId: account.customerId }));
    this.choosing = null;
    if (!done) {
      // The session is gone: the owner starts over at the sign-in form, saying why (the failure is announced).
      const failed = this.request.error;
      if (failed?.code === 'unauthenticated') requestNavigation(this, 'sign-in', failed);
      return;
    }
    const active = done.activeAccount ?? account;
    if (done.accounts.length > 0) this.accounts = done.accounts;
    this.activeAccount = active;
    this.chosen = active;
    await this.updateComplete;
    this.dispatchEvent(new CustomEvent(stepEventName, { detail: done }));
    const detail: AccountChangedDetail = { account: active, accounts: this.accounts };
    this.dispatchEvent(new CustomEvent(eventNames.accountChanged, { detail, bubbles: true, composed: true }));
  }
}

defineElement('portico-account-picker', PorticoAccountPicker);

declare global {
  interface HTMLElementTagNameMap {
    'portico-account-picker': PorticoAccountPicker;
  }
  interface GlobalEventHandlersEventMap {
    'portico-account-changed': CustomEvent<AccountChangedDetail>;
  }
}
