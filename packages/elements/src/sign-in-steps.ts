/**
 * The elements of `<portico-auth>`'s steps after the sign-in form, and the code input they share. `<portico-auth>`
 * loads each one itself when its step comes (see its `stepElements`); the script-tag bundle registers them all from a
 * chunk the moment one of their tags appears in the document, for pages that use them on their own. Importing this
 * module registers these elements.
 */
export { PorticoAccountPicker } from './account-picker/portico-account-picker.ts';
export { type CodeCompleteDetail, PorticoCodeInput } from './code-input/portico-code-input.ts';
export { PorticoForgotPassword } from './forgot-password/portico-forgot-password.ts';
export { PorticoMfa } from './mfa/portico-mfa.ts';
export { PorticoNewPassword } from './new-password/portico-new-password.ts';
export { PorticoRegisterEmail } from './register-email/portico-register-email.ts';
export { PorticoSetCredentials } from './set-credentials/portico-set-credentials.ts';
export { PorticoSetPassword } from './set-password/portico-set-password.ts';
export { PorticoSignup } from './signup/portico-signup.ts';
