/**
 * The demo host: a customer portal that embeds <portico-auth> and reacts to its events, the way a real host would.
 * It owns only its own page; everything about signing in happens inside Portico.
 */
import { createPorticoClient } from '@portico/client';
import type { SessionInfo, SignedInDetail } from '@portico/contract';
import '@portico/elements';
import { startInbox } from './inbox.ts';

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

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

function showDashboard(info: SessionInfo | SignedInDetail, moveFocus: boolean): void {
  loading.hidden = true;
  signedOut.hidden = true;
  dashboard.hidden = false;
  who.hidden = false;
  who.textContent = info.user.email;
  byId('dashboard-email').textContent = info.user.email;
  byId('dashboard-since').textContent = formatTime(info.session.createdAt);
  byId('dashboard-until').textContent = formatTime(info.session.expiresAt);
  // Lets password managers file the new password under the right account.
  const changePassword = document.querySelector('portico-change-password');
  if (changePassword) changePassword.email = info.user.email;
  // After signing in, take keyboard and screen-reader users to the new content.
  if (moveFocus) byId('dashboard-heading').focus();
}

function showSignIn(): void {
  loading.hidden = true;
  dashboard.hidden = true;
  who.hidden = true;
  signedOut.hidden = false;
}

document.addEventListener('portico-signed-in', (event) => showDashboard(event.detail, true));

byId('sign-out').addEventListener('click', async () => {
  const auth = document.querySelector('portico-auth');
  if (auth) await auth.signOut();
  else await client.signOut();
  showSignIn();
});

void startInbox(byId('inbox'), byId('inbox-list'), byId<HTMLButtonElement>('inbox-refresh'));

// A reload keeps the session: ask the server who is signed in.
client.getSession().then(
  (session) => (session ? showDashboard(session, false) : showSignIn()),
  () => showSignIn(),
);
