import { addEnglish } from '../msg.ts';

/**
 * The English texts of `<portico-mfa-setup>` (turning on 2-step verification). Importing this module adds them to the
 * English catalogue.
 */
export const mfaSetupEn = addEnglish({
  mfaSetupIntro: 'Choose how you will get your codes.',
  mfaSetupRequiredIntro: 'Your account needs 2-step verification. Set it up to finish signing in.',
  mfaSetupAppButton: 'Authenticator app (advised)',
  mfaSetupAppHint: 'An app such as Google Authenticator shows a new code on your phone every 30 seconds.',
  mfaSetupSmsButton: 'Text message (SMS)',
  mfaSetupSmsWeaker: 'SMS is less secure than an app: delivery depends on your phone provider and may fail, and text messages can be intercepted.',
  mfaSetupOtherMethod: 'Choose another method',
  mfaSetupScan: 'Scan this QR code with your authenticator app, such as Google Authenticator.',
  mfaSetupQrAlt: 'QR code for your authenticator app',
  mfaSetupQrLoading: 'Drawing the QR code…',
  mfaSetupKeyIntro: 'Cannot scan it? Enter this key in the app instead:',
  mfaSetupAppFormLabel: 'Enable the authenticator app',
  mfaSetupAppCodeLabel: 'Code from the app',
  mfaSetupSmsFormLabel: 'Enable text messages',
  mfaEnableButton: 'Enable',
  mfaEnabling: 'Enabling…',
  phoneLabel: 'Mobile phone number',
  phoneHint: 'With the country code, for example +46 70 123 45 67.',
  phoneCodeSent: 'We have sent a 6-digit code to {phone}. Enter it below.',
  phoneOtherNumber: 'Use another number',
  recoveryPhoneFormLabel: 'Add recovery phone number',
  recoveryPhoneIntro: 'We will send a code to this number to check it.',
});
