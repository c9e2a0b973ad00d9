/**
 * Type-level test of the elements' typings, checked by the root `tsc` (`npm run typecheck`): every tag is in
 * `HTMLElementTagNameMap`, so `document.createElement` and `querySelector` give the element's own class, and the
 * events' `detail` is typed. Nothing here runs in a test: the functions exist to be type-checked (and
 * `registeredTags` is compared with what `@portico/elements` registers by `manifest.test.ts`).
 */
import type { LitElement } from 'lit';
import type {
  AccountChangedDetail,
  CodeCompleteDetail,
  LoginCredentials,
  NavigateDetail,
  PasswordChangedDetail,
  PersonalNumberChangedDetail,
  PorticoAuth,
  PorticoErrorDetail,
  ProfileUpdatedDetail,
  SecurityChangedDetail,
  SignedInDetail,
  StepDetail,
} from '@portico/elements';

/** Every tag `@portico/elements` registers; a tag missing from `HTMLElementTagNameMap` fails to compile here. */
export const registeredTags = [
  'portico-account-members',
  'portico-account-picker',
  'portico-activity',
  'portico-alert',
  'portico-auth',
  'portico-bankid',
  'portico-button',
  'portico-change-password',
  'portico-code-input',
  'portico-customer-accounts',
  'portico-field',
  'portico-forgot-password',
  'portico-login-form',
  'portico-mfa',
  'portico-mfa-setup',
  'portico-new-password',
  'portico-personal-number',
  'portico-profile',
  'portico-recovery-codes',
  'portico-register-email',
  'portico-security',
  'portico-sessions',
  'portico-set-credentials',
  'portico-set-password',
  'portico-signup',
  'portico-spinner',
] as const satisfies readonly (keyof HTMLElementTagNameMap)[];

/** Each tag maps to a Lit element of its own, not to the plain `HTMLElement` an unknown tag gets. */
type Registered = (typeof registeredTags)[number];
const ownClasses: { [Tag in Registered]: HTMLElementTagNameMap[Tag] extends LitElement ? true : never } = {
  'portico-account-members': true,
  'portico-account-picker': true,
  'portico-activity': true,
  'portico-alert': true,
  'portico-auth': true,
  'portico-bankid': true,
  'portico-button': true,
  'portico-change-password': true,
  'portico-code-input': true,
  'portico-customer-accounts': true,
  'portico-field': true,
  'portico-forgot-password': true,
  'portico-login-form': true,
  'portico-mfa': true,
  'portico-mfa-setup': true,
  'portico-new-password': true,
  'portico-personal-number': true,
  'portico-profile': true,
  'portico-recovery-codes': true,
  'portico-register-email': true,
  'portico-security': true,
  'portico-sessions': true,
  'portico-set-credentials': true,
  'portico-set-password': true,
  'portico-signup': true,
  'portico-spinner': true,
};
void ownClasses;

/** Typed properties and methods through `createElement` and `querySelector`. */
export function typedElements(): void {
  const auth: PorticoAuth = document.createElement('portico-auth');
  auth.api = 'https://auth.example.com';
  const signOut: Promise<void> = auth.signOut();
  void signOut;
  // @ts-expect-error `api` is a string (the base URL), not a number.
  auth.api = 8787;

  const picker = document.createElement('portico-account-picker');
  picker.filterThreshold = 4;
  picker.activeAccount = null;

  const form = document.querySelector('portico-login-form');
  if (form) form.busy = true;

  const code = document.createElement('portico-code-input');
  const digits: string = code.value;
  void digits;

  const profile = document.createElement('portico-profile');
  profile.headingLevel = 2;
  // @ts-expect-error `reload` takes no arguments.
  void profile.reload('now');
}

/** Every documented event, with its detail type, on the element and (for those that bubble) on `document`. */
export function typedEvents(): void {
  const auth = document.createElement('portico-auth');
  document.addEventListener('portico-signed-in', (event) => {
    const detail: SignedInDetail = event.detail;
    const email: string = detail.user.email;
    void email;
  });
  document.addEventListener('portico-error', (event) => {
    const detail: PorticoErrorDetail = event.detail;
    void detail.code;
  });
  document.addEventListener('portico-account-changed', (event) => {
    const detail: AccountChangedDetail = event.detail;
    void detail.account.customerId;
  });
  document.addEventListener('portico-security-changed', (event) => {
    const detail: SecurityChangedDetail = event.detail;
    void detail.change;
  });
  document.addEventListener('portico-password-changed', (event) => {
    const detail: PasswordChangedDetail = event.detail;
    void detail;
  });
  document.addEventListener('portico-personal-number-changed', (event) => {
    const detail: PersonalNumberChangedDetail = event.detail;
    void detail;
  });
  document.addEventListener('portico-profile-updated', (event) => {
    const detail: ProfileUpdatedDetail = event.detail;
    void detail.user;
  });
  auth.addEventListener('portico-step', (event) => {
    const detail: StepDetail = event.detail;
    void detail.step;
  });
  auth.addEventListener('portico-navigate', (event) => {
    const detail: NavigateDetail = event.detail;
    void detail.to;
  });
  document.createElement('portico-code-input').addEventListener('portico-code-complete', (event) => {
    const detail: CodeCompleteDetail = event.detail;
    void detail.code;
  });
  document.createElement('portico-login-form').addEventListener('portico-login-submit', (event) => {
    const detail: LoginCredentials = event.detail;
    void detail.password;
  });
  auth.addEventListener('portico-signed-in', (event) => {
    // @ts-expect-error the detail names the user, it is not one.
    const email: string = event.detail.email;
    void email;
  });
}
