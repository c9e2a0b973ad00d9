import { addEnglish } from '../msg.ts';

/**
 * The English texts of `<portico-auth>` itself: each step's heading and message, the sign-in form's ways on, the
 * passkey offer, and what the step elements share with it. The step elements' own texts are in `sign-in-steps.ts`.
 * Importing this module adds them to the English catalogue.
 */
export const signInFlowsEn = addEnglish({
  signedInHeading: 'Signed in',
  signedInAs: 'You are signed in as {email}.',
  requestNewLink: 'Request a new link',
  forgotPasswordHeading: 'Reset your password',
  checkEmailHeading: 'Check your e-mail',
  checkingLink: 'Checking your link…',
  linkProblemHeading: 'This link cannot be used',
  setPasswordHeading: 'Choose a new password',
  passwordSetNotice: 'Your password has been set. Sign in with your new password.',
  createAccountLink: 'Create an account',
  noAccountSignUp: 'No account? Sign up now',
  signUpHeading: 'Create an account',
  verifyEmailHeading: 'Enter your code',
  signUpSetPasswordHeading: 'Choose your password',
  registeredNotice: 'Your account has been created. Sign in with your new password.',
  enterEmailHeading: 'Confirm your e-mail address',
  mfaHeading: '2-step verification',
  errorMfaTooManyAttempts: 'Too many wrong codes. Sign in again.',
  mfaSetupHeading: 'Set up 2-step verification',
  chooseAccountHeading: 'Choose an account',
  registerEmailHeading: 'Register your e-mail login',
  setCredentialsHeading: 'Set credentials',
  confirmLinkHeading: 'Confirm with your password',
  customerIdRegisteredNotice: 'Your e-mail login has been registered for customer ID {customerId}. Sign in with your e-mail address and new password.',
  accountLinkedNotice: 'Customer ID {customerId} is now linked to your login. Sign in with your e-mail address.',
  accountLinkedNoticeGeneric: 'The customer ID is now linked to your login. Sign in with your e-mail address.',
  bankidHeading: 'Sign in with BankID',
  bankidSignInButton: 'Sign in with BankID',
  bankidStarting: 'Starting BankID…',
  passkeySignInButton: 'Sign in with a passkey',
  passkeySigningIn: 'Waiting for your passkey…',
  passkeyOfferHeading: 'Sign in faster next time',
  passkeyOfferText: 'Add a passkey, and next time sign in with your fingerprint, face or screen lock instead of your password.',
  passkeyOfferAdd: 'Add a passkey',
  passkeyOfferSkip: 'Not now',
  passkeyAdding: 'Adding the passkey…',
  passkeyAddedSignedIn: 'Your passkey has been added. You are signed in as {email}.',
});
