import type { MailCatalogue, SecurityChange } from './mail-catalogue.ts';

const minutes = (n: number) => (n === 1 ? '1 minute' : `${n} minutes`);

const changes: Record<SecurityChange, { subject: string; what: string }> = {
  totp_enabled: { subject: '2-step verification turned on', what: '2-step verification with an authenticator app was turned on' },
  totp_disabled: { subject: '2-step verification turned off', what: '2-step verification with an authenticator app was turned off' },
  sms_enabled: { subject: '2-step verification turned on', what: '2-step verification by text message (SMS) was turned on' },
  sms_disabled: { subject: '2-step verification turned off', what: '2-step verification by text message (SMS) was turned off' },
  recovery_phone_added: { subject: 'Recovery phone number set', what: 'A recovery phone number was set' },
  recovery_phone_removed: { subject: 'Recovery phone number removed', what: 'The recovery phone number was removed' },
  recovery_codes_generated: { subject: 'New recovery codes', what: 'New recovery codes were generated; the earlier ones no longer work' },
  passkey_added: { subject: 'Passkey added', what: 'A passkey that can sign you in was added' },
  passkey_removed: { subject: 'Passkey removed', what: 'A passkey was removed (it no longer signs you in)' },
  factors_reset: {
    subject: '2-step verification reset',
    what: '2-step verification was reset by support (every method, recovery code and passkey removed, every session signed out)',
  },
};

