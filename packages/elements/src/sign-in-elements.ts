/**
 * `<portico-auth>` with every sign-in flow and the building blocks they are made of, plus the language, theme and
 * registration helpers. Importing this module registers these elements.
 */
export { PorticoAccountPicker } from './account-picker/portico-account-picker.ts';
export { PorticoAlert } from './alert/portico-alert.ts';
export { PorticoAuth } from './auth/portico-auth.ts';
export { PorticoButton } from './button/portico-button.ts';
export { type CodeCompleteDetail, PorticoCodeInput } from './code-input/portico-code-input.ts';
export { PorticoField } from './field/portico-field.ts';
export { PorticoForgotPassword } from './forgot-password/portico-forgot-password.ts';
export { type LoginCredentials, PorticoLoginForm } from './login-form/portico-login-form.ts';
export { PorticoNewPassword } from './new-password/portico-new-password.ts';
export { PorticoMfa } from './mfa/portico-mfa.ts';
export { PorticoRegisterEmail } from './register-email/portico-register-email.ts';
export { PorticoSetCredentials } from './set-credentials/portico-set-credentials.ts';
export { PorticoSetPassword } from './set-password/portico-set-password.ts';
export { PorticoSignup } from './signup/portico-signup.ts';
export type { NavigateDetail, SecurityChange, SecurityChangedDetail, StepDetail } from './shared-events.ts';
export { PorticoSpinner } from './spinner/portico-spinner.ts';
export { defineElement } from './define.ts';
export {
  type Catalogue,
  catalogues,
  errorMessage,
  hasCatalogue,
  inLocale,
  loadCatalogue,
  localeOf,
  type Localizer,
  matchLocale,
  type MessageKey,
  msg,
  passwordRuleLabel,
  setCatalogue,
  type ShownError,
} from './i18n/index.ts';
export { PorticoElement } from './shared/portico-element.ts';
export { themeTokens } from './theme/index.ts';
export type { AccountChangedDetail, PorticoErrorDetail, SignedInDetail, SignedOutDetail } from '@portico/contract';
