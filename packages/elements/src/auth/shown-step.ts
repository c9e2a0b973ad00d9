import type { AuthStep, CheckEmailStep, DoneStep, SetPasswordStep } from '@portico/contract';
import type { ShownError } from '../i18n/error-message.ts';

/**
 * What `<portico-auth>` has on screen: a step the server named (the sign-in form is the `sign_in` step, with no notice
 * at first), or one of the element's own screens around them (the reset request, a link being checked, a link that
 * failed).
 */
export type ShownStep =
  | AuthStep
  | { step: 'forgot_password' }
  /**
   * Sign-up's e-mail form in `<portico-signup>`. Its later steps are the server's `verify_email` and `enter_email`,
   * and the two below, which `<portico-signup>` shows too.
   */
  | { step: 'sign_up' }
  /** Sign-up mailed a link: "Check your e-mail" in `<portico-signup>` (a reset's `check_email` is another form's). */
  | { step: 'sign_up_sent'; sent: CheckEmailStep }
  /** A code sign-up's `set_password`, inside `<portico-signup>` (a mailed link's is shown by itself). */
  | { step: 'sign_up_password'; password: SetPasswordStep }
  | { step: 'checking_link' }
  | { step: 'link_problem'; error: ShownError }
  /** The `register_email` step answered `check_email`: the verification link is on its way (customer-ID migration). */
  | { step: 'register_email_sent'; sent: CheckEmailStep; customerId: string }
  /** The sign-in form again, because the one under way ended (e.g. its second step expired): `error` says why. */
  | { step: 'sign_in_again'; error: ShownError; email: string }
  /** Signed in with a password (`done`), and offered to add a passkey before the sign-in is announced. */
  | { step: 'passkey_offer'; done: DoneStep };

/** The sign-in form as first shown. */
export const signInStart: ShownStep = { step: 'sign_in', notice: null, identifier: null };

/** The fragment parameter a mailed link carries its token in (`#portico-link=<token>`). */
export const linkParameter = 'portico-link=';
