import { addEnglish } from '../msg.ts';

/**
 * The English texts of BankID (leasing portal): BankID's recommended user messages (RFA1 … RFA23), the `<portico-bankid>`
 * step's own words and `<portico-personal-number>`'s. Importing this module adds them to the English catalogue. The
 * Swedish ones are in `messages.bankid.sv.ts`.
 *
 * The RFA texts are BankID's own wording (RP guidelines, "recommended user messages"), in full: shortening them drops
 * the advice a person needs (get a BankID, install the app). Where BankID has two variants (RFA15, RFA17), the one for
 * the app on a phone is used (RFA15B, RFA17B); RFA15 ("searching") names the phone that scanned the QR code unless
 * the app was opened on this device. The scanning instructions shown with the QR code follow
 * BankID's own QR wording.
 */
export const bankidEn = addEnglish({
  bankidRfa1: 'Start your BankID app.',
  bankidRfa3: 'The action was cancelled. Please try again.',
  bankidRfa4: 'An identification or signature is already in progress for your personal identity number. Please try again.',
  bankidRfa5: 'Something went wrong. Please try again.',
  bankidRfa6: 'The action was cancelled.',
  bankidRfa8:
    'The BankID app is not responding. Please check that it’s started and that you have internet access. If you don’t have a valid BankID you can get one from your bank. Try again.',
  bankidRfa9: 'Enter your security code in the BankID app and select Identify or Sign.',
  bankidRfa13: 'Trying to start your BankID app.',
  bankidRfa15:
    'Searching for BankID, it may take a little while… If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification on this device. If you don’t have a BankID you can get one from your bank.',
  bankidRfa15Qr:
    'Searching for BankID, it may take a little while… If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification on the phone you scanned the QR code with. If you don’t have a BankID you can get one from your bank.',
  bankidRfa16: 'Your BankID is blocked or too old. Please use another BankID or get a new one from your bank.',
  bankidRfa17:
    'Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you don’t have the BankID app, you need to install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.',
  bankidRfa21: 'An identification or signing is in progress.',
  bankidRfa22: 'Something went wrong. Please try again.',
  bankidRfa23: 'Take a photo of, and scan, your ID document with the BankID app.',
  bankidScanIntro: 'Start the BankID app on your phone and tap Scan QR code. Point the camera at the QR code below.',
  bankidQrAlt: 'QR code for BankID',
  bankidOpenOnThisDevice: 'Open BankID on this device',
  bankidTryAgain: 'Try again',
  bankidConnectionLost: 'The connection to the server was lost. Check your internet connection and try again.',
  personalNumberHeading: 'Personnummer for BankID',
  personalNumberIntro: 'Add your Swedish personnummer to sign in with BankID. It is stored encrypted.',
  personalNumberLoading: 'Loading your personnummer…',
  personalNumberCurrent: 'Your personnummer: {masked}',
  personalNumberNone: 'No personnummer added: BankID does not sign you in yet.',
  personalNumberFormLabel: 'Personnummer for BankID',
  personalNumberLabel: 'Personnummer',
  personalNumberHint: 'YYYYMMDD-NNNN',
  personalNumberSaveButton: 'Save personnummer',
  personalNumberSaving: 'Saving…',
  personalNumberRemoveButton: 'Remove personnummer',
  personalNumberSaved: 'Your personnummer has been saved. You can now sign in with BankID.',
  personalNumberRemoved: 'Your personnummer has been removed. BankID no longer signs you in.',
  personalNumberConflict: 'Another login already has this personnummer.',
});
