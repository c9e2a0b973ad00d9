/**
 * Whether passkeys can work on this page: the browser runs WebAuthn, and the page's host is a domain. Browsers refuse
 * passkeys on an IP address (`http://127.0.0.1:8787`), so there no passkey button, autofill or offer is shown.
 * Small on purpose: the elements check it before loading any passkey code.
 */
export function passkeysPossible(): boolean {
  if (typeof window.PublicKeyCredential !== 'function') return false;
  const host = location.hostname;
  return !/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && !host.includes(':') && !host.startsWith('[');
}
