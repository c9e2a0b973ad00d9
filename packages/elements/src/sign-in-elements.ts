/**
 * `<portico-auth>` with its sign-in form and the building blocks it is made of, plus the language, theme and
 * registration helpers. Importing this module registers these elements; the elements of the later steps are in
 * `sign-in-steps.ts`, which `<portico-auth>` loads step by step.
 */
export { PorticoAlert } from './alert/portico-alert.ts';
export { PorticoAuth } from './auth/portico-auth.ts';
export { PorticoButton } from './button/portico-button.ts';
export { PorticoField } from './field/portico-field.ts';
export { type LoginCredentials, PorticoLoginForm } from './login-form/portico-login-form.ts';
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
