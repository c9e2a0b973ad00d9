/**
 * @portico/elements — importing this module registers every Portico element (safe to load twice).
 */
export { PorticoAccountPicker } from './account-picker/portico-account-picker.ts';
export { PorticoAlert } from './alert/portico-alert.ts';
export { PorticoAuth } from './auth/portico-auth.ts';
export { PorticoBankId, rfaMessage } from './bankid/portico-bankid.ts';
export { PorticoButton } from './button/portico-button.ts';
export { type CodeCompleteDetail, PorticoCodeInput } from './code-input/portico-code-input.ts';
export { type PasswordChangedDetail, PorticoChangePassword } from './change-password/portico-change-password.ts';
export { PorticoCustomerAccounts } from './customer-accounts/portico-customer-accounts.ts';
export { PorticoField } from './field/portico-field.ts';
export { PorticoForgotPassword } from './forgot-password/portico-forgot-password.ts';
export { type LoginCredentials, PorticoLoginForm } from './login-form/portico-login-form.ts';
export { PorticoNewPassword } from './new-password/portico-new-password.ts';
export { PorticoMfa } from './mfa/portico-mfa.ts';
export { PorticoMfaSetup } from './mfa-setup/portico-mfa-setup.ts';
export { type PersonalNumberChangedDetail, PorticoPersonalNumber } from './personal-number/portico-personal-number.ts';
export { PorticoProfile, type ProfileUpdatedDetail } from './profile/portico-profile.ts';
export { PorticoRegisterEmail } from './register-email/portico-register-email.ts';
export { PorticoRecoveryCodes } from './recovery-codes/portico-recovery-codes.ts';
export { PorticoSecurity } from './security/portico-security.ts';
export { PorticoSetCredentials } from './set-credentials/portico-set-credentials.ts';
export { PorticoSetPassword } from './set-password/portico-set-password.ts';
export { PorticoSignup } from './signup/portico-signup.ts';
export type { NavigateDetail, SecurityChange, SecurityChangedDetail, StepDetail } from './shared-events.ts';
export { PorticoSpinner } from './spinner/portico-spinner.ts';
export { defineElement } from './define.ts';
export {
  type Catalogue,
  catalogues,
  en,
  errorMessage,
  inLocale,
  localeOf,
  matchLocale,
  type MessageKey,
  msg,
  passwordRuleLabel,
  setCatalogue,
  type ShownError,
  sv,
} from './i18n/index.ts';
export { PorticoElement } from './shared/portico-element.ts';
export { themeTokens } from './theme/index.ts';
export type { AccountChangedDetail, PorticoErrorDetail, SignedInDetail } from '@portico/contract';
