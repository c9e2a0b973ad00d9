/**
 * The theme playground: every Portico component and step side by side, themed live by the token controls, and the
 * changed tokens exported as CSS a host page can paste.
 *
 * Steps that normally follow a server answer (2-step verification, BankID, set password, …) are rendered here
 * directly, each component given a fixed step object, so the page needs no sign-in. Components that ask the server
 * themselves (`GET /api/config`, the profile's sections) still render when the server is not there: they show their
 * own error state, which is themed like the rest.
 */
import type { BankIdStep, CustomerAccount, MfaChannel, MfaStep, PasswordRules, SetCredentialsStep, SetPasswordStep, User } from '@portico/contract';
import '@portico/elements';
import { html, render, type TemplateResult } from 'lit';
// The token list (names, defaults, what each affects) is the one the elements' styles are generated from.
import { type ThemeToken, themeTokenList } from '../../packages/elements/src/theme/token-list.ts';
import type { PorticoTheme } from '../../packages/elements/src/theme/tokens.ts';
import { playgroundTokenControl, type TokenControl } from './playground-controls.ts';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the playground page`);
  return element as T;
}

const stage = byId('stage');
const gallery = byId('gallery');
const controlsBox = byId('token-controls');
const exportBox = byId('export');
const exportOutput = byId<HTMLTextAreaElement>('export-output');
const exportStatus = byId('export-status');

// --- Fixed data for the steps -----------------------------------------------------------------------------------

const inTenMinutes = new Date(Date.now() + 10 * 60_000).toISOString();
const rules: PasswordRules = {
  minLength: 10,
  maxLength: 128,
  requireLowercase: true,
  requireUppercase: true,
  requireDigit: true,
  requireSpecial: true,
  rejectCommon: true,
};
const user: User = { id: 'playground-user', email: 'anna@example.com', name: 'Anna Andersson', createdAt: new Date().toISOString() };
const accounts: CustomerAccount[] = [
  { customerId: 'NL123421341', name: 'Acme Hosting Nederland', role: 'owner' },
  { customerId: 'SG55667788', name: 'Acme Singapore', role: 'admin' },
  { customerId: 'US10020030', name: 'Acme Inc.', role: 'member' },
];
const manyAccounts: CustomerAccount[] = [
  ...accounts,
  { customerId: 'DE77665544', name: 'Acme GmbH', role: 'member' },
  { customerId: 'CDN1010101010', name: 'Acme CDN', role: 'admin' },
  { customerId: 'NL998877665', name: 'Acme Labs', role: 'member' },
  { customerId: 'SE4455667788', name: 'Acme Sverige AB', role: 'owner' },
];

function mfaStep(channel: MfaChannel): MfaStep {
  // The licensing portal's e-mailed code is the only method there; the hosting portal's users have the app, SMS and a recovery phone.
  const options: MfaStep['options'] =
    channel === 'email'
      ? [{ channel: 'email', destination: 'a•••@example.com' }]
      : [
          { channel: 'totp', destination: null },
          { channel: 'sms', destination: '+46 •• ••• •• 12' },
          { channel: 'recovery_phone', destination: '+46 •• ••• •• 34' },
        ];
  return {
    step: 'mfa',
    challenge: `playground-challenge-${channel}`,
    expiresAt: inTenMinutes,
    channel,
    options,
    recoveryCodes: channel !== 'email',
    trustDeviceDays: channel === 'email' ? null : 30,
    codeLength: 6,
    resendAfterSeconds: channel === 'totp' ? 0 : 30,
    codeStatus: channel === 'totp' ? 'none' : 'sent',
  };
}

const setPasswordStep: SetPasswordStep = { step: 'set_password', purpose: 'password_reset', email: user.email, token: 'playground-link' };
const setCredentialsStep: SetCredentialsStep = {
  step: 'set_credentials',
  purpose: 'customer_id_migration',
  askName: false,
  email: user.email,
  customerId: 'NL123421341',
  existingLogin: false,
  token: 'playground-link',
};
/** A pending order that never polls while the page is open (a day), so no BankID server is needed. */
const bankidStep: BankIdStep = {
  step: 'bankid',
  order: 'playground-order-0000000001',
  status: 'pending',
  message: 'RFA1',
  qr: 'bankid.playground.0.0000000000000000000000000000000000000000000000000000000000000000',
  autoStartUrl: 'bankid:///?autostarttoken=00000000-0000-4000-8000-000000000000&redirect=null',
  pollAfterMs: 86_400_000,
};
const logo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32"><rect width="32" height="32" rx="8" fill="#0b5cad"/><text x="40" y="22" font-family="system-ui,sans-serif" font-size="18" font-weight="700" fill="#0b5cad">Acme</text></svg>',
)}`;
const noSubmit = (event: Event) => event.preventDefault();

// --- The gallery ----------------------------------------------------------------------------------------------------

