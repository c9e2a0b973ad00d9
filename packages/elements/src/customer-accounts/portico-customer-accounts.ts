import { type AccountChangedDetail, type CustomerAccount, eventNames, limits } from '@portico/contract';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import '../alert/portico-alert.ts';
import { clientFor, configFor } from '../api/api.ts';
import '../button/portico-button.ts';
import { defineElement, uniqueId } from '../define.ts';
import '../field/portico-field.ts';
import { errorMessage, type ShownError } from '../i18n/error-message.ts';
import '../i18n/en/sign-in-flows.ts';
import '../i18n/en/sign-in-steps.ts';
import '../i18n/en/account.ts';
import { roleName } from '../i18n/role-name.ts';
import { RequestController } from '../shared/request-controller.ts';
import { LightDomFormElement } from '../shared/light-dom-form-element.ts';
import { submitButton } from '../shared/submit-button.ts';
import '../spinner/portico-spinner.ts';
import { themeTokens } from '../theme/tokens.ts';
import { listSectionStyles } from '../shared/list-section-styles.ts';

/** The longest customer ID the server takes as typed (spaces included). */
const customerIdMaxLength = 32;

/** Whether an `invalid_request` names the password alone (else the customer ID is what to correct). */
function passwordOnly(error: ShownError): boolean {
  return (error.fields ?? []).includes('password') && !(error.fields ?? []).includes('customerId');
}

/**
 * @summary The customer accounts the signed-in login is linked to (order onboarding, customer-ID migration), in a labelled list with each
 * account's name and customer ID, the one the session works in marked (`aria-current="true"` and "(current)"). Where
 * the policy allows old customer-ID logins (`customerIdLogin`), a form "Link a customer account" under it takes a
 * customer ID and that login's password and links the account to this login (`POST
 * /api/account/customer-accounts/link`): the list updates and a `role="status"` line says which account was linked.
 * A refusal is announced in a `role="alert"`; what was typed stays, and the field to correct gets focus.
 *
 * Give it `accounts` and `activeAccount` (e.g. from `GET /api/session`) to skip a request; without them it asks the
 * server. The section's title, "Customer accounts", is a `role="heading"` element at `heading-level`. For a login
 * linked to no account where customer IDs do not sign in (other presets), the element shows nothing at all. Used
 * inside `<portico-profile>`; it renders into the light DOM, so a password manager can fill the old customer-ID login
 * saved under the customer ID (its fields are a `username`/`current-password` pair in a section of their own,
 * `section-customer-id`, apart from the signed-in login's).
 *
 * @slot - Holds the rendered content; do not put your own content here.
 *
 * @fires {CustomEvent<AccountChangedDetail>} portico-account-changed - An account was linked: the list grew, and the session's account may have become
 * the new one (when there was none before). Bubbles, composed. `detail: AccountChangedDetail` (`{ account, accounts }`).
 * @fires {CustomEvent<PorticoErrorDetail>} portico-error - A failure was shown (`invalid_credentials`, `customer_id_migrated`, `rate_limited`, …).
 * Bubbles, composed. `detail: PorticoErrorDetail`.
 *
 * @cssproperty --portico-spacing - Gap between the rows.
 * @cssproperty --portico-color-text
 * @cssproperty --portico-font-family
 * @cssproperty --portico-font-size
 */
export class PorticoCustomerAccounts extends LightDomFormElement {
  static override styles = [themeTokens, listSectionStyles];

  /** Base URL of the Portico API; empty means this page's origin. */
  @property() accessor api = '';

  /** The accounts the login is linked to; when null the element asks the server for the session. */
  @property({ attribute: false }) accessor accounts: CustomerAccount[] | null = null;

  /** The account the session works in (marked in the list); null when none is chosen. */
  @property({ attribute: false }) accessor activeAccount: CustomerAccount | null = null;

  /** The level (1–6) of the "Customer accounts" heading. */
  @property({ attribute: 'heading-level', type: Number }) accessor headingLevel = 3;

  @state() private accessor loadState: 'loading' | 'signed-out' | 'failed' | 'ready' = 'loading';
  /** Asking the server for the accounts, and a failure to (shown with "Try again" instead of the list). */
  private readonly loading = new RequestController(this);
  private get loadError(): ShownError | null {
    return this.loading.error;
  }
  @state() private accessor customerIdLogin = false;
  private readonly request = new RequestController(this, {
    message: (error) => this.message(error),
    focus: (error) => {
      // What was typed stays; the field to correct gets focus, its content selected so typing replaces it.
      const target =
        error.code === 'invalid_credentials' || (error.code === 'invalid_request' && passwordOnly(error))
          ? this.passwordInput
          : error.code === 'customer_id_migrated' || error.code === 'invalid_request'
            ? this.customerIdInput
            : null;
      target?.focus();
      target?.select();
    },
  });
  /** The account just linked, for the status line. */
  @state() private accessor linked: CustomerAccount | null = null;

  private readonly customerIdId = uniqueId('portico-link-customer-id');
  private readonly passwordId = uniqueId('portico-link-password');
  private readonly errorId = uniqueId('portico-link-error');

  /** Another element (the account picker, say) switched the session's account: mark it here too. */
  private readonly onAccountChanged = (event: Event): void => {
    const { account, accounts } = (event as CustomEvent<AccountChangedDetail>).detail;
    if (event.target === this) return;
    this.activeAccount = account;
    if (accounts.length > 0) this.accounts = accounts;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(eventNames.accountChanged, this.onAccountChanged);
    configFor(this.api).then(
      (config) => (this.customerIdLogin = config.customerIdLogin),
      () => undefined, // Without the policy, no link form: the list still shows.
    );
    if (this.accounts) this.loadState = 'ready';
    else void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(eventNames.accountChanged, this.onAccountChanged);
  }

