/** The names of the DOM events Portico's components fire (their details are in `events.ts`). Free of zod, for browsers. */
export const eventNames = {
  signedIn: 'portico-signed-in',
  signedOut: 'portico-signed-out',
  accountChanged: 'portico-account-changed',
  error: 'portico-error',
} as const;