interface Specimen {
  title: string;
  /** The tag shown under the title, e.g. `<portico-mfa>` with its step. */
  note: string;
  /** The top-level Portico elements carry `data-themed`: the scheme switch sets their `theme`. */
  template: () => TemplateResult;
  wide?: boolean;
}

const specimens: Specimen[] = [
  {
    title: 'Sign-in (with logo and footer slots)',
    note: '<portico-auth>',
    template: () => html`<portico-auth data-themed>
      <img slot="logo" src=${logo} alt="Acme" width="120" height="32" />
      <span slot="footer">Need help? Call Customer Care.</span>
    </portico-auth>`,
  },
  {
    title: 'Sign-in form with an error',
    note: '<portico-login-form>',
    template: () => html`<portico-login-form data-themed .error=${{ code: 'invalid_credentials' }}></portico-login-form>`,
  },
  { title: 'Sign up', note: '<portico-signup>', template: () => html`<portico-signup data-themed></portico-signup>` },
  {
    title: 'Sign-up code entry',
    note: '<portico-signup> verify_email',
    template: () =>
      html`<portico-signup data-themed .step=${{ step: 'verify_email', email: user.email, codeLength: 6, resendAfterSeconds: 30 }}></portico-signup>`,
  },
  { title: 'Forgot password', note: '<portico-forgot-password>', template: () => html`<portico-forgot-password data-themed></portico-forgot-password>` },
  {
    title: 'Check your e-mail',
    note: '<portico-forgot-password> check_email',
    template: () => html`<portico-forgot-password data-themed .step=${{ step: 'check_email', email: user.email }}></portico-forgot-password>`,
  },
  {
    title: 'Set password',
    note: '<portico-set-password> set_password',
    template: () => html`<portico-set-password data-themed .step=${setPasswordStep} .rules=${rules}></portico-set-password>`,
  },
  {
    title: 'Set credentials',
    note: '<portico-set-credentials> set_credentials',
    template: () => html`<portico-set-credentials data-themed .step=${setCredentialsStep} .rules=${rules}></portico-set-credentials>`,
  },
  {
    title: 'Register your e-mail login',
    note: '<portico-register-email> register_email',
    template: () =>
      html`<portico-register-email data-themed .step=${{ step: 'register_email', customerId: 'NL123421341', token: 'playground-link' }}></portico-register-email>`,
  },
  { title: '2-step verification: app', note: '<portico-mfa> totp', template: () => html`<portico-mfa data-themed .step=${mfaStep('totp')}></portico-mfa>` },
  { title: '2-step verification: SMS', note: '<portico-mfa> sms', template: () => html`<portico-mfa data-themed .step=${mfaStep('sms')}></portico-mfa>` },
  {
    title: '2-step verification: e-mail',
    note: '<portico-mfa> email',
    template: () => html`<portico-mfa data-themed .step=${mfaStep('email')}></portico-mfa>`,
  },
  {
    title: '2-step verification: recovery phone',
    note: '<portico-mfa> recovery_phone',
    template: () => html`<portico-mfa data-themed .step=${mfaStep('recovery_phone')}></portico-mfa>`,
  },
  {
    title: 'Set up 2-step verification',
    note: '<portico-mfa-setup>',
    template: () => html`<portico-mfa-setup data-themed .email=${user.email}></portico-mfa-setup>`,
  },
  {
    title: 'Choose an account',
    note: '<portico-account-picker>',
    template: () => html`<portico-account-picker data-themed .accounts=${accounts} .activeAccount=${accounts[0] ?? null}></portico-account-picker>`,
  },
  {
    title: 'Choose an account (long list, with search)',
    note: '<portico-account-picker>',
    template: () => html`<portico-account-picker data-themed .accounts=${manyAccounts} .activeAccount=${null}></portico-account-picker>`,
  },
  { title: 'Sign in with BankID', note: '<portico-bankid> bankid', template: () => html`<portico-bankid data-themed .step=${bankidStep}></portico-bankid>` },
  {
    title: 'Code entry',
    note: '<portico-code-input>',
    template: () => html`<form aria-label="Code entry example" @submit=${noSubmit}><portico-code-input data-themed></portico-code-input></form>`,
  },
  {
    title: 'New password with checklist',
    note: '<portico-new-password confirm>',
    template: () => html`<form aria-label="New password example" @submit=${noSubmit}>
      <portico-new-password data-themed confirm .rules=${rules}></portico-new-password>
    </form>`,
  },
  {
    title: 'Recovery codes',
    note: '<portico-recovery-codes>',
    template: () => html`<portico-recovery-codes data-themed .email=${user.email} .left=${4}></portico-recovery-codes>`,
  },
  {
    title: 'Change password',
    note: '<portico-change-password>',
    template: () => html`<portico-change-password data-themed .email=${user.email} .rules=${rules}></portico-change-password>`,
  },
  {
    title: 'Customer accounts',
    note: '<portico-customer-accounts>',
    template: () => html`<portico-customer-accounts data-themed .accounts=${accounts} .activeAccount=${accounts[0] ?? null}></portico-customer-accounts>`,
  },
  {
    title: 'Personnummer for BankID',
    note: '<portico-personal-number> (only where the server offers BankID)',
    template: () => html`<portico-personal-number data-themed .email=${user.email}></portico-personal-number>`,
  },
  {
    title: '2-step verification settings',
    note: '<portico-security>',
    template: () => html`<portico-security data-themed .email=${user.email}></portico-security>`,
  },
  {
    title: 'My details (profile with its sections)',
    note: '<portico-profile>',
    wide: true,
    template: () => html`<portico-profile data-themed heading-level="3" .user=${user}></portico-profile>`,
  },
  {
    title: 'Building blocks',
    note: '<portico-alert>, <portico-field>, <portico-button>, <portico-spinner>',
    template: () => html`<div class="blocks">
      <portico-alert data-themed>The e-mail address or password is not right.</portico-alert>
      <portico-field data-themed>
        <label slot="label" for="playground-field">Field label</label>
        <input id="playground-field" type="text" value="Text in a field" />
      </portico-field>
      <portico-button data-themed><button type="button">Primary button</button></portico-button>
      <portico-button data-themed variant="text"><button type="button">Text button</button></portico-button>
      <p class="spinner-row"><portico-spinner data-themed></portico-spinner> Spinner</p>
    </div>`,
  },
];