  /** Asks the server again which accounts the signed-in login is linked to. */
  async reload(): Promise<void> {
    this.loadState = 'loading';
    // A newer reload replaces one still running. Null is the answer for signed out; undefined, no answer to show.
    const session = await this.loading.load(
      () => clientFor(this.api).getSession(),
      () => (this.loadState = 'failed'),
    );
    if (session === undefined) return;
    this.accounts = session?.accounts ?? null;
    this.activeAccount = session?.activeAccount ?? null;
    this.loadState = session ? 'ready' : 'signed-out';
  }

  protected override renderForm() {
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 3, 1), 6);
    const heading = html`<div role="heading" aria-level=${level}>${this.msg('customerAccountsHeading')}</div>`;
    const accounts = this.accounts;
    if (this.loadState === 'failed') return html`${heading}${this.renderLoadState()}`;
    // Nothing to show (yet): no section, rather than an empty one.
    if (this.loadState !== 'ready' || !accounts || (accounts.length === 0 && !this.customerIdLogin)) return nothing;
    return html`
      ${heading}
      ${accounts.length === 0 ? html`<p>${this.msg('customerAccountsNone')}</p>` : this.renderList(accounts)}
      <p role="status" data-notice>${this.linked ? this.msg('customerAccountLinked', { name: this.linked.name, customerId: this.linked.customerId }) : nothing}</p>
      ${this.customerIdLogin ? html`<p>${this.msg('linkCustomerIdIntro')}</p>${this.renderLinkForm()}` : nothing}
    `;
  }

  private renderList(accounts: CustomerAccount[]) {
    const active = this.activeAccount?.customerId ?? null;
    return html`<ul aria-label=${this.msg('accountListLabel')}>
      ${repeat(
        accounts,
        (account) => account.customerId,
        (account) => {
          const current = account.customerId === active;
          return html`<li data-customer-id=${account.customerId} aria-current=${current ? 'true' : 'false'}>
            <strong>${account.name}</strong>
            <span>${this.msg('accountCustomerId', { customerId: account.customerId })} · ${roleName(this.i18n, account.role)}</span>
            ${current ? html`<span>${this.msg('accountCurrent')}</span>` : nothing}
          </li>`;
        },
      )}
    </ul>`;
  }

  private renderLinkForm() {
    const { busy, error } = this.request;
    const describedBy = error ? this.errorId : undefined;
    const code = error?.code;
    const customerIdInvalid = code === 'invalid_request' || code === 'customer_id_migrated';
    return html`<form aria-label=${this.msg('linkCustomerIdFormLabel')} @submit=${this.onSubmit} @input=${this.onEdit}>
      <portico-alert id=${this.errorId}>${error ? this.message(error) : nothing}</portico-alert>
      <portico-field>
        <label slot="label" for=${this.customerIdId}>${this.msg('customerIdLabel')}</label>
        <input
          id=${this.customerIdId}
          name="customer-id"
          type="text"
          autocomplete="section-customer-id username"
          autocapitalize="characters"
          spellcheck="false"
          required
          maxlength=${customerIdMaxLength}
          aria-invalid=${customerIdInvalid ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy)}
        />
      </portico-field>
      <portico-field>
        <label slot="label" for=${this.passwordId}>${this.msg('customerIdPasswordLabel')}</label>
        <input
          id=${this.passwordId}
          name="customer-id-password"
          type="password"
          autocomplete="section-customer-id current-password"
          required
          maxlength=${limits.passwordMaxLength}
          aria-invalid=${code === 'invalid_credentials' ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy)}
        />
      </portico-field>
      ${submitButton(busy, this.msg('linkAccountButton'), this.msg('linkingAccount'))}
    </form>`;
  }

  private renderLoadState() {
    return html`<portico-alert>${this.loadError ? errorMessage(this.i18n, this.loadError) : nothing}</portico-alert>
      <portico-button>
        <button type="button" @click=${() => void this.reload()}>${this.msg('tryAgainButton')}</button>
      </portico-button>`;
  }

  private message(error: ShownError): string {
    switch (error.code) {
      case 'invalid_credentials':
        return this.msg('errorCustomerIdCredentials');
      case 'invalid_request':
        return passwordOnly(error) ? this.msg('errorCustomerIdCredentials') : this.msg('errorInvalidCustomerId');
      default:
        return errorMessage(this.i18n, error);
    }
  }

  private get customerIdInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.customerIdId}`);
  }

  private get passwordInput(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>(`#${this.passwordId}`);
  }

  /** A field being edited: an error about what was typed there no longer applies. */
  private onEdit(): void {
    this.request.edited();
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const customerIdInput = this.customerIdInput;
    const passwordInput = this.passwordInput;
    if (this.request.busy || !customerIdInput || !passwordInput) return;
    this.linked = null;
    const linked = await this.request.run(() => clientFor(this.api).linkCustomerId({ customerId: customerIdInput.value, password: passwordInput.value }));
    if (!linked) return;
    this.accounts = linked.accounts;
    this.activeAccount = linked.activeAccount;
    this.linked = linked.account;
    customerIdInput.value = '';
    passwordInput.value = '';
    await this.updateComplete;
    const active = linked.activeAccount;
    // Told even when the active account stays: the host's own list of accounts (e.g. "Switch account") grew.
    if (active) {
      const detail: AccountChangedDetail = { account: active, accounts: linked.accounts };
      this.dispatchEvent(new CustomEvent(eventNames.accountChanged, { detail, bubbles: true, composed: true }));
    }
  }
}

defineElement('portico-customer-accounts', PorticoCustomerAccounts);

declare global {
  interface HTMLElementTagNameMap {
    'portico-customer-accounts': PorticoCustomerAccounts;
  }
}