/** English mails. */
export const en: MailCatalogue = {
  common: {
    linkFallback: 'If the button does not work, copy this address into your browser:',
    signature: (product) => `— ${product}`,
  },

  signUpCode: ({ code, minutes: m }, product) => ({
    // The code stays out of the subject: subjects show on lock screens and in notification previews.
    subject: `Your ${product} verification code`,
    intro: [`Enter this code to confirm your e-mail address and continue creating your ${product} account.`],
    action: { kind: 'code', label: 'Your verification code:', code },
    outro: [`The code works once, for ${minutes(m)}.`, 'If you did not try to create an account, ignore this mail: nothing happens without the code.'],
  }),

  signUpLink: ({ url, minutes: m }, product) => ({
    subject: `Confirm your e-mail address for ${product}`,
    intro: [`Confirm your e-mail address, then choose your password to finish creating your ${product} account.`],
    action: { kind: 'link', label: 'Confirm your e-mail address', url },
    outro: [`The link works once, for ${minutes(m)}.`, 'If you did not ask for an account, ignore this mail: nothing happens unless the link is followed.'],
  }),

  invitation: ({ url, inviterName }, product) => ({
    subject: `Welcome to ${product}`,
    intro: [
      inviterName ? `${inviterName} has created a ${product} account for you.` : `A ${product} account has been created for you.`,
      'Follow the link and enter your e-mail address. We will send you a second mail to confirm it, and then you choose your password.',
    ],
    action: { kind: 'link', label: `Set up your ${product} account`, url },
    outro: ['If you did not expect this mail, you can ignore it.'],
  }),

  emailConfirmation: ({ url, minutes: m }, product) => ({
    subject: `Confirm your e-mail address for ${product}`,
    intro: [`Follow the link to confirm this is your e-mail address and continue with your ${product} account.`],
    action: { kind: 'link', label: 'Confirm your e-mail address', url },
    outro: [`The link works once, for ${minutes(m)}.`, 'If you did not ask for this, ignore this mail.'],
  }),

  passwordReset: ({ url, minutes: m }, product) => ({
    subject: `Reset your ${product} password`,
    intro: [`Someone asked to reset the password of your ${product} account. If it was you, choose a new password.`],
    action: { kind: 'link', label: 'Choose a new password', url },
    outro: [`The link works once, for ${minutes(m)}.`, 'If you did not ask for this, ignore this mail: your password stays as it is.'],
  }),

  signUpExisting: ({ url }, product) => ({
    subject: `You already have a ${product} account`,
    intro: [
      `Someone tried to create a ${product} account with this e-mail address, but it already has one.`,
      'If it was you, sign in instead. If you forgot your password, choose "Forgot password?" on the sign-in page.',
    ],
    action: { kind: 'link', label: `Sign in to ${product}`, url },
    outro: ['If it was not you, ignore this mail: nothing has changed.'],
  }),

  passwordChanged: ({ reset, trustedDevicesForgotten }, product) => ({
    subject: `Your ${product} password was changed`,
    intro: [
      reset
        ? `The password of your ${product} account has just been reset, and you were signed out everywhere.`
        : `The password of your ${product} account has just been changed, and you were signed out everywhere else.`,
      ...(trustedDevicesForgotten > 0
        ? [
            trustedDevicesForgotten === 1
              ? 'The device you had trusted to skip 2-step verification will ask for a code again.'
              : `The ${trustedDevicesForgotten} devices you had trusted to skip 2-step verification will ask for a code again.`,
          ]
        : []),
    ],
    outro: [
      'If you did this, there is nothing more to do.',
      `If you did not, reset your password at once with "Forgot password" on the ${product} sign-in page.`,
    ],
  }),

  mfaCode: ({ code, minutes: m }, product) => ({
    subject: `Your ${product} sign-in code`,
    intro: [`Enter this code to confirm it is you signing in to ${product}.`],
    action: { kind: 'code', label: 'Your code:', code },
    outro: [
      `The code works once, for ${minutes(m)}.`,
      'If you did not just sign in, someone else knows your password: change it now. They cannot sign in without this code.',
    ],
  }),

  recoveryCodeUsed: ({ left }, product) => ({
    subject: `A recovery code was used to sign in to ${product}`,
    intro: [
      `Someone just signed in to your ${product} account with one of your recovery codes.`,
      left === 0
        ? 'That was your last one: generate new recovery codes in your profile now.'
        : `${left === 1 ? '1 recovery code is' : `${left} recovery codes are`} left.`,
    ],
    outro: [
      'If it was you, consider setting up your authenticator app or phone again.',
      'If it was not, change your password and generate new recovery codes at once.',
    ],
  }),

  securityChanged: ({ change }, product) => ({
    subject: `${changes[change].subject} for your ${product} account`,
    intro: [`${changes[change].what} for your ${product} account.`],
    outro: ['If you did this, there is nothing more to do.', `If you did not, change your ${product} password at once.`],
  }),

  customerIdPasswordReset: ({ url, minutes: m, customerId }, product) => ({
    subject: `Reset the ${product} password of customer ID ${customerId}`,
    intro: [
      `Someone asked to reset the password of the ${product} login with customer ID ${customerId}. This address is the account's main contact, so the link comes here.`,
      'If it was you or a colleague, choose a new password, then sign in with the customer ID to register your own e-mail login.',
    ],
    action: { kind: 'link', label: `Choose a new password for ${customerId}`, url },
    outro: [`The link works once, for ${minutes(m)}.`, 'If nobody asked for this, ignore this mail: the password stays as it is.'],
  }),

  customerIdRegistration: ({ url, minutes: m, customerId }, product) => ({
    subject: `Confirm your e-mail address for ${product}`,
    intro: [
      `Confirm this address to make it your ${product} login for customer ID ${customerId}. You then set your credentials: the password you will sign in with.`,
    ],
    action: { kind: 'link', label: 'Confirm your e-mail address', url },
    outro: [`The link works once, for ${minutes(m)}.`, 'If you did not ask for this, ignore this mail: nothing happens unless the link is followed.'],
  }),

  customerIdLink: ({ url, minutes: m, customerId }, product) => ({
    subject: `Link customer ID ${customerId} to your ${product} login`,
    intro: [
      `Someone signed in with customer ID ${customerId} and registered this address, which already has a ${product} login.`,
      'If it was you, confirm with the password of your login: the customer account is then linked to it, and you see it after signing in. No second password is made.',
    ],
    action: { kind: 'link', label: `Link ${customerId} to my login`, url },
    outro: [`The link works once, for ${minutes(m)}.`, 'If it was not you, ignore this mail: nothing is linked unless the link is followed.'],
  }),

  accountOnboarding: ({ url, days: d, customerId, accountName, existingLogin }, product) => ({
    subject: `Confirm your e-mail address for ${product}`,
    intro: [
      `Your order for ${accountName} (customer ID ${customerId}) gave this address. It is your login to the ${product} Customer Portal.`,
      existingLogin
        ? 'Follow the link and confirm with the password of your login: you then see the account after signing in.'
        : 'Follow the link to confirm the address and set your credentials: the password you will sign in with.',
    ],
    action: { kind: 'link', label: 'Confirm', url },
    outro: [`The link works once, for ${d === 1 ? '1 day' : `${d} days`}.`, 'If you did not order anything, ignore this mail and tell us.'],
  }),

  accountInvitation: ({ url, days: d, customerId, accountName, inviter }, product) => ({
    subject: `${inviter} invited you to ${accountName} on ${product}`,
    intro: [
      `${inviter} invited you to work in ${accountName} (customer ID ${customerId}) on ${product}.`,
      'Follow the link to accept. If you have no login yet, you set your credentials there.',
    ],
    action: { kind: 'link', label: `Join ${accountName}`, url },
    outro: [
      `The link works once, for ${d === 1 ? '1 day' : `${d} days`}.`,
      'If you do not know them, ignore this mail: nothing happens unless the link is followed.',
    ],
  }),

  accountLoginAdded: ({ customerId, accountName, email }, product) => ({
    subject: `A new login was added to ${customerId} on ${product}`,
    intro: [
      `${email} can now sign in to ${accountName} (customer ID ${customerId}) on ${product}.`,
      `You get this notice as the account's main contact or one of its owners. Customer ID ${customerId} no longer signs in by itself: its people sign in with their own e-mail logins.`,
    ],
    outro: [`If you do not know ${email}, contact us at once.`],
  }),
};
