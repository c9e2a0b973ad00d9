/**
 * English messages: every string a user can see or hear. Keys name the meaning, not the place, so a catalogue for
 * another language (typed `Catalogue`) can be checked for completeness by the compiler. `{name}` is a parameter.
 */
export const en = {
  signInHeading: 'Sign in',
  signedInHeading: 'Signed in',
  signInFormLabel: 'Sign in',
  emailLabel: 'E-mail address',
  passwordLabel: 'Password',
  signInButton: 'Sign in',
  signingIn: 'Signing in…',
  signedInAs: 'You are signed in as {email}.',
  errorInvalidCredentials: 'The e-mail address or password is incorrect.',
  errorRateLimitedMinutes: 'Too many attempts. Try again in {minutes} minutes.',
  errorRateLimitedOneMinute: 'Too many attempts. Try again in 1 minute.',
  errorRateLimitedLater: 'Too many attempts. Try again later.',
  errorInvalidRequest: 'Check the e-mail address and password, then try again.',
  errorNetwork: 'The sign-in service could not be reached. Check your connection and try again.',
  errorUnexpected: 'Something went wrong. Please try again.',
} as const;
