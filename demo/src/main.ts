/**
 * The demo host: a customer portal that embeds <portico-auth> and reacts to its events, the way a real host would.
 * It owns only its own page; everything about signing in happens inside Portico.
 */
// First: it must see the address before <portico-auth> takes the link's token out of it.
import { openedFromLink } from './opened-from-link.ts';
import { createPorticoClient } from '@portico/client';
import type { SessionInfo, SignedInDetail, User } from '@portico/contract';
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
  showWho(info.user);
  byId('dashboard-email').textContent = info.user.email;
  byId('dashboard-since').textContent = formatTime(info.session.createdAt);
  byId('dashboard-until').textContent = formatTime(info.session.expiresAt);
  // The profile needs no request of its own: the host already knows who signed in.
  const profile = document.querySelector('portico-profile');
  if (profile) profile.user = info.user;
  // After signing in, take keyboard and screen-reader users to the new content.
  if (moveFocus) byId('dashboard-heading').focus();
}

/** The top bar names the user as they asked to be called, else by e-mail. */
function showWho(user: User): void {
  who.textContent = user.name ?? user.email;
}

function showSignIn(): void {
  loading.hidden = true;
  dashboard.hidden = true;
  who.hidden = true;
  signedOut.hidden = false;
}

document.addEventListener('portico-signed-in', (event) => showDashboard(event.detail, true));
document.addEventListener('portico-profile-updated', (event) => showWho(event.detail.user));

byId('sign-out').addEventListener('click', async () => {
  const auth = document.querySelector('portico-auth');
  if (auth) await auth.signOut();
  else await client.signOut();
  showSignIn();
});

void startInbox(byId('inbox'), byId('inbox-list'), byId<HTMLButtonElement>('inbox-refresh'));

if (openedFromLink) {
  // A mailed link (reset, sign-up, invitation) was opened: <portico-auth> takes it from here, so show it at once
  // (a hidden form cannot take the focus it moves to its first field), even if someone is signed in on this browser.
  showSignIn();
} else {
  // A reload keeps the session: ask the server who is signed in.
  client.getSession().then(
    (session) => (session ? showDashboard(session, false) : showSignIn()),
    () => showSignIn(),
  );
}