render(
  html`${specimens.map(
    (specimen) => html`<figure class=${specimen.wide ? 'specimen wide' : 'specimen'}>
      <figcaption><strong>${specimen.title}</strong> <code>${specimen.note}</code></figcaption>
      <div class="specimen-body">${specimen.template()}</div>
    </figure>`,
  )}`,
  gallery,
);

// --- Scheme -----------------------------------------------------------------------------------------------------

let scheme: PorticoTheme = 'light';
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
/** The scheme the components show now (auto resolved). */
const shownScheme = (): 'light' | 'dark' => (scheme === 'auto' ? (darkQuery.matches ? 'dark' : 'light') : scheme);

function applyScheme(): void {
  for (const element of gallery.querySelectorAll('[data-themed]')) element.setAttribute('theme', scheme);
  stage.dataset.scheme = scheme;
  for (const control of controls) control.showDefault(shownScheme());
}

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="scheme"]')) {
  radio.addEventListener('change', () => {
    if (!radio.checked) return;
    scheme = radio.value as PorticoTheme;
    applyScheme();
  });
}
darkQuery.addEventListener('change', () => applyScheme());

// --- Tokens -----------------------------------------------------------------------------------------------------

/** Tokens changed from their defaults, in the order of the token list when exported. */
const changed = new Map<string, string>();

function setToken(token: ThemeToken, value: string | null): void {
  if (value === null) {
    changed.delete(token.name);
    stage.style.removeProperty(token.name);
  } else {
    changed.set(token.name, value);
    stage.style.setProperty(token.name, value);
  }
  if (!exportBox.hidden) showExport();
}

const controls: TokenControl[] = themeTokenList
  .map((token) => playgroundTokenControl(token, (value) => setToken(token, value)))
  .filter((control): control is TokenControl => control !== null);
for (const control of controls) controlsBox.append(control.element);

byId('reset-tokens').addEventListener('click', () => {
  for (const token of themeTokenList) setToken(token, null);
  for (const control of controls) control.reset(shownScheme());
});

// --- Export -----------------------------------------------------------------------------------------------------

/** The changed tokens as a stylesheet for the host page. */
function exportedCss(): string {
  const lines = themeTokenList.filter((token) => changed.has(token.name)).map((token) => `  ${token.name}: ${changed.get(token.name)};`);
  const header = scheme === 'light' ? '/* Portico theme. */' : `/* Portico theme. Add theme="${scheme}" to <portico-auth> and <portico-profile>. */`;
  if (lines.length === 0) return `${header}\n/* No token changed: the defaults apply. */\n:root {\n}\n`;
  return `${header}\n:root {\n${lines.join('\n')}\n}\n`;
}

function showExport(): void {
  exportOutput.value = exportedCss();
  exportBox.hidden = false;
}

byId('export-css').addEventListener('click', () => {
  showExport();
  exportStatus.textContent = '';
  exportOutput.focus();
  exportOutput.select();
});

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- a listener's promise is the click's own work
byId('copy-css').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(exportOutput.value);
    exportStatus.textContent = 'Copied.';
  } catch {
    // No clipboard permission (or no secure context): leave the text selected to copy by hand.
    exportOutput.focus();
    exportOutput.select();
    exportStatus.textContent = 'Press Ctrl+C (⌘C) to copy the selected CSS.';
  }
});

byId('download-css').addEventListener('click', () => {
  const url = URL.createObjectURL(new Blob([exportOutput.value], { type: 'text/css' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'portico-theme.css';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  exportStatus.textContent = 'Downloaded portico-theme.css.';
});

applyScheme();
