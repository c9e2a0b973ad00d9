/**
 * The demo host: a customer portal that embeds <portico-auth> and reacts to its events, the way a real host would.
 * It owns only its own page; everything about signing in happens inside Portico.
 */
import { openedFromLink } from './opened-from-link.ts';
import { createPorticoClient } from '@portico/client';
import type { CustomerAccount, SessionInfo, SignedInDetail, User } from '@portico/contract';
import '@portico/elements';
import { startInbox } from './inbox.ts';
import { showInvoices, clearInvoices } from './invoices.ts';

const client = createPorticoClient();

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the demo page`);
  return element as T;
}

const loading = byId('loading');
const signedOut = byId('signed-out');
const dashboard = byId('dashboard');
const who = byId('who');
const switchAccount = byId<HTMLButtonElement>('switch-account');
const accountSwitcher = byId('account-switcher');
const accountNotice = byId('account-notice');

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

function showDashboard(info: SessionInfo | SignedInDetail, moveFocus: boolean): void {
  loading.hidden = true;
  signedOut.hidden = true;
  dashboard.hidden = false;
  who.hidden = false;
  showWho(info.user);
  byId('dashboard-email').textContent = info.user.email;
  byId('dashboard-since').textContent = formatTime(info.session.createdAt);
  byId('dashboard-until').textContent = formatTime(info.session.expiresAt);
  showAccount(info.activeAccount, info.accounts);
  void showInvoices();
  // The profile needs no request of its own: the host already knows who signed in.
  const profile = document.querySelector('portico-profile');
  if (profile) profile.user = info.user;
  // After signing in, take keyboard and screen-reader users to the new content.
  if (moveFocus) byId('dashboard-heading').focus();
}

/** The customer ID the dashboard shows as the session's account. */
let shownAccountId: string | null = null;

/** The customer account the session works in, and "Switch account" when the user has more than one. */
function showAccount(active: CustomerAccount | null, accounts: CustomerAccount[]): void {
  shownAccountId = active?.customerId ?? null;
  const term = byId('dashboard-account-term');
  const value = byId('dashboard-account');
  term.hidden = value.hidden = active === null;
  value.textContent = active ? `${active.name} (${active.customerId})` : '';
  const picker = accountSwitcher.querySelector('portico-account-picker');
  if (picker) {
    picker.accounts = accounts;
    picker.activeAccount = active;
  }
  switchAccount.hidden = accounts.length < 2;
  // Signed in without a chosen account (e.g. the page was reloaded on the picker): ask for one right away.
  setSwitcherOpen(accounts.length >= 2 && active === null);
}

function setSwitcherOpen(open: boolean): void {
  accountSwitcher.hidden = !open;
  switchAccount.setAttribute('aria-expanded', String(open));
}

/** The top bar names the user as they asked to be called, else by e-mail. */
function showWho(user: User): void {
  who.textContent = user.name ?? user.email;
}

function showSignIn(): void {
  loading.hidden = true;
  setSwitcherOpen(false);
  accountNotice.textContent = '';
  dashboard.hidden = true;
  who.hidden = true;
  signedOut.hidden = false;
  clearInvoices();
}

document.addEventListener('portico-signed-in', (event) => showDashboard(event.detail, true));
// Signed out in another tab, or the session ended (a password reset elsewhere): back to the sign-in form, which
// <portico-auth> shows with the reason; signed in in another tab, portico-signed-in above follows it here.
document.addEventListener('portico-signed-out', () => showSignIn());
document.addEventListener('portico-profile-updated', (event) => showWho(event.detail.user));
document.addEventListener('portico-account-changed', (event) => {
  const { account, accounts } = event.detail;
  // Also fired by the picker inside <portico-auth> during sign-in; portico-signed-in follows and shows the dashboard.
  if (dashboard.hidden) return;
  const switched = account.customerId !== shownAccountId;
  showAccount(account, accounts);
  if (switched) void showInvoices();
  // Linking an account under My details grows the list without switching: nothing to announce, focus stays there.
  if (!switched) return;
  accountNotice.textContent = `Now working in ${account.name} (${account.customerId}).`;
  switchAccount.focus();
});

switchAccount.addEventListener('click', () => {
  const open = accountSwitcher.hidden;
  setSwitcherOpen(open);
  accountNotice.textContent = '';
  if (open) accountSwitcher.querySelector('portico-account-picker')?.focus();
});

// eslint-disable-next-line @typescript-eslint/no-misused-promises -- a listener's promise is the click's own work
byId('sign-out').addEventListener('click', async () => {
  const auth = document.querySelector('portico-auth');
  if (auth) await auth.signOut();
  else await client.signOut();
  showSignIn();
});

void startInbox(byId('inbox'), byId('inbox-list'), byId<HTMLButtonElement>('inbox-refresh'));

// The demo's own text is English, but the portal it stands for speaks the preset's language (Swedish in leasing):
// its Portico elements get that as their `lang`, which they follow before the page's.
client.getConfig().then(
  (config) => {
    for (const element of document.querySelectorAll('portico-auth, portico-profile, portico-account-picker')) {
      element.setAttribute('lang', config.defaultLocale);
    }
  },
  () => undefined,
);

// The BankID test phone works only where the server has the local BankID test server: linked only then. Asked with
// HEAD: only the status matters, and a body nobody reads stays open in the page.
fetch('/bankid-test/test-phone/orders', { method: 'HEAD' }).then(
  (response) => (byId('test-phone-link').hidden = !response.ok),
  () => undefined,
);

document.addEventListener('demo-link-opened', () => showSignIn());

if (openedFromLink) {
  // A mailed link (reset, sign-up, invitation) was opened: <portico-auth> takes it from here, so show it at once
  // (a hidden form cannot take the focus it moves to its first field), even if someone is signed in on this browser.
  showSignIn();
} else {
  // A reload keeps the session: ask the server who is signed in.
  client.getSession().then(
    (session) => {
      // Reloaded on the account picker: <portico-auth> shows it again, and the dashboard follows the choice.
      if (session && session.activeAccount === null && session.accounts.length > 1) showSignIn();
      else if (session) showDashboard(session, false);
      else showSignIn();
    },
    () => showSignIn(),
  );
}
