/**
 * The elements of signed-in pages: "My details" (`<portico-profile>` and its sections), the 2-step setup, and BankID
 * sign-in. Importing this module registers them. The script-tag bundle loads it only when one of these tags appears
 * (see `entries/portico.ts`), so a sign-in page does not download it.
 */
export { PorticoBankId, rfaMessage } from './bankid/portico-bankid.ts';
export { type PasswordChangedDetail, PorticoChangePassword } from './change-password/portico-change-password.ts';
export { PorticoCustomerAccounts } from './customer-accounts/portico-customer-accounts.ts';
export { PorticoAccountMembers } from './account-members/portico-account-members.ts';
export { PorticoSessions } from './sessions/portico-sessions.ts';
export { activityText, PorticoActivity } from './activity/portico-activity.ts';
export { PorticoMfaSetup } from './mfa-setup/portico-mfa-setup.ts';
export { type PersonalNumberChangedDetail, PorticoPersonalNumber } from './personal-number/portico-personal-number.ts';
export { PorticoProfile, type ProfileUpdatedDetail } from './profile/portico-profile.ts';
export { PorticoRecoveryCodes } from './recovery-codes/portico-recovery-codes.ts';
export { PorticoSecurity } from './security/portico-security.ts';
